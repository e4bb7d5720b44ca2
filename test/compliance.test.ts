import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import { getAddress, parseEventLogs, zeroAddress, type Address, type Hash } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  activeAssetFixture,
  COUNTRY,
  deployFixture,
  INVESTOR_CLASS,
  investorsFixture,
  ONE_YEAR,
  openOffering,
  RESTRICTION,
  STATUS,
  twoActiveAssetsFixture,
  verify,
  type Fixture,
  assetRules,
  type AssetRulesInput,
} from "./helpers/fixture.ts";

const rules = assetRules;
const classBit = (investorClass: number) => 1 << investorClass;

const LOCK_UP = 30 * 24 * 3600;

type Wallet = Fixture["wallets"]["alice"];
type Active = Fixture & { assetId: bigint };

describe("Compliance", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;

  const deployed = () => deployFixture(connection);
  // alice 4,000, bob 3,000, carol 3,000 of 10,000 shares; dave (NL, Professional) verified without
  // shares; eve never verified.
  const active = () => activeAssetFixture(connection);
  // active, plus a second Active asset held by alice (1,000) and dave (2,000).
  const twoActive = () => twoActiveAssetsFixture(connection);

  /** Like the active asset, but the rules carry a 30-day lock-up before the shares are delivered. */
  async function lockedUpFixture() {
    const f = await investorsFixture(connection);
    const { alice, bob, carol, ops } = f.wallets;
    const { assetId, offeringId } = await openOffering(f, { hardCapShares: 10_000n });
    await f.compliance.write.setRules([assetId, rules({ lockUpPeriod: LOCK_UP })], { account: ops.account });
    await f.offering.write.purchase([offeringId, 4_000n], { account: alice.account });
    await f.offering.write.purchase([offeringId, 3_000n], { account: bob.account });
    await f.offering.write.purchase([offeringId, 3_000n], { account: carol.account });
    await f.offering.write.finalizeOffering([offeringId]);
    const hash = await f.offering.write.deliverShares([
      offeringId,
      [alice.account.address, bob.account.address, carol.account.address],
    ]);
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const deliveredAt = (await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
    return { ...f, assetId, offeringId, deliveredAt, deliveryLogs: receipt.logs };
  }
  const lockedUp = () => lockedUpFixture();

  /** A Compliance proxy that is not bound to any token yet. */
  async function unboundComplianceFixture() {
    const f = await deployFixture(connection);
    const upgradesApi = await upgrades(hre, connection);
    const fresh = await upgradesApi.deployProxy(
      "Compliance",
      [f.wallets.admin.account.address, f.identityRegistry.address],
      { kind: "uups" },
    );
    const compliance = await viem.getContractAt("Compliance", fresh.address);
    return { ...f, freshCompliance: compliance };
  }
  const unbound = () => unboundComplianceFixture();

  const setRules = (f: Active, overrides: Partial<AssetRulesInput>) =>
    f.compliance.write.setRules([f.assetId, rules(overrides)], { account: f.wallets.ops.account });
  const canTransfer = (f: Active, from: Address, to: Address, amount: bigint) =>
    f.compliance.read.canTransfer([f.assetId, from, to, amount]);
  const ruleRestriction = (f: Active, from: Address, to: Address, amount: bigint) =>
    f.compliance.read.ruleRestriction([f.assetId, from, to, amount]);
  const revertFor = (f: Active, code: number, from: Address, to: Address, amount: bigint) =>
    f.compliance.read.revertFor([code, f.assetId, from, to, amount]);
  const transfer = (f: Active, from: Wallet, to: Address, amount: bigint) =>
    f.energyAsset.write.safeTransferFrom([from.account.address, to, f.assetId, amount, "0x"], {
      account: from.account,
    });
  const balance = (f: Active, wallet: Address) => f.energyAsset.read.balanceOf([wallet, f.assetId]);
  const blockTime = async (f: Fixture, hash: Hash) => {
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    return (await f.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
  };

  describe("wiring and bindToken", () => {
    it("is wired to the registry and bound to the EnergyAsset contract", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      assert.equal(getAddress(await f.compliance.read.token()), getAddress(f.energyAsset.address));
      assert.equal(getAddress(await f.compliance.read.identityRegistry()), getAddress(f.identityRegistry.address));
      assert.equal(getAddress(await f.energyAsset.read.compliance()), getAddress(f.compliance.address));
      assert.deepEqual(await f.compliance.read.rules([1n]), rules());
      assert.equal(await f.compliance.read.hasRole([roles.COMPLIANCE_OFFICER, f.wallets.ops.account.address]), true);
      assert.equal(await f.compliance.read.hasRole([roles.DEFAULT_ADMIN, f.wallets.admin.account.address]), true);
    });

    it("bindToken reverts with TokenAlreadyBound once a token is bound", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, alice } = f.wallets;
      for (const token of [alice.account.address, f.energyAsset.address, zeroAddress]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.compliance.write.bindToken([token], { account: admin.account }),
          f.compliance,
          "TokenAlreadyBound",
          [getAddress(f.energyAsset.address)],
        );
      }
      assert.equal(getAddress(await f.compliance.read.token()), getAddress(f.energyAsset.address));
    });

    it("bindToken is admin only", async () => {
      const f = await networkHelpers.loadFixture(unbound);
      const { ops, alice } = f.wallets;
      for (const caller of [alice, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.freshCompliance.write.bindToken([alice.account.address], { account: caller.account }),
          f.freshCompliance,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), roles.DEFAULT_ADMIN],
        );
      }
      assert.equal(await f.freshCompliance.read.token(), zeroAddress);
    });

    it("an unbound compliance binds once, emits TokenBound and rejects the zero address", async () => {
      const f = await networkHelpers.loadFixture(unbound);
      const { admin, alice, bob } = f.wallets;
      const c = f.freshCompliance;
      assert.equal(await c.read.token(), zeroAddress);
      assert.equal(getAddress(await c.read.identityRegistry()), getAddress(f.identityRegistry.address));
      await viem.assertions.revertWithCustomErrorWithArgs(
        c.write.bindToken([zeroAddress], { account: admin.account }),
        c,
        "TokenAlreadyBound",
        [zeroAddress],
      );
      await viem.assertions.emitWithArgs(
        c.write.bindToken([alice.account.address], { account: admin.account }),
        c,
        "TokenBound",
        [getAddress(alice.account.address)],
      );
      assert.equal(getAddress(await c.read.token()), getAddress(alice.account.address));
      await viem.assertions.revertWithCustomErrorWithArgs(
        c.write.bindToken([bob.account.address], { account: admin.account }),
        c,
        "TokenAlreadyBound",
        [getAddress(alice.account.address)],
      );
    });

    it("initialize cannot run twice and upgrades are admin only", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, ops, alice } = f.wallets;
      await viem.assertions.revertWithCustomError(
        f.compliance.write.initialize([alice.account.address, alice.account.address], { account: admin.account }),
        f.compliance,
        "InvalidInitialization",
      );
      const next = await viem.deployContract("Compliance");
      for (const caller of [alice, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.compliance.write.upgradeToAndCall([next.address, "0x"], { account: caller.account }),
          f.compliance,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), roles.DEFAULT_ADMIN],
        );
      }
      assert.equal(getAddress(await f.compliance.read.identityRegistry()), getAddress(f.identityRegistry.address));
    });
  });

  describe("setRules", () => {
    it("stores the rules per asset and emits RulesUpdated", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops } = f.wallets;
      const newRules = rules({
        restrictCountries: true,
        allowedClassesMask: 0x07,
        maxHolders: 50,
        lockUpPeriod: LOCK_UP,
        maxBalance: 5_000n,
        minHolding: 10n,
      });
      await viem.assertions.emitWithArgs(
        f.compliance.write.setRules([f.assetId, newRules], { account: ops.account }),
        f.compliance,
        "RulesUpdated",
        [f.assetId, newRules, getAddress(ops.account.address)],
      );
      assert.deepEqual(await f.compliance.read.rules([f.assetId]), newRules);
      assert.deepEqual(await f.compliance.read.rules([f.assetId + 1n]), rules());
      // Replacing resets every field.
      await setRules(f, { maxHolders: 7 });
      assert.deepEqual(await f.compliance.read.rules([f.assetId]), rules({ maxHolders: 7 }));
    });

    it("reverts with InvalidRules for class bits above 0x07", async () => {
      const f = await networkHelpers.loadFixture(active);
      for (const mask of [0x08, 0x0f, 0x80, 0xff]) {
        await viem.assertions.revertWithCustomError(
          setRules(f, { allowedClassesMask: mask }),
          f.compliance,
          "InvalidRules",
        );
      }
      for (const mask of [0x01, 0x02, 0x04, 0x07]) {
        await setRules(f, { allowedClassesMask: mask });
        assert.equal((await f.compliance.read.rules([f.assetId])).allowedClassesMask, mask);
      }
    });

    it("reverts with InvalidRules when minHolding exceeds a non-zero maxBalance", async () => {
      const f = await networkHelpers.loadFixture(active);
      await viem.assertions.revertWithCustomError(
        setRules(f, { maxBalance: 100n, minHolding: 101n }),
        f.compliance,
        "InvalidRules",
      );
      await setRules(f, { maxBalance: 100n, minHolding: 100n });
      assert.equal((await f.compliance.read.rules([f.assetId])).minHolding, 100n);
      // maxBalance 0 is unlimited, so any minimum is consistent with it.
      await setRules(f, { maxBalance: 0n, minHolding: 1_000_000n });
      assert.equal((await f.compliance.read.rules([f.assetId])).minHolding, 1_000_000n);
    });

    it("is compliance officer only", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { admin, alice } = f.wallets;
      for (const caller of [alice, admin]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.compliance.write.setRules([f.assetId, rules({ maxHolders: 1 })], { account: caller.account }),
          f.compliance,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), roles.COMPLIANCE_OFFICER],
        );
      }
      assert.deepEqual(await f.compliance.read.rules([f.assetId]), rules());
    });
  });

  describe("setCountriesAllowed / isCountryAllowed", () => {
    it("allows every country while countries are not restricted", async () => {
      const f = await networkHelpers.loadFixture(active);
      for (const country of [COUNTRY.ES, COUNTRY.US, 0, 999]) {
        assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, country]), true);
      }
    });

    it("emits one CountryAllowanceSet per country and gates isCountryAllowed when restricted", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops } = f.wallets;
      const hash = await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES, COUNTRY.DE], true], {
        account: ops.account,
      });
      const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      const events = parseEventLogs({ abi: f.compliance.abi, eventName: "CountryAllowanceSet", logs: receipt.logs });
      assert.deepEqual(
        events.map((e) => e.args),
        [
          { assetId: f.assetId, country: COUNTRY.ES, allowed: true },
          { assetId: f.assetId, country: COUNTRY.DE, allowed: true },
        ],
      );
      // Allowances are recorded but do not apply until the rules restrict countries.
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.FR]), true);

      await setRules(f, { restrictCountries: true });
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.ES]), true);
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.DE]), true);
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.FR]), false);
      // Per asset.
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId + 1n, COUNTRY.FR]), true);

      await viem.assertions.emitWithArgs(
        f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.DE], false], { account: ops.account }),
        f.compliance,
        "CountryAllowanceSet",
        [f.assetId, COUNTRY.DE, false],
      );
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.DE]), false);
      assert.equal(await f.compliance.read.isCountryAllowed([f.assetId, COUNTRY.ES]), true);
    });

    it("is compliance officer only", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { admin, alice } = f.wallets;
      for (const caller of [alice, admin]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.US], true], { account: caller.account }),
          f.compliance,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), roles.COMPLIANCE_OFFICER],
        );
      }
    });
  });

  describe("created", () => {
    it("reverts with UnauthorizedToken unless called by the bound token", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { admin, ops, alice } = f.wallets;
      for (const caller of [admin, ops, alice]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.compliance.write.created([f.assetId, alice.account.address, 1n], { account: caller.account }),
          f.compliance,
          "UnauthorizedToken",
          [getAddress(caller.account.address)],
        );
      }
    });

    it("starts a lock-up only when the asset has a lock-up period", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { dave } = f.wallets;
      const token = f.energyAsset.address;
      await networkHelpers.impersonateAccount(token);
      await networkHelpers.setBalance(token, 10n ** 18n);

      // No lock-up period: nothing recorded, no event.
      let hash = await f.compliance.write.created([f.assetId, dave.account.address, 5n], { account: token });
      let receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(parseEventLogs({ abi: f.compliance.abi, eventName: "LockUpStarted", logs: receipt.logs }).length, 0);
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, dave.account.address]), 0n);

      await setRules(f, { lockUpPeriod: LOCK_UP });
      hash = await f.compliance.write.created([f.assetId, dave.account.address, 5n], { account: token });
      let at = await blockTime(f, hash);
      receipt = await f.publicClient.waitForTransactionReceipt({ hash });
      assert.deepEqual(
        parseEventLogs({ abi: f.compliance.abi, eventName: "LockUpStarted", logs: receipt.logs }).map((e) => e.args),
        [{ assetId: f.assetId, holder: getAddress(dave.account.address), until: at + BigInt(LOCK_UP) }],
      );
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, dave.account.address]), at + BigInt(LOCK_UP));
      // Other assets and holders are not locked.
      assert.equal(await f.compliance.read.lockedUntil([f.assetId + 1n, dave.account.address]), 0n);
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, f.wallets.eve.account.address]), 0n);

      // A later primary purchase restarts the lock-up from its own time.
      await networkHelpers.time.increase(1000);
      hash = await f.compliance.write.created([f.assetId, dave.account.address, 1n], { account: token });
      at = await blockTime(f, hash);
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, dave.account.address]), at + BigInt(LOCK_UP));
      await networkHelpers.stopImpersonatingAccount(token);
    });

    it("share delivery locks every buyer up when the rules carry a lock-up period", async () => {
      const f = await networkHelpers.loadFixture(lockedUp);
      const until = f.deliveredAt + BigInt(LOCK_UP);
      const events = parseEventLogs({ abi: f.compliance.abi, eventName: "LockUpStarted", logs: f.deliveryLogs });
      assert.deepEqual(
        events.map((e) => [e.address.toLowerCase(), e.args]),
        [f.wallets.alice, f.wallets.bob, f.wallets.carol].map((w) => [
          f.compliance.address.toLowerCase(),
          { assetId: f.assetId, holder: getAddress(w.account.address), until },
        ]),
      );
      for (const w of [f.wallets.alice, f.wallets.bob, f.wallets.carol]) {
        assert.equal(await f.compliance.read.lockedUntil([f.assetId, w.account.address]), until);
      }
    });

    it("share delivery without a lock-up period locks nobody", async () => {
      const f = await networkHelpers.loadFixture(active);
      for (const w of [f.wallets.alice, f.wallets.bob, f.wallets.carol]) {
        assert.equal(await f.compliance.read.lockedUntil([f.assetId, w.account.address]), 0n);
      }
      assert.equal(await canTransfer(f, f.wallets.alice.account.address, f.wallets.bob.account.address, 1n), RESTRICTION.None);
    });
  });

  describe("each restriction: canTransfer, revertFor and a real transfer agree", () => {
    it("None: an allowed transfer succeeds and moves the holder count", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave } = f.wallets;
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 100n), RESTRICTION.None);
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 4_000n), RESTRICTION.None);
      assert.equal(await canTransfer(f, zeroAddress, dave.account.address, 1n), RESTRICTION.None);
      assert.equal(await revertFor(f, RESTRICTION.None, alice.account.address, bob.account.address, 100n), undefined);

      await transfer(f, alice, dave.account.address, 100n);
      assert.equal(await balance(f, alice.account.address), 3_900n);
      assert.equal(await balance(f, dave.account.address), 100n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 4n);
    });

    it("Paused: EnforcedPause", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob, eve } = f.wallets;
      await f.energyAsset.write.pause({ account: ops.account });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.Paused);
      // The global pause is reported before any other problem.
      assert.equal(await canTransfer(f, eve.account.address, eve.account.address, 10n ** 9n), RESTRICTION.Paused);
      await viem.assertions.revertWithCustomError(
        revertFor(f, RESTRICTION.Paused, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "EnforcedPause",
      );
      await viem.assertions.revertWithCustomError(transfer(f, alice, bob.account.address, 1n), f.compliance, "EnforcedPause");
      await f.energyAsset.write.unpause({ account: ops.account });
      await transfer(f, alice, bob.account.address, 1n);
      assert.equal(await balance(f, bob.account.address), 3_001n);
    });

    it("AssetPaused: EnforcedAssetPause", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob } = f.wallets;
      await f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.AssetPaused);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.AssetPaused, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "EnforcedAssetPause",
        [f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "EnforcedAssetPause",
        [f.assetId],
      );
      await f.energyAsset.write.setAssetPaused([f.assetId, false], { account: ops.account });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.None);
    });

    it("SharesNotTransferable: suspended asset, and mints outside Offering/Active", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob, dave } = f.wallets;
      await f.energyAsset.write.suspendAsset([f.assetId, "inverter fire"], { account: ops.account });
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 1n),
        RESTRICTION.SharesNotTransferable,
      );
      assert.equal(await canTransfer(f, zeroAddress, dave.account.address, 1n), RESTRICTION.SharesNotTransferable);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.SharesNotTransferable, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "SharesNotTransferable",
        [f.assetId, STATUS.Suspended],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "SharesNotTransferable",
        [f.assetId, STATUS.Suspended],
      );

      // An asset in its offering can be minted into but its shares cannot move yet; unknown assets neither.
      const { assetId: offered } = await openOffering(f);
      assert.equal(
        await f.compliance.read.canTransfer([offered, zeroAddress, dave.account.address, 1n]),
        RESTRICTION.None,
      );
      assert.equal(
        await f.compliance.read.canTransfer([offered, alice.account.address, dave.account.address, 0n]),
        RESTRICTION.SharesNotTransferable,
      );
      assert.equal(
        await f.compliance.read.canTransfer([99n, zeroAddress, dave.account.address, 1n]),
        RESTRICTION.SharesNotTransferable,
      );
    });

    it("SenderFrozen and RecipientFrozen: FrozenWallet", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob } = f.wallets;
      await f.energyAsset.write.setAddressFrozen([alice.account.address, true, "court order"], { account: ops.account });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.SenderFrozen);
      assert.equal(await canTransfer(f, bob.account.address, alice.account.address, 1n), RESTRICTION.RecipientFrozen);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.SenderFrozen, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "FrozenWallet",
        [getAddress(alice.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.RecipientFrozen, bob.account.address, alice.account.address, 1n),
        f.compliance,
        "FrozenWallet",
        [getAddress(alice.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "FrozenWallet",
        [getAddress(alice.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, bob, alice.account.address, 1n),
        f.compliance,
        "FrozenWallet",
        [getAddress(alice.account.address)],
      );
      await f.energyAsset.write.setAddressFrozen([alice.account.address, false, "lifted"], { account: ops.account });
      await transfer(f, bob, alice.account.address, 1n);
      assert.equal(await balance(f, alice.account.address), 4_001n);
    });

    it("InsufficientBalance: ERC1155InsufficientBalance", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, eve } = f.wallets;
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 4_001n),
        RESTRICTION.InsufficientBalance,
      );
      assert.equal(await canTransfer(f, eve.account.address, bob.account.address, 1n), RESTRICTION.InsufficientBalance);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.InsufficientBalance, alice.account.address, bob.account.address, 4_001n),
        f.compliance,
        "ERC1155InsufficientBalance",
        [getAddress(alice.account.address), 4_000n, 4_001n, f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 4_001n),
        f.compliance,
        "ERC1155InsufficientBalance",
        [getAddress(alice.account.address), 4_000n, 4_001n, f.assetId],
      );
    });

    it("InvalidRecipient: ERC1155InvalidReceiver for the zero address", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice } = f.wallets;
      assert.equal(await canTransfer(f, alice.account.address, zeroAddress, 1n), RESTRICTION.InvalidRecipient);
      assert.equal(await canTransfer(f, zeroAddress, zeroAddress, 1n), RESTRICTION.InvalidRecipient);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.InvalidRecipient, alice.account.address, zeroAddress, 1n),
        f.compliance,
        "ERC1155InvalidReceiver",
        [zeroAddress],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, zeroAddress, 1n),
        f.compliance,
        "ERC1155InvalidReceiver",
        [zeroAddress],
      );
    });

    it("RecipientNotVerified: unknown, revoked and expired recipients", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob, eve } = f.wallets;
      assert.equal(
        await canTransfer(f, alice.account.address, eve.account.address, 1n),
        RESTRICTION.RecipientNotVerified,
      );
      assert.equal(await canTransfer(f, zeroAddress, eve.account.address, 1n), RESTRICTION.RecipientNotVerified);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.RecipientNotVerified, alice.account.address, eve.account.address, 1n),
        f.compliance,
        "RecipientNotVerified",
        [getAddress(eve.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, eve.account.address, 1n),
        f.compliance,
        "RecipientNotVerified",
        [getAddress(eve.account.address)],
      );

      // Revoked: bob can no longer receive, but can still sell (senders are not KYC-checked).
      const bobId = await f.identityRegistry.read.identityOf([bob.account.address]);
      await f.identityRegistry.write.revokeIdentity([bobId, "AML"], { account: ops.account });
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 1n),
        RESTRICTION.RecipientNotVerified,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "RecipientNotVerified",
        [getAddress(bob.account.address)],
      );
      assert.equal(await canTransfer(f, bob.account.address, alice.account.address, 1n), RESTRICTION.None);
      await transfer(f, bob, alice.account.address, 1n);
      assert.equal(await balance(f, bob.account.address), 2_999n);

      // Once eve is verified she can receive.
      await verify(f, eve.account.address, COUNTRY.PT);
      await transfer(f, alice, eve.account.address, 10n);
      assert.equal(await balance(f, eve.account.address), 10n);

      // Expired: a year later nobody's KYC is valid any more.
      await networkHelpers.time.increase(Number(ONE_YEAR));
      assert.equal(
        await canTransfer(f, f.wallets.carol.account.address, alice.account.address, 1n),
        RESTRICTION.RecipientNotVerified,
      );
    });

    it("CountryNotAllowed: restricted countries", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob, carol } = f.wallets;
      await setRules(f, { restrictCountries: true });
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES, COUNTRY.DE], true], {
        account: ops.account,
      });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.None);
      assert.equal(
        await canTransfer(f, alice.account.address, carol.account.address, 1n),
        RESTRICTION.CountryNotAllowed,
      );
      // The sender's country is not checked: carol (FR) may sell to alice (ES).
      assert.equal(await canTransfer(f, carol.account.address, alice.account.address, 1n), RESTRICTION.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.CountryNotAllowed, alice.account.address, carol.account.address, 1n),
        f.compliance,
        "CountryNotAllowed",
        [f.assetId, getAddress(carol.account.address), COUNTRY.FR],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, carol.account.address, 1n),
        f.compliance,
        "CountryNotAllowed",
        [f.assetId, getAddress(carol.account.address), COUNTRY.FR],
      );
      await transfer(f, alice, bob.account.address, 1n);
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.FR], true], { account: ops.account });
      await transfer(f, alice, carol.account.address, 1n);
      assert.equal(await balance(f, carol.account.address), 3_001n);
      assert.equal(await balance(f, bob.account.address), 3_001n);
    });

    it("InvestorClassNotAllowed: class mask", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave } = f.wallets;
      await setRules(f, { allowedClassesMask: classBit(INVESTOR_CLASS.Professional) });
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 1n),
        RESTRICTION.InvestorClassNotAllowed,
      );
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 1n), RESTRICTION.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.InvestorClassNotAllowed, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "InvestorClassNotAllowed",
        [f.assetId, getAddress(bob.account.address), INVESTOR_CLASS.Retail],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "InvestorClassNotAllowed",
        [f.assetId, getAddress(bob.account.address), INVESTOR_CLASS.Retail],
      );
      await transfer(f, alice, dave.account.address, 1n);
      assert.equal(await balance(f, dave.account.address), 1n);

      await setRules(f, { allowedClassesMask: classBit(INVESTOR_CLASS.Retail) });
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, dave.account.address, 1n),
        f.compliance,
        "InvestorClassNotAllowed",
        [f.assetId, getAddress(dave.account.address), INVESTOR_CLASS.Professional],
      );
      await setRules(f, { allowedClassesMask: 0x07 });
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 1n), RESTRICTION.None);
    });

    it("MaxBalanceExceeded: maximum balance per wallet", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave } = f.wallets;
      await setRules(f, { maxBalance: 5_000n });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 2_000n), RESTRICTION.None);
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 2_001n),
        RESTRICTION.MaxBalanceExceeded,
      );
      assert.equal(await canTransfer(f, zeroAddress, dave.account.address, 5_001n), RESTRICTION.MaxBalanceExceeded);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.MaxBalanceExceeded, alice.account.address, bob.account.address, 2_001n),
        f.compliance,
        "MaxBalanceExceeded",
        [f.assetId, getAddress(bob.account.address), 5_001n, 5_000n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 2_001n),
        f.compliance,
        "MaxBalanceExceeded",
        [f.assetId, getAddress(bob.account.address), 5_001n, 5_000n],
      );
      await transfer(f, alice, bob.account.address, 2_000n);
      assert.equal(await balance(f, bob.account.address), 5_000n);
      assert.equal(
        await canTransfer(f, f.wallets.carol.account.address, bob.account.address, 1n),
        RESTRICTION.MaxBalanceExceeded,
      );
    });

    it("BelowMinimumHolding: the recipient would hold too little", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, dave } = f.wallets;
      await setRules(f, { minHolding: 500n });
      assert.equal(
        await canTransfer(f, alice.account.address, dave.account.address, 499n),
        RESTRICTION.BelowMinimumHolding,
      );
      assert.equal(await canTransfer(f, zeroAddress, dave.account.address, 499n), RESTRICTION.BelowMinimumHolding);
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 500n), RESTRICTION.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.BelowMinimumHolding, alice.account.address, dave.account.address, 499n),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, getAddress(dave.account.address), 499n, 500n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, dave.account.address, 499n),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, getAddress(dave.account.address), 499n, 500n],
      );
      await transfer(f, alice, dave.account.address, 500n);
      // Once above the minimum, small top-ups are fine.
      await transfer(f, alice, dave.account.address, 1n);
      assert.equal(await balance(f, dave.account.address), 501n);
    });

    it("BelowMinimumHolding: the sender would keep too little (selling everything is fine)", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob } = f.wallets;
      await setRules(f, { minHolding: 500n });
      assert.equal(
        await canTransfer(f, alice.account.address, bob.account.address, 3_501n),
        RESTRICTION.BelowMinimumHolding,
      );
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 3_500n), RESTRICTION.None);
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 4_000n), RESTRICTION.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.BelowMinimumHolding, alice.account.address, bob.account.address, 3_600n),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, getAddress(alice.account.address), 400n, 500n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 3_600n),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, getAddress(alice.account.address), 400n, 500n],
      );
      await transfer(f, alice, bob.account.address, 4_000n);
      assert.equal(await balance(f, alice.account.address), 0n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 2n);
    });

    it("LockedUp: SharesLockedUp until the lock-up ends", async () => {
      const f = await networkHelpers.loadFixture(lockedUp);
      const { alice, bob, eve } = f.wallets;
      const until = f.deliveredAt + BigInt(LOCK_UP);
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.LockedUp);
      // The lock-up is reported before recipient problems.
      assert.equal(await canTransfer(f, alice.account.address, eve.account.address, 1n), RESTRICTION.LockedUp);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.LockedUp, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "SharesLockedUp",
        [f.assetId, getAddress(alice.account.address), until],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, bob.account.address, 1n),
        f.compliance,
        "SharesLockedUp",
        [f.assetId, getAddress(alice.account.address), until],
      );

      await networkHelpers.time.increaseTo(until - 1n);
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.LockedUp);
      await networkHelpers.time.increaseTo(until);
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.None);
      await transfer(f, alice, bob.account.address, 1n);
      assert.equal(await balance(f, bob.account.address), 3_001n);
      // Shares received on the secondary market start no lock-up.
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, bob.account.address]), until);
    });

    it("MaxHoldersReached: a new holder is refused unless the sender leaves", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave } = f.wallets;
      await setRules(f, { maxHolders: 3 });
      assert.equal(
        await canTransfer(f, alice.account.address, dave.account.address, 100n),
        RESTRICTION.MaxHoldersReached,
      );
      assert.equal(await canTransfer(f, zeroAddress, dave.account.address, 1n), RESTRICTION.MaxHoldersReached);
      // Existing holders may receive; a sender moving its whole balance frees its place; zero moves are no-ops.
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 100n), RESTRICTION.None);
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 4_000n), RESTRICTION.None);
      assert.equal(await canTransfer(f, alice.account.address, dave.account.address, 0n), RESTRICTION.None);
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.MaxHoldersReached, alice.account.address, dave.account.address, 100n),
        f.compliance,
        "MaxHoldersReached",
        [f.assetId, 3],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, dave.account.address, 100n),
        f.compliance,
        "MaxHoldersReached",
        [f.assetId, 3],
      );

      await transfer(f, alice, dave.account.address, 4_000n);
      assert.equal(await balance(f, dave.account.address), 4_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
      // Alice left; she is now the outsider.
      assert.equal(
        await canTransfer(f, bob.account.address, alice.account.address, 1n),
        RESTRICTION.MaxHoldersReached,
      );
      await setRules(f, { maxHolders: 4 });
      await transfer(f, bob, alice.account.address, 1n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 4n);
    });
  });

  describe("ruleRestriction", () => {
    it("checks the rules only, not token state", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob } = f.wallets;
      await f.energyAsset.write.pause({ account: ops.account });
      await f.energyAsset.write.setAddressFrozen([alice.account.address, true, "x"], { account: ops.account });
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1n), RESTRICTION.Paused);
      assert.equal(await ruleRestriction(f, alice.account.address, bob.account.address, 1n), RESTRICTION.None);
      // Without holding rules the sender's balance is the token's business.
      assert.equal(await ruleRestriction(f, alice.account.address, bob.account.address, 10n ** 6n), RESTRICTION.None);
    });

    it("reports InsufficientBalance when holding rules need the sender's balance", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob } = f.wallets;
      await setRules(f, { maxHolders: 10 });
      assert.equal(
        await ruleRestriction(f, alice.account.address, bob.account.address, 4_001n),
        RESTRICTION.InsufficientBalance,
      );
      await setRules(f, { minHolding: 1n });
      assert.equal(
        await ruleRestriction(f, alice.account.address, bob.account.address, 4_001n),
        RESTRICTION.InsufficientBalance,
      );
      assert.equal(await ruleRestriction(f, alice.account.address, bob.account.address, 4_000n), RESTRICTION.None);
    });

    it("skips balance rules for self-transfers but still checks the recipient", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice } = f.wallets;
      await setRules(f, { maxBalance: 4_000n, minHolding: 4_000n, maxHolders: 1 });
      assert.equal(await ruleRestriction(f, alice.account.address, alice.account.address, 4_000n), RESTRICTION.None);
      await transfer(f, alice, alice.account.address, 4_000n);
      assert.equal(await balance(f, alice.account.address), 4_000n);
      const aliceId = await f.identityRegistry.read.identityOf([alice.account.address]);
      await f.identityRegistry.write.revokeIdentity([aliceId, "x"], { account: ops.account });
      assert.equal(
        await ruleRestriction(f, alice.account.address, alice.account.address, 1n),
        RESTRICTION.RecipientNotVerified,
      );
    });

    it("burns (to = 0) only check the sender's lock-up", async () => {
      const f = await networkHelpers.loadFixture(lockedUp);
      const { alice, eve } = f.wallets;
      await f.compliance.write.setRules(
        [f.assetId, rules({ lockUpPeriod: LOCK_UP, maxHolders: 1, minHolding: 5_000n })],
        { account: f.wallets.ops.account },
      );
      assert.equal(await ruleRestriction(f, alice.account.address, zeroAddress, 1n), RESTRICTION.LockedUp);
      assert.equal(await ruleRestriction(f, eve.account.address, zeroAddress, 1n), RESTRICTION.None);
      await networkHelpers.time.increaseTo(f.deliveredAt + BigInt(LOCK_UP));
      assert.equal(await ruleRestriction(f, alice.account.address, zeroAddress, 1n), RESTRICTION.None);
    });

    it("applies to mints (from = 0) without a sender side", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { dave, eve } = f.wallets;
      await setRules(f, { minHolding: 10n, maxBalance: 20n });
      assert.equal(await ruleRestriction(f, zeroAddress, dave.account.address, 10n), RESTRICTION.None);
      assert.equal(await ruleRestriction(f, zeroAddress, dave.account.address, 9n), RESTRICTION.BelowMinimumHolding);
      assert.equal(await ruleRestriction(f, zeroAddress, dave.account.address, 21n), RESTRICTION.MaxBalanceExceeded);
      assert.equal(await ruleRestriction(f, zeroAddress, eve.account.address, 10n), RESTRICTION.RecipientNotVerified);
    });
  });

  describe("revertFor", () => {
    it("maps SharesNotTransferable to the asset's current status", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        revertFor(f, RESTRICTION.SharesNotTransferable, alice.account.address, bob.account.address, 1n),
        f.compliance,
        "SharesNotTransferable",
        [f.assetId, STATUS.Active],
      );
    });

    it("picks the recipient for BelowMinimumHolding when both sides are short", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, dave } = f.wallets;
      await setRules(f, { minHolding: 3_999n });
      // alice would keep 3,990 and dave receive 10: both below the minimum; the recipient is reported.
      assert.equal(
        await canTransfer(f, alice.account.address, dave.account.address, 10n),
        RESTRICTION.BelowMinimumHolding,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        transfer(f, alice, dave.account.address, 10n),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, getAddress(dave.account.address), 10n, 3_999n],
      );
    });

    it("explains every code canTransfer reports, as a real transfer does", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob, carol, dave, eve } = f.wallets;
      const unverified: Address = "0x000000000000000000000000000000000000dEaD";
      await verify(f, eve.account.address, COUNTRY.ES, INVESTOR_CLASS.Retail);
      await setRules(f, {
        restrictCountries: true,
        allowedClassesMask: classBit(INVESTOR_CLASS.Retail),
        maxBalance: 6_000n,
        minHolding: 100n,
        maxHolders: 3,
      });
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES, COUNTRY.DE, COUNTRY.NL], true], {
        account: ops.account,
      });
      const cases = [
        { to: carol.account.address, amount: 100n, code: RESTRICTION.CountryNotAllowed, error: "CountryNotAllowed" },
        { to: dave.account.address, amount: 100n, code: RESTRICTION.InvestorClassNotAllowed, error: "InvestorClassNotAllowed" },
        { to: unverified, amount: 100n, code: RESTRICTION.RecipientNotVerified, error: "RecipientNotVerified" },
        { to: bob.account.address, amount: 3_001n, code: RESTRICTION.MaxBalanceExceeded, error: "MaxBalanceExceeded" },
        { to: eve.account.address, amount: 99n, code: RESTRICTION.BelowMinimumHolding, error: "BelowMinimumHolding" },
        { to: eve.account.address, amount: 3_950n, code: RESTRICTION.BelowMinimumHolding, error: "BelowMinimumHolding" },
        { to: eve.account.address, amount: 100n, code: RESTRICTION.MaxHoldersReached, error: "MaxHoldersReached" },
        { to: bob.account.address, amount: 4_001n, code: RESTRICTION.InsufficientBalance, error: "ERC1155InsufficientBalance" },
        { to: zeroAddress, amount: 1n, code: RESTRICTION.InvalidRecipient, error: "ERC1155InvalidReceiver" },
      ] as const;
      for (const c of cases) {
        const code = await canTransfer(f, alice.account.address, c.to, c.amount);
        assert.equal(code, c.code, `alice -> ${c.to} x ${c.amount}`);
        await viem.assertions.revertWithCustomError(
          revertFor(f, code, alice.account.address, c.to, c.amount),
          f.compliance,
          c.error,
        );
        await viem.assertions.revertWithCustomError(transfer(f, alice, c.to, c.amount), f.compliance, c.error);
      }
      // And the allowed ones go through: to an existing holder, and moving everything to a newcomer.
      assert.equal(await canTransfer(f, alice.account.address, bob.account.address, 1_000n), RESTRICTION.None);
      await transfer(f, alice, bob.account.address, 1_000n);
      assert.equal(await canTransfer(f, alice.account.address, eve.account.address, 3_000n), RESTRICTION.None);
      await transfer(f, alice, eve.account.address, 3_000n);
      assert.equal(await balance(f, eve.account.address), 3_000n);
      assert.equal(await balance(f, bob.account.address), 4_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
    });
  });

  describe("share transfers through EnergyAsset", () => {
    it("approved operators are subject to the same rules as the holder", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, carol } = f.wallets;
      await f.energyAsset.write.setApprovalForAll([bob.account.address, true], { account: alice.account });
      await setRules(f, { maxBalance: 3_500n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom(
          [alice.account.address, carol.account.address, f.assetId, 501n, "0x"],
          { account: bob.account },
        ),
        f.compliance,
        "MaxBalanceExceeded",
        [f.assetId, getAddress(carol.account.address), 3_501n, 3_500n],
      );
      await f.energyAsset.write.safeTransferFrom(
        [alice.account.address, carol.account.address, f.assetId, 500n, "0x"],
        { account: bob.account },
      );
      assert.equal(await balance(f, carol.account.address), 3_500n);
      assert.equal(await balance(f, alice.account.address), 3_500n);
    });

    it("batch transfers check every asset's own rules", async () => {
      const f = await networkHelpers.loadFixture(twoActive);
      const { ops, alice, dave } = f.wallets;
      const ids = [f.assetId, f.secondAssetId];
      await f.compliance.write.setRules([f.secondAssetId, rules({ maxBalance: 2_050n })], { account: ops.account });
      assert.equal(
        await f.compliance.read.canTransfer([f.secondAssetId, alice.account.address, dave.account.address, 100n]),
        RESTRICTION.MaxBalanceExceeded,
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom(
          [alice.account.address, dave.account.address, ids, [100n, 100n], "0x"],
          { account: alice.account },
        ),
        f.compliance,
        "MaxBalanceExceeded",
        [f.secondAssetId, getAddress(dave.account.address), 2_100n, 2_050n],
      );
      assert.equal(await balance(f, dave.account.address), 0n);
      await f.energyAsset.write.safeBatchTransferFrom(
        [alice.account.address, dave.account.address, ids, [100n, 50n], "0x"],
        { account: alice.account },
      );
      assert.equal(await balance(f, dave.account.address), 100n);
      assert.equal(await f.energyAsset.read.balanceOf([dave.account.address, f.secondAssetId]), 2_050n);
    });
  });
});
