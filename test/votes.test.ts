import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseEventLogs, zeroAddress, type Hex } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import { activeAssetFixture, twoActiveAssetsFixture } from "./helpers/fixture.ts";

describe("EnergyAsset votes (ERC1155Votes)", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const active = () => activeAssetFixture(connection);
  const twoAssets = () => twoActiveAssetsFixture(connection);

  /** Timestamp of the block that included `hash`. */
  async function txTime(f: Awaited<ReturnType<typeof active>>, hash: Hex) {
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    return (await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
  }

  /** The DelegateVotesChanged events of a transaction. */
  async function voteChanges(f: Awaited<ReturnType<typeof active>>, hash: Hex) {
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    return parseEventLogs({ abi: f.energyAsset.abi, logs: receipt.logs, eventName: "DelegateVotesChanged" });
  }

  it("uses the block timestamp as clock", async () => {
    const f = await networkHelpers.loadFixture(active);
    assert.equal(await f.energyAsset.read.CLOCK_MODE(), "mode=timestamp");
    assert.equal(await f.energyAsset.read.clock(), await networkHelpers.time.latest());
    await networkHelpers.time.increase(3_600);
    const latest = await networkHelpers.time.latest();
    assert.equal(await f.energyAsset.read.clock(), latest);
    await networkHelpers.mine(5);
    assert.ok((await f.energyAsset.read.clock()) > latest);
    assert.equal(await f.energyAsset.read.clock(), await networkHelpers.time.latest());
  });

  it("gives no votes before delegation", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice, bob } = f.wallets;
    const deliveredAt = BigInt(await networkHelpers.time.latest());
    await networkHelpers.mine();
    for (const wallet of [alice, bob]) {
      const holder = wallet.account.address;
      assert.equal(await f.energyAsset.read.getVotes([f.assetId, holder]), 0n);
      assert.equal(await f.energyAsset.read.getPastVotes([f.assetId, holder, deliveredAt]), 0n);
      assert.equal(await f.energyAsset.read.delegates([f.assetId, holder]), zeroAddress);
      assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, holder]), 0);
    }
    assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
    // The supply is checkpointed regardless of delegation: all shares were delivered in one block.
    assert.equal(await f.energyAsset.read.getPastTotalSupply([f.assetId, deliveredAt]), 10_000n);
    assert.equal(await f.energyAsset.read.getPastTotalSupply([f.assetId, deliveredAt - 1n]), 0n);
  });

  it("self-delegation turns the balance into votes", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice } = f.wallets;
    const a = alice.account.address;
    const hash = await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateChanged", [f.assetId, a, zeroAddress, a]);
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateVotesChanged", [f.assetId, a, 0n, 4_000n]);
    const at = await txTime(f, hash);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 4_000n);
    assert.equal((await f.energyAsset.read.delegates([f.assetId, a])).toLowerCase(), a.toLowerCase());
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, a]), 1);
    assert.deepEqual(await f.energyAsset.read.checkpoints([f.assetId, a, 0]), [Number(at), 4_000n]);
  });

  it("delegation to another wallet adds to the delegate's votes", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { bob, carol } = f.wallets;
    const b = bob.account.address;
    const c = carol.account.address;
    const hash = await f.energyAsset.write.delegate([f.assetId, c], { account: bob.account });
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateChanged", [f.assetId, b, zeroAddress, c]);
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateVotesChanged", [f.assetId, c, 0n, 3_000n]);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, c]), 3_000n);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, b]), 0n);
    // carol's own shares count only once she delegates them too.
    await viem.assertions.emitWithArgs(
      f.energyAsset.write.delegate([f.assetId, c], { account: carol.account }),
      f.energyAsset,
      "DelegateVotesChanged",
      [f.assetId, c, 3_000n, 6_000n],
    );
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, c]), 6_000n);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, c]), 2);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, b]), 0);
  });

  it("redelegation moves the votes; delegating to nobody removes them", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice, bob } = f.wallets;
    const a = alice.account.address;
    const b = bob.account.address;
    await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
    const hash = await f.energyAsset.write.delegate([f.assetId, b], { account: alice.account });
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateChanged", [f.assetId, a, a, b]);
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateVotesChanged", [f.assetId, a, 4_000n, 0n]);
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateVotesChanged", [f.assetId, b, 0n, 4_000n]);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 0n);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, b]), 4_000n);
    // Redelegating to the same delegate changes nothing.
    const again = await f.energyAsset.write.delegate([f.assetId, b], { account: alice.account });
    assert.equal((await voteChanges(f, again)).length, 0);
    const none = await f.energyAsset.write.delegate([f.assetId, zeroAddress], { account: alice.account });
    await viem.assertions.emitWithArgs(none, f.energyAsset, "DelegateChanged", [f.assetId, a, b, zeroAddress]);
    await viem.assertions.emitWithArgs(none, f.energyAsset, "DelegateVotesChanged", [f.assetId, b, 4_000n, 0n]);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, b]), 0n);
    assert.equal(await f.energyAsset.read.delegates([f.assetId, a]), zeroAddress);
  });

  it("a wallet without shares can delegate; votes arrive with its shares", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice, dave } = f.wallets;
    const d = dave.account.address;
    const hash = await f.energyAsset.write.delegate([f.assetId, d], { account: dave.account });
    await viem.assertions.emitWithArgs(hash, f.energyAsset, "DelegateChanged", [f.assetId, d, zeroAddress, d]);
    assert.equal((await voteChanges(f, hash)).length, 0);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, d]), 0);
    await viem.assertions.emitWithArgs(
      f.energyAsset.write.safeTransferFrom([alice.account.address, d, f.assetId, 500n, "0x"], {
        account: alice.account,
      }),
      f.energyAsset,
      "DelegateVotesChanged",
      [f.assetId, d, 0n, 500n],
    );
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, d]), 500n);
  });

  it("votes follow transfers between delegated and undelegated holders", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice, bob, carol } = f.wallets;
    const a = alice.account.address;
    const b = bob.account.address;
    const c = carol.account.address;
    const votes = async () =>
      Promise.all([a, b, c].map((holder) => f.energyAsset.read.getVotes([f.assetId, holder])));
    await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
    await f.energyAsset.write.delegate([f.assetId, b], { account: bob.account });

    // Delegated -> delegated.
    const first = await f.energyAsset.write.safeTransferFrom([a, b, f.assetId, 1_000n, "0x"], {
      account: alice.account,
    });
    await viem.assertions.emitWithArgs(first, f.energyAsset, "DelegateVotesChanged", [f.assetId, a, 4_000n, 3_000n]);
    await viem.assertions.emitWithArgs(first, f.energyAsset, "DelegateVotesChanged", [f.assetId, b, 3_000n, 4_000n]);
    assert.deepEqual(await votes(), [3_000n, 4_000n, 0n]);

    // Delegated -> undelegated: the votes leave.
    const second = await f.energyAsset.write.safeTransferFrom([b, c, f.assetId, 500n, "0x"], { account: bob.account });
    const secondChanges = await voteChanges(f, second);
    assert.equal(secondChanges.length, 1);
    assert.equal(secondChanges[0]!.args.delegate.toLowerCase(), b.toLowerCase());
    assert.equal(secondChanges[0]!.args.previousVotes, 4_000n);
    assert.equal(secondChanges[0]!.args.newVotes, 3_500n);
    assert.deepEqual(await votes(), [3_000n, 3_500n, 0n]);

    // Undelegated -> delegated: the votes arrive.
    await f.energyAsset.write.safeTransferFrom([c, a, f.assetId, 200n, "0x"], { account: carol.account });
    assert.deepEqual(await votes(), [3_200n, 3_500n, 0n]);

    // Once carol delegates to bob, her shares count for him.
    await f.energyAsset.write.delegate([f.assetId, b], { account: carol.account });
    assert.deepEqual(await votes(), [3_200n, 6_800n, 0n]);
    // To oneself: nothing moves.
    const self = await f.energyAsset.write.safeTransferFrom([a, a, f.assetId, 3_200n, "0x"], {
      account: alice.account,
    });
    assert.equal((await voteChanges(f, self)).length, 0);
    assert.deepEqual(await votes(), [3_200n, 6_800n, 0n]);
    // Every share is delegated now: votes add up to the supply.
    const [va, vb, vc] = await votes();
    assert.equal(va! + vb! + vc!, await f.energyAsset.read.totalSupply([f.assetId]));
  });

  it("answers past votes and past supply from checkpoints", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { admin, alice, bob, dave } = f.wallets;
    const a = alice.account.address;
    const d = dave.account.address;
    const t0 = BigInt(await networkHelpers.time.latest()); // shares delivered
    await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], { account: admin.account });
    await networkHelpers.time.increase(600);
    const t1 = await txTime(f, await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account }));
    await f.energyAsset.write.delegate([f.assetId, d], { account: dave.account });
    await networkHelpers.time.increase(3_600);
    const t2 = await txTime(
      f,
      await f.energyAsset.write.safeTransferFrom([a, bob.account.address, f.assetId, 1_000n, "0x"], {
        account: alice.account,
      }),
    );
    await networkHelpers.time.increase(86_400);
    const t3 = await txTime(f, await f.energyAsset.write.mint([f.assetId, d, 5_000n], { account: admin.account }));
    await networkHelpers.mine();

    const pastVotes = (holder: typeof a, t: bigint) => f.energyAsset.read.getPastVotes([f.assetId, holder, t]);
    assert.equal(await pastVotes(a, t0), 0n);
    assert.equal(await pastVotes(a, t1 - 1n), 0n);
    assert.equal(await pastVotes(a, t1), 4_000n);
    assert.equal(await pastVotes(a, t2 - 1n), 4_000n);
    assert.equal(await pastVotes(a, t2), 3_000n);
    assert.equal(await pastVotes(a, t3), 3_000n);
    assert.equal(await pastVotes(d, t3 - 1n), 0n);
    assert.equal(await pastVotes(d, t3), 5_000n);

    const pastSupply = (t: bigint) => f.energyAsset.read.getPastTotalSupply([f.assetId, t]);
    assert.equal(await pastSupply(t0 - 1n), 0n);
    assert.equal(await pastSupply(t0), 10_000n);
    assert.equal(await pastSupply(t2), 10_000n); // transfers do not change the supply
    assert.equal(await pastSupply(t3 - 1n), 10_000n);
    assert.equal(await pastSupply(t3), 15_000n);
    assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 15_000n);

    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, a]), 2);
    assert.deepEqual(await f.energyAsset.read.checkpoints([f.assetId, a, 0]), [Number(t1), 4_000n]);
    assert.deepEqual(await f.energyAsset.read.checkpoints([f.assetId, a, 1]), [Number(t2), 3_000n]);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, d]), 1);
    assert.deepEqual(await f.energyAsset.read.checkpoints([f.assetId, d, 0]), [Number(t3), 5_000n]);
    // There is no third checkpoint.
    await assert.rejects(f.energyAsset.read.checkpoints([f.assetId, a, 2]), /Array index is out of bounds/);
  });

  it("refuses lookups at the current or a future timepoint", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { alice } = f.wallets;
    const a = alice.account.address;
    await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
    const now = await f.energyAsset.read.clock();
    for (const t of [BigInt(now), BigInt(now) + 1n, BigInt(now) + 365n * 86_400n]) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.read.getPastVotes([f.assetId, a, t]),
        f.energyAsset,
        "ERC5805FutureLookup",
        [t, now],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.read.getPastTotalSupply([f.assetId, t]),
        f.energyAsset,
        "ERC5805FutureLookup",
        [t, now],
      );
    }
    assert.equal(await f.energyAsset.read.getPastVotes([f.assetId, a, BigInt(now) - 1n]), 0n);
    // Once a block later, the delegation block is in the past.
    await networkHelpers.mine();
    assert.equal(await f.energyAsset.read.getPastVotes([f.assetId, a, BigInt(now)]), 4_000n);
  });

  it("keeps each asset's votes independent", async () => {
    const f = await networkHelpers.loadFixture(twoAssets);
    const { alice, bob, carol, dave } = f.wallets;
    const a = alice.account.address;
    const b = bob.account.address;
    const votes = (id: bigint, holder: typeof a) => f.energyAsset.read.getVotes([id, holder]);
    await f.energyAsset.write.delegate([f.assetId, a], { account: alice.account });
    assert.equal(await votes(f.assetId, a), 4_000n);
    assert.equal(await votes(f.secondAssetId, a), 0n);
    assert.equal(await f.energyAsset.read.delegates([f.secondAssetId, a]), zeroAddress);

    await viem.assertions.emitWithArgs(
      f.energyAsset.write.delegate([f.secondAssetId, b], { account: alice.account }),
      f.energyAsset,
      "DelegateVotesChanged",
      [f.secondAssetId, b, 0n, 1_000n],
    );
    assert.equal(await votes(f.secondAssetId, b), 1_000n);
    assert.equal(await votes(f.assetId, b), 0n);
    assert.equal(await votes(f.assetId, a), 4_000n);

    // A movement of the second asset leaves the first asset's votes alone.
    await f.energyAsset.write.safeTransferFrom([a, dave.account.address, f.secondAssetId, 500n, "0x"], {
      account: alice.account,
    });
    assert.equal(await votes(f.secondAssetId, b), 500n);
    assert.equal(await votes(f.assetId, a), 4_000n);

    // A batch moves each asset's votes by its own amount.
    await f.energyAsset.write.safeBatchTransferFrom(
      [a, carol.account.address, [f.assetId, f.secondAssetId], [100n, 200n], "0x"],
      { account: alice.account },
    );
    assert.equal(await votes(f.assetId, a), 3_900n);
    assert.equal(await votes(f.secondAssetId, b), 300n);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.assetId, a]), 2);
    assert.equal(await f.energyAsset.read.numCheckpoints([f.secondAssetId, b]), 3);
    assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 10_000n);
    assert.equal(await f.energyAsset.read.totalSupply([f.secondAssetId]), 3_000n);
  });

  it("forced transfers and wallet recoveries move votes too", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { ops, alice, bob, dave, eve } = f.wallets;
    const a = alice.account.address;
    const b = bob.account.address;
    const d = dave.account.address;
    const e = eve.account.address;
    for (const wallet of [alice, bob, dave]) {
      await f.energyAsset.write.delegate([f.assetId, wallet.account.address], { account: wallet.account });
    }
    await f.energyAsset.write.forcedTransfer([f.assetId, a, d, 1_000n, "court order"], { account: ops.account });
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, a]), 3_000n);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, d]), 1_000n);

    // Recovery: the new wallet receives the shares, not the lost wallet's delegation.
    const identity = await f.identityRegistry.read.identityOf([b]);
    await f.identityRegistry.write.linkWallet([identity, e], { account: ops.account });
    await f.energyAsset.write.recoverWallet([b, e, [f.assetId], "lost device"], { account: ops.account });
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, b]), 0n);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, e]), 0n);
    await f.energyAsset.write.delegate([f.assetId, e], { account: eve.account });
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, e]), 3_000n);
  });

  it("keeps totalSupply equal to the sum of balances", async () => {
    const f = await networkHelpers.loadFixture(active);
    const { admin, ops, alice, bob, carol, dave } = f.wallets;
    const holders = [alice, bob, carol, dave].map((w) => w.account.address);
    const sumOfBalances = async () =>
      (await f.energyAsset.read.balanceOfBatch([holders, holders.map(() => f.assetId)])).reduce((x, y) => x + y, 0n);
    assert.equal(await sumOfBalances(), 10_000n);
    await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], { account: admin.account });
    await f.energyAsset.write.mint([f.assetId, dave.account.address, 1_234n], { account: admin.account });
    await f.energyAsset.write.safeTransferFrom([holders[0]!, holders[3]!, f.assetId, 777n, "0x"], {
      account: alice.account,
    });
    await f.energyAsset.write.forcedTransfer([f.assetId, holders[1]!, holders[2]!, 3_000n, "x"], {
      account: ops.account,
    });
    await f.energyAsset.write.mint([f.assetId, bob.account.address, 1n], { account: admin.account });
    const supply = await f.energyAsset.read.totalSupply([f.assetId]);
    assert.equal(supply, 11_235n);
    assert.equal(await sumOfBalances(), supply);
  });
});
