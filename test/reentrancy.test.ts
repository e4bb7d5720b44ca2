import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { decodeErrorResult, encodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import { COUNTRY, twoActiveAssetsFixture, verify } from "./helpers/fixture.ts";

/**
 * Two Active assets (alice 4,000 / bob 3,000 / carol 3,000 of the first; alice 1,000 / dave 2,000 of the
 * second) and two contract wallets that act from their ERC-1155 receipt callback: `receiver`, KYC'd as its
 * own identity, and `aliceVault`, a second wallet of alice's identity (not yet holding anything).
 */
async function receiversFixture(connection: NetworkConnection) {
  const f = await twoActiveAssetsFixture(connection);
  const receiver = await f.viem.deployContract("ReentrantReceiver");
  const aliceVault = await f.viem.deployContract("ReentrantReceiver");
  await verify(f, receiver.address, COUNTRY.DE);
  const aliceIdentity = await f.identityRegistry.read.identityOf([f.wallets.alice.account.address]);
  await f.identityRegistry.write.linkWallet([aliceIdentity, aliceVault.address], { account: f.wallets.ops.account });
  return { ...f, receiver, aliceVault };
}

describe("EnergyAsset: receiver callbacks", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const receivers = () => receiversFixture(connection);
  type F = Awaited<ReturnType<typeof receiversFixture>>;

  const transferCall = (f: F, from: Address, to: Address, id: bigint, amount: bigint) =>
    encodeFunctionData({
      abi: f.energyAsset.abi,
      functionName: "safeTransferFrom",
      args: [from, to, id, amount, "0x"],
    });

  /** Makes `wallet` call EnergyAsset with `data` on its next receipt; `bubble` turns a failure into a revert. */
  const act = (f: F, wallet: F["receiver"], data: Hex, bubble: boolean) =>
    wallet.write.setAction([f.energyAsset.address, data, bubble]);

  /** Decodes the revert data a receiver recorded, against the compliance ABI (where the rule errors live). */
  async function recordedError(f: F, wallet: F["receiver"]) {
    assert.equal(await wallet.read.attempted(), true);
    assert.equal(await wallet.read.lastSuccess(), false);
    return decodeErrorResult({ abi: f.compliance.abi, data: await wallet.read.lastReturnData() });
  }

  describe("forced transfer into a contract wallet", () => {
    it("the callback cannot use the agent bypass: its own movement must pass compliance", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { ops, alice, eve, dave } = f.wallets;
      const r = f.receiver.address;
      await act(f, f.receiver, transferCall(f, r, eve.account.address, f.assetId, 100n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, r, 1_000n, "court order"], {
          account: ops.account,
        }),
        f.compliance,
        "RecipientNotVerified",
        [eve.account.address],
      );
      assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 0n);

      // The same callback towards a verified wallet goes through: the callback does run.
      await act(f, f.receiver, transferCall(f, r, dave.account.address, f.assetId, 100n), true);
      await f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, r, 1_000n, "court order"], {
        account: ops.account,
      });
      assert.equal(await f.receiver.read.lastSuccess(), true);
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 900n);
      assert.equal(await f.energyAsset.read.balanceOf([dave.account.address, f.assetId]), 100n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 5n);
    });

    it("freezes still hold inside the callback", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { ops, alice, bob, dave } = f.wallets;
      const r = f.receiver.address;
      const asOps = { account: ops.account };
      const forced = () =>
        f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, r, 1_000n, "court order"], asOps);

      // A frozen recipient of a forced transfer cannot pass the shares on from its callback...
      await f.energyAsset.write.setAddressFrozen([r, true, "investigation"], asOps);
      await act(f, f.receiver, transferCall(f, r, dave.account.address, f.assetId, 1n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(forced(), f.compliance, "FrozenWallet", [r]);

      // ...nor send to a frozen wallet.
      await f.energyAsset.write.setAddressFrozen([r, false, "cleared"], asOps);
      await f.energyAsset.write.setAddressFrozen([bob.account.address, true, "investigation"], asOps);
      await act(f, f.receiver, transferCall(f, r, bob.account.address, f.assetId, 1n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(forced(), f.compliance, "FrozenWallet", [
        bob.account.address,
      ]);

      // Without a callback action the agent's transfer itself succeeds, even into a frozen wallet.
      await f.energyAsset.write.setAddressFrozen([r, true, "investigation"], asOps);
      await f.receiver.write.setAction([zeroAddress, "0x", false]);
      await forced();
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 1_000n);
      assert.equal(await f.receiver.read.receipts(), 1n);
    });

    it("the asset's rules apply to what the callback attempts", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { ops, alice, bob } = f.wallets;
      const r = f.receiver.address;
      await f.compliance.write.setRules(
        [
          f.assetId,
          {
            restrictCountries: false,
            allowedClassesMask: 0,
            maxHolders: 0,
            lockUpPeriod: 0,
            maxBalance: 3_500n,
            minHolding: 0n,
          },
        ],
        { account: ops.account },
      );
      // bob holds 3,000: another 1,000 would exceed the 3,500 cap. The callback records the failure.
      await act(f, f.receiver, transferCall(f, r, bob.account.address, f.assetId, 1_000n), false);
      await f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, r, 1_000n, "court order"], {
        account: ops.account,
      });
      const error = await recordedError(f, f.receiver);
      assert.equal(error.errorName, "MaxBalanceExceeded");
      assert.deepEqual(error.args, [f.assetId, getAddress(bob.account.address), 4_000n, 3_500n]);
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 1_000n);
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 3_000n);
    });

    it("the callback cannot re-enter the agent functions, even holding the agent role", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { admin, ops, alice, bob, carol } = f.wallets;
      const r = f.receiver.address;
      const forcedCall = encodeFunctionData({
        abi: f.energyAsset.abi,
        functionName: "forcedTransfer",
        args: [f.assetId, bob.account.address, r, 500n, "re-entered"],
      });
      const recoverCall = encodeFunctionData({
        abi: f.energyAsset.abi,
        functionName: "recoverWallet",
        args: [alice.account.address, f.aliceVault.address, [f.assetId], "re-entered"],
      });
      const forced = () =>
        f.energyAsset.write.forcedTransfer([f.assetId, carol.account.address, r, 100n, "court order"], {
          account: ops.account,
        });
      for (const withRole of [false, true]) {
        if (withRole) await f.energyAsset.write.grantRole([roles.AGENT, r], { account: admin.account });
        for (const action of [forcedCall, recoverCall]) {
          await act(f, f.receiver, action, true);
          await viem.assertions.revertWithCustomError(forced(), f.energyAsset, "ReentrancyGuardReentrantCall");
        }
      }
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 3_000n);
      assert.equal(await f.energyAsset.read.isFrozen([alice.account.address]), false);

      // Outside a callback the role works: the refusal above was the reentrancy guard.
      await f.receiver.write.setAction([zeroAddress, "0x", false]);
      await f.receiver.write.execute([f.energyAsset.address, forcedCall]);
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 500n);
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 2_500n);
    });

    it("a contract that does not accept ERC-1155 shares cannot receive them", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { ops, alice } = f.wallets;
      const token = f.stablecoin.address;
      await verify(f, token, COUNTRY.ES);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, token, 1n, "x"], {
          account: ops.account,
        }),
        f.energyAsset,
        "ERC1155InvalidReceiver",
        [token],
      );
      assert.equal(await f.energyAsset.read.balanceOf([token, f.assetId]), 0n);
    });
  });

  describe("wallet recovery into a contract wallet", () => {
    it("the callback cannot use the bypass, and the lost wallet is frozen before any callback", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { ops, alice, dave, eve } = f.wallets;
      const a = alice.account.address;
      const vault = f.aliceVault;
      const recover = () =>
        f.energyAsset.write.recoverWallet([a, vault.address, [f.assetId, f.secondAssetId], "lost hardware wallet"], {
          account: ops.account,
        });
      // Moving the first recovered shares to an unverified wallet.
      await act(f, vault, transferCall(f, vault.address, eve.account.address, f.assetId, 100n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(recover(), f.compliance, "RecipientNotVerified", [
        eve.account.address,
      ]);
      // Racing the recovery for the lost wallet's other asset (with an approval the lost wallet gave earlier).
      await f.energyAsset.write.setApprovalForAll([vault.address, true], { account: alice.account });
      await act(f, vault, transferCall(f, a, dave.account.address, f.secondAssetId, 1_000n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(recover(), f.compliance, "FrozenWallet", [a]);
      assert.equal(await f.energyAsset.read.isFrozen([a]), false);

      // Recorded instead of bubbled: the recovery completes, the callback's attempt fails.
      await act(f, vault, transferCall(f, a, dave.account.address, f.secondAssetId, 1_000n), false);
      await recover();
      const error = await recordedError(f, vault);
      assert.equal(error.errorName, "FrozenWallet");
      assert.deepEqual(error.args, [getAddress(a)]);
      assert.deepEqual(
        await f.energyAsset.read.balanceOfBatch([
          [vault.address, vault.address, a, a, dave.account.address],
          [f.assetId, f.secondAssetId, f.assetId, f.secondAssetId, f.secondAssetId],
        ]),
        [4_000n, 1_000n, 0n, 0n, 2_000n],
      );
      assert.equal(await vault.read.receipts(), 2n);
      assert.equal(await f.energyAsset.read.isFrozen([a]), true);
    });
  });

  describe("ordinary transfers into a contract wallet", () => {
    it("the acceptance callback moves shares only under the usual rules", async () => {
      const f = await networkHelpers.loadFixture(receivers);
      const { alice, bob, eve } = f.wallets;
      const a = alice.account.address;
      const r = f.receiver.address;
      const send = () =>
        f.energyAsset.write.safeTransferFrom([a, r, f.assetId, 500n, "0x"], { account: alice.account });
      await act(f, f.receiver, transferCall(f, r, eve.account.address, f.assetId, 100n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(send(), f.compliance, "RecipientNotVerified", [
        eve.account.address,
      ]);
      // Nor can it pull more of the sender's shares without an approval.
      await act(f, f.receiver, transferCall(f, a, r, f.assetId, 100n), true);
      await viem.assertions.revertWithCustomErrorWithArgs(send(), f.energyAsset, "ERC1155MissingApprovalForAll", [
        r,
        a,
      ]);
      // A compliant onward transfer works.
      await act(f, f.receiver, transferCall(f, r, bob.account.address, f.assetId, 100n), true);
      await send();
      assert.equal(await f.energyAsset.read.balanceOf([r, f.assetId]), 400n);
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 3_100n);
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 3_500n);
    });
  });
});
