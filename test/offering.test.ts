import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, zeroAddress, type Address, type Hash } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  COUNTRY,
  INVESTOR_CLASS,
  OFFERING_STATUS,
  STATUS,
  eur,
  investorsFixture,
  offeringTerms,
  openOffering,
  signPermit,
  solarSpec,
  verifiedAsset,
  type Fixture,
  assetRules,
  type AssetRulesInput,
} from "./helpers/fixture.ts";

const DAY = 24n * 3600n;
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** Replaces an asset's compliance rules as the compliance officer. */
async function setRules(f: Fixture, assetId: bigint, overrides: Partial<AssetRulesInput>) {
  await f.compliance.write.setRules([assetId, assetRules(overrides)], { account: f.wallets.ops.account });
}

/** Timestamp of the block that mined `hash`. */
async function blockTime(f: Fixture, hash: Hash) {
  const { blockNumber } = await f.publicClient.waitForTransactionReceipt({ hash });
  return (await f.publicClient.getBlock({ blockNumber })).timestamp;
}

/** Hardhat's JSON-RPC accounts are lower-case; contract reads return checksummed addresses. */
function assertSameAddress(actual: Address, expected: Address) {
  assert.equal(getAddress(actual), getAddress(expected));
}

/** Terms as the contract returns them (checksummed treasury). */
function asRead<T extends { treasury: Address }>(terms: T): T {
  return { ...terms, treasury: getAddress(terms.treasury) };
}

async function balance(f: Fixture, account: Address) {
  return f.stablecoin.read.balanceOf([account]);
}

/** The contract's stablecoin balance is exactly what it owes (no offering shares a pool with another). */
async function assertEscrowBacked(f: Fixture, expected: bigint) {
  assert.equal(await f.offering.read.escrowBalance(), expected);
  assert.equal(await balance(f, f.offering.address), expected);
}

describe("Offering", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { time, loadFixture } = connection.networkHelpers;

  // ------------------------------------------------------------------ fixtures (named: loadFixture keys on identity)
  const investors = () => investorsFixture(connection);

  /** Default terms (100 dEUR/share, soft cap 1,000, hard cap 10,000, 30 days) on asset 1, no purchases. */
  async function openDefault() {
    const f = await investorsFixture(connection);
    const { assetId, offeringId } = await openOffering(f);
    return { ...f, assetId, offeringId, terms: await f.offering.read.terms([offeringId]) };
  }

  /** The default offering with alice 1,500 + 2,500 and bob 3,000 shares bought (700,000 dEUR in escrow). */
  async function funded() {
    const f = await openDefault();
    const { alice, bob } = f.wallets;
    await f.offering.write.purchase([f.offeringId, 1_500n], { account: alice.account });
    await f.offering.write.purchase([f.offeringId, 2_500n], { account: bob.account });
    await f.offering.write.purchase([f.offeringId, 500n], { account: bob.account });
    await f.offering.write.purchase([f.offeringId, 2_500n], { account: alice.account });
    return f;
  }

  /** {funded}, window over and finalized: Succeeded. */
  async function succeeded() {
    const f = await funded();
    await time.increaseTo(f.terms.endTime + 1n);
    await f.offering.write.finalizeOffering([f.offeringId]);
    return f;
  }

  /** The default offering with alice 100 + 200 + 50 and bob 100 shares (below the soft cap), finalized: Failed. */
  async function failed() {
    const f = await openDefault();
    const { alice, bob } = f.wallets;
    await f.offering.write.purchase([f.offeringId, 100n], { account: alice.account });
    await f.offering.write.purchase([f.offeringId, 100n], { account: bob.account });
    await f.offering.write.purchase([f.offeringId, 200n], { account: alice.account });
    await f.offering.write.purchase([f.offeringId, 50n], { account: alice.account });
    await time.increaseTo(f.terms.endTime + 1n);
    await f.offering.write.finalizeOffering([f.offeringId]);
    return f;
  }

  // ------------------------------------------------------------------ initialization and administration

  describe("initialization", () => {
    it("is wired to the platform with the default fee", async () => {
      const f = await loadFixture(investors);
      assertSameAddress(await f.offering.read.paymentToken(), f.stablecoin.address);
      assertSameAddress(await f.offering.read.platformTreasury(), f.wallets.treasury.account.address);
      assert.equal(await f.offering.read.platformFeeBps(), 250);
      assert.equal(await f.offering.read.MAX_FEE_BPS(), 1_000);
      assert.equal(await f.offering.read.offeringCount(), 0n);
      assert.equal(await f.offering.read.receiptCount(), 0n);
      assert.equal(await f.offering.read.escrowBalance(), 0n);
      assert.equal(await f.offering.read.hasRole([roles.DEFAULT_ADMIN, f.wallets.admin.account.address]), true);
      assert.equal(await f.energyAsset.read.hasRole([roles.ISSUER, f.offering.address]), true);
    });

    it("cannot be initialized twice, nor the implementation at all", async () => {
      const f = await loadFixture(investors);
      const { eve } = f.wallets;
      const args = [
        eve.account.address,
        f.energyAsset.address,
        f.stablecoin.address,
        eve.account.address,
        0,
      ] as const;
      await assertions.revertWithCustomError(
        f.offering.write.initialize(args, { account: eve.account }),
        f.offering,
        "InvalidInitialization",
      );
      const slot = await f.publicClient.getStorageAt({ address: f.offering.address, slot: IMPLEMENTATION_SLOT });
      const implementation = await connection.viem.getContractAt("Offering", `0x${slot!.slice(26)}`);
      await assertions.revertWithCustomError(
        implementation.write.initialize(args, { account: eve.account }),
        implementation,
        "InvalidInitialization",
      );
      assert.equal(await f.offering.read.hasRole([roles.DEFAULT_ADMIN, eve.account.address]), false);
    });

    it("upgrades only by the admin, keeping its state", async () => {
      const f = await loadFixture(openDefault);
      const next = await connection.viem.deployContract("Offering");
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.upgradeToAndCall([next.address, "0x"], { account: f.wallets.operator.account }),
        f.offering,
        "AccessControlUnauthorizedAccount",
        [f.wallets.operator.account.address, roles.DEFAULT_ADMIN],
      );
      await f.offering.write.upgradeToAndCall([next.address, "0x"], { account: f.wallets.admin.account });
      const slot = await f.publicClient.getStorageAt({ address: f.offering.address, slot: IMPLEMENTATION_SLOT });
      assert.equal(`0x${slot!.slice(26)}`, next.address.toLowerCase());
      assert.equal(await f.offering.read.offeringCount(), 1n);
      assert.equal((await f.offering.read.terms([f.offeringId])).pricePerShare, eur(100));
    });
  });

  describe("setPlatformFee", () => {
    it("lets the admin set up to 1000 bps, emitting PlatformFeeUpdated", async () => {
      const f = await loadFixture(investors);
      await assertions.emitWithArgs(
        f.offering.write.setPlatformFee([1_000], { account: f.wallets.admin.account }),
        f.offering,
        "PlatformFeeUpdated",
        [250, 1_000],
      );
      assert.equal(await f.offering.read.platformFeeBps(), 1_000);
      await assertions.emitWithArgs(
        f.offering.write.setPlatformFee([0], { account: f.wallets.admin.account }),
        f.offering,
        "PlatformFeeUpdated",
        [1_000, 0],
      );
      assert.equal(await f.offering.read.platformFeeBps(), 0);
    });

    it("reverts FeeTooHigh above 1000 bps", async () => {
      const f = await loadFixture(investors);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.setPlatformFee([1_001], { account: f.wallets.admin.account }),
        f.offering,
        "FeeTooHigh",
        [1_001, 1_000],
      );
      assert.equal(await f.offering.read.platformFeeBps(), 250);
    });

    it("is admin only", async () => {
      const f = await loadFixture(investors);
      const { ops } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.setPlatformFee([100], { account: ops.account }),
        f.offering,
        "AccessControlUnauthorizedAccount",
        [ops.account.address, roles.DEFAULT_ADMIN],
      );
    });
  });

  describe("setPlatformTreasury", () => {
    it("lets the admin move the fee treasury, emitting PlatformTreasuryUpdated", async () => {
      const f = await loadFixture(investors);
      const { treasury, dave } = f.wallets;
      await assertions.emitWithArgs(
        f.offering.write.setPlatformTreasury([dave.account.address], { account: f.wallets.admin.account }),
        f.offering,
        "PlatformTreasuryUpdated",
        [treasury.account.address, dave.account.address],
      );
      assertSameAddress(await f.offering.read.platformTreasury(), dave.account.address);
    });

    it("rejects the zero address with InvalidAddress", async () => {
      const f = await loadFixture(investors);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.setPlatformTreasury([zeroAddress], { account: f.wallets.admin.account }),
        f.offering,
        "InvalidAddress",
        [zeroAddress],
      );
    });

    it("is admin only", async () => {
      const f = await loadFixture(investors);
      const { alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.setPlatformTreasury([alice.account.address], { account: alice.account }),
        f.offering,
        "AccessControlUnauthorizedAccount",
        [alice.account.address, roles.DEFAULT_ADMIN],
      );
      assertSameAddress(await f.offering.read.platformTreasury(), f.wallets.treasury.account.address);
    });
  });

  // ------------------------------------------------------------------ createOffering

  describe("createOffering", () => {
    it("lets the asset operator open an offering: event, terms, state, asset in Offering", async () => {
      const f = await loadFixture(investors);
      const assetId = await verifiedAsset(f);
      const terms = await offeringTerms(f, assetId, { minPurchaseShares: 5n, maxSharesPerInvestor: 2_000n });
      await assertions.emitWithArgs(
        f.offering.write.createOffering([terms], { account: f.wallets.operator.account }),
        f.offering,
        "OfferingCreated",
        [1n, assetId, asRead(terms), 250],
      );
      assert.equal(await f.offering.read.offeringCount(), 1n);
      assert.deepEqual(await f.offering.read.terms([1n]), asRead(terms));
      assert.deepEqual(await f.offering.read.state([1n]), {
        status: OFFERING_STATUS.Open,
        feeBps: 250,
        sharesSold: 0n,
        raised: 0n,
        investorCount: 0,
      });
      assert.equal(await f.offering.read.latestOfferingOf([assetId]), 1n);
      assert.equal((await f.energyAsset.read.asset([assetId])).status, STATUS.Offering);
    });

    it("lets an OFFERING_MANAGER open an offering for someone else's asset", async () => {
      const f = await loadFixture(investors);
      const { ops, admin } = f.wallets;
      const assetId = await verifiedAsset(f);
      const terms = await offeringTerms(f, assetId);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], { account: ops.account }),
        f.offering,
        "NotAssetOperator",
        [assetId, ops.account.address],
      );
      await f.offering.write.grantRole([roles.OFFERING_MANAGER, ops.account.address], { account: admin.account });
      await f.offering.write.createOffering([terms], { account: ops.account });
      assert.equal((await f.offering.read.state([1n])).status, OFFERING_STATUS.Open);
      assert.equal((await f.energyAsset.read.asset([assetId])).status, STATUS.Offering);
    });

    it("reverts NotAssetOperator for anyone else (even the admin)", async () => {
      const f = await loadFixture(investors);
      const assetId = await verifiedAsset(f);
      const terms = await offeringTerms(f, assetId);
      for (const wallet of [f.wallets.alice, f.wallets.admin]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.offering.write.createOffering([terms], { account: wallet.account }),
          f.offering,
          "NotAssetOperator",
          [assetId, wallet.account.address],
        );
      }
      assert.equal(await f.offering.read.offeringCount(), 0n);
    });

    it("reverts UnknownAsset (EnergyAsset) for an unknown asset id", async () => {
      const f = await loadFixture(investors);
      const terms = await offeringTerms(f, 99n);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], { account: f.wallets.operator.account }),
        f.energyAsset,
        "UnknownAsset",
        [99n],
      );
    });

    const invalidTerms: Array<[string, string, (now: bigint) => Record<string, bigint | Address>]> = [
      ["a zero price", "pricePerShare", () => ({ pricePerShare: 0n })],
      ["a zero hard cap", "caps", () => ({ hardCapShares: 0n, softCapShares: 0n, minPurchaseShares: 0n })],
      ["a zero soft cap (nothing sold would succeed)", "caps", () => ({ softCapShares: 0n })],
      ["a soft cap above the hard cap", "caps", () => ({ softCapShares: 10_001n, hardCapShares: 10_000n })],
      ["a hard cap above the asset's 50,000 shares", "hardCapShares exceeds unissued shares", () => ({ hardCapShares: 50_001n })],
      ["a minimum purchase above the hard cap", "minPurchaseShares", () => ({ minPurchaseShares: 10_001n })],
      ["a per-investor maximum below the minimum", "maxSharesPerInvestor", () => ({ minPurchaseShares: 10n, maxSharesPerInvestor: 9n })],
      ["an end equal to the start", "window", (now) => ({ startTime: now + DAY, endTime: now + DAY })],
      ["an end before the start", "window", (now) => ({ startTime: now + 2n * DAY, endTime: now + DAY })],
      ["an end in the past", "window", (now) => ({ startTime: now - 2n * DAY, endTime: now - 1n })],
      ["a zero treasury", "treasury", () => ({ treasury: zeroAddress })],
    ];
    for (const [label, reason, overrides] of invalidTerms) {
      it(`reverts InvalidOfferingTerms("${reason}") for ${label}`, async () => {
        const f = await loadFixture(investors);
        const assetId = await verifiedAsset(f);
        const now = BigInt(await time.latest());
        const terms = await offeringTerms(f, assetId, overrides(now));
        await assertions.revertWithCustomErrorWithArgs(
          f.offering.write.createOffering([terms], { account: f.wallets.operator.account }),
          f.offering,
          "InvalidOfferingTerms",
          [reason],
        );
        assert.equal((await f.energyAsset.read.asset([assetId])).status, STATUS.Verified);
      });
    }

    it("accepts the boundaries: hard cap = every share, soft = hard = min = max", async () => {
      const f = await loadFixture(investors);
      const assetId = await verifiedAsset(f);
      const terms = await offeringTerms(f, assetId, {
        softCapShares: 50_000n,
        hardCapShares: 50_000n,
        minPurchaseShares: 50_000n,
        maxSharesPerInvestor: 50_000n,
      });
      await f.offering.write.createOffering([terms], { account: f.wallets.operator.account });
      assert.deepEqual(await f.offering.read.terms([1n]), asRead(terms));
    });

    it("requires a Verified asset (InvalidAssetStatus from EnergyAsset): Submitted, UnderReview, Offering, Active", async () => {
      const f = await loadFixture(investors);
      const { operator, ops, alice } = f.wallets;
      const asOperator = { account: operator.account };
      await f.energyAsset.write.registerAsset([solarSpec()], asOperator);
      const assetId = await f.energyAsset.read.assetCount();
      const terms = await offeringTerms(f, assetId, { hardCapShares: 1_000n, softCapShares: 1_000n });

      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], asOperator),
        f.energyAsset,
        "InvalidAssetStatus",
        [assetId, STATUS.Submitted],
      );
      await f.energyAsset.write.startReview([assetId], { account: ops.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], asOperator),
        f.energyAsset,
        "InvalidAssetStatus",
        [assetId, STATUS.UnderReview],
      );
      await f.energyAsset.write.verifyAsset([assetId], { account: ops.account });
      await f.offering.write.createOffering([terms], asOperator);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], asOperator),
        f.energyAsset,
        "InvalidAssetStatus",
        [assetId, STATUS.Offering],
      );
      await f.offering.write.purchase([1n, 1_000n], { account: alice.account });
      await f.offering.write.finalizeOffering([1n]);
      assert.equal((await f.energyAsset.read.asset([assetId])).status, STATUS.Active);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.createOffering([terms], asOperator),
        f.energyAsset,
        "InvalidAssetStatus",
        [assetId, STATUS.Active],
      );
      assert.equal(await f.offering.read.offeringCount(), 1n);
      assert.equal(await f.offering.read.latestOfferingOf([assetId]), 1n);
    });

    it("fixes the fee at creation: a later setPlatformFee applies to new offerings only", async () => {
      const f = await loadFixture(openDefault);
      await f.offering.write.setPlatformFee([800], { account: f.wallets.admin.account });
      assert.equal((await f.offering.read.state([f.offeringId])).feeBps, 250);
      const second = await openOffering(f, {}, solarSpec({ name: "Second farm" }));
      assert.equal((await f.offering.read.state([second.offeringId])).feeBps, 800);

      // The first offering's payout still uses 250 bps.
      await f.offering.write.purchase([f.offeringId, 1_000n], { account: f.wallets.alice.account });
      await time.increaseTo(f.terms.endTime + 1n);
      const platformBefore = await balance(f, f.wallets.treasury.account.address);
      await f.offering.write.finalizeOffering([f.offeringId]);
      assert.equal(await balance(f, f.wallets.treasury.account.address), platformBefore + eur(2_500));
    });

    it("tracks latestOfferingOf per asset, 0 for an asset without offerings", async () => {
      const f = await loadFixture(openDefault);
      const other = await verifiedAsset(f, solarSpec({ name: "Other farm" }));
      assert.equal(await f.offering.read.latestOfferingOf([other]), 0n);
      await f.offering.write.cancelOffering([f.offeringId, "wrong price"], { account: f.wallets.operator.account });
      assert.equal(await f.offering.read.latestOfferingOf([f.assetId]), f.offeringId);
      await f.offering.write.createOffering([await offeringTerms(f, other)], { account: f.wallets.operator.account });
      await f.offering.write.createOffering([await offeringTerms(f, f.assetId, { pricePerShare: eur(90) })], {
        account: f.wallets.operator.account,
      });
      assert.equal(await f.offering.read.latestOfferingOf([other]), 2n);
      assert.equal(await f.offering.read.latestOfferingOf([f.assetId]), 3n);
      assert.equal((await f.offering.read.terms([3n])).pricePerShare, eur(90));
    });
  });

  // ------------------------------------------------------------------ purchase

  describe("purchase", () => {
    it("escrows the cost in the Offering contract and updates state and contribution", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob } = f.wallets;
      const aliceBefore = await balance(f, alice.account.address);
      await f.offering.write.purchase([f.offeringId, 120n], { account: alice.account });
      await f.offering.write.purchase([f.offeringId, 30n], { account: alice.account });
      await f.offering.write.purchase([f.offeringId, 7n], { account: bob.account });

      assert.equal(await balance(f, alice.account.address), aliceBefore - eur(15_000));
      await assertEscrowBacked(f, eur(15_700));
      assert.deepEqual(await f.offering.read.state([f.offeringId]), {
        status: OFFERING_STATUS.Open,
        feeBps: 250,
        sharesSold: 157n,
        raised: eur(15_700),
        investorCount: 2,
      });
      assert.deepEqual(await f.offering.read.contribution([f.offeringId, alice.account.address]), {
        shares: 150n,
        paid: eur(15_000),
        settled: false,
      });
      assert.deepEqual(await f.offering.read.contribution([f.offeringId, bob.account.address]), {
        shares: 7n,
        paid: eur(700),
        settled: false,
      });
      // No shares exist until delivery.
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 0n);
    });

    it("numbers receipts and emits SharesPurchased", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob } = f.wallets;
      await f.offering.write.purchase([f.offeringId, 10n], { account: alice.account });
      const hash = await f.offering.write.purchase([f.offeringId, 25n], { account: bob.account });
      await assertions.emitWithArgs(Promise.resolve(hash), f.offering, "SharesPurchased", [
        f.offeringId,
        f.assetId,
        bob.account.address,
        2n,
        25n,
        eur(2_500),
      ]);
      assert.equal(await f.offering.read.receiptCount(), 2n);
      // The receipt is the event (indexed for ownership certificates); it carries the block time.
      const receipt = await f.publicClient.getTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      assert.ok((await blockTime(f, hash)) > 0n);
    });

    it("reverts OfferingNotStarted before the start, then sells once it starts", async () => {
      const f = await loadFixture(investors);
      const now = BigInt(await time.latest());
      const startTime = now + DAY;
      const { offeringId } = await openOffering(f, { startTime, endTime: now + 10n * DAY });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 10n], { account: f.wallets.alice.account }),
        f.offering,
        "OfferingNotStarted",
        [offeringId, startTime],
      );
      await time.setNextBlockTimestamp(startTime);
      const hash = await f.offering.write.purchase([offeringId, 10n], { account: f.wallets.alice.account });
      assert.equal(await blockTime(f, hash), startTime);
    });

    it("sells at exactly the end time and reverts OfferingClosed after it", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      await time.setNextBlockTimestamp(f.terms.endTime);
      const hash = await f.offering.write.purchase([f.offeringId, 10n], { account: alice.account });
      assert.equal(await blockTime(f, hash), f.terms.endTime);
      await time.increase(1);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: alice.account }),
        f.offering,
        "OfferingClosed",
        [f.offeringId],
      );
    });

    it("reverts OfferingClosed after cancellation and after finalization", async () => {
      const f = await loadFixture(openDefault);
      const { alice, operator } = f.wallets;
      await f.offering.write.cancelOffering([f.offeringId, "permit withdrawn"], { account: operator.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: alice.account }),
        f.offering,
        "OfferingClosed",
        [f.offeringId],
      );

      const { offeringId } = await openOffering(f, { softCapShares: 100n, hardCapShares: 100n });
      await f.offering.write.purchase([offeringId, 100n], { account: alice.account });
      await f.offering.write.finalizeOffering([offeringId]);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 1n], { account: f.wallets.bob.account }),
        f.offering,
        "OfferingClosed",
        [offeringId],
      );
    });

    it("reverts PurchaseBelowMinimum for 0 shares and below the minimum", async () => {
      const f = await loadFixture(investors);
      const { offeringId } = await openOffering(f, { minPurchaseShares: 10n });
      const { alice } = f.wallets;
      for (const shares of [0n, 9n]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.offering.write.purchase([offeringId, shares], { account: alice.account }),
          f.offering,
          "PurchaseBelowMinimum",
          [offeringId, shares, 10n],
        );
      }
      await f.offering.write.purchase([offeringId, 10n], { account: alice.account });
      assert.equal((await f.offering.read.state([offeringId])).sharesSold, 10n);
    });

    it("reverts PurchaseBelowMinimum for 0 shares even when the minimum is 0", async () => {
      const f = await loadFixture(investors);
      const { offeringId } = await openOffering(f, { minPurchaseShares: 0n });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 0n], { account: f.wallets.alice.account }),
        f.offering,
        "PurchaseBelowMinimum",
        [offeringId, 0n, 0n],
      );
      assert.equal(await f.offering.read.receiptCount(), 0n);
    });

    it("reverts HardCapReached with the shares remaining", async () => {
      const f = await loadFixture(investors);
      const { offeringId } = await openOffering(f, { softCapShares: 100n, hardCapShares: 2_000n });
      const { alice, bob, carol } = f.wallets;
      await f.offering.write.purchase([offeringId, 1_500n], { account: alice.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 501n], { account: bob.account }),
        f.offering,
        "HardCapReached",
        [offeringId, 500n],
      );
      await f.offering.write.purchase([offeringId, 500n], { account: bob.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 1n], { account: carol.account }),
        f.offering,
        "HardCapReached",
        [offeringId, 0n],
      );
      assert.equal((await f.offering.read.state([offeringId])).sharesSold, 2_000n);
    });

    it("reverts InvestorLimitExceeded counting the investor's earlier purchases", async () => {
      const f = await loadFixture(investors);
      const { offeringId } = await openOffering(f, { maxSharesPerInvestor: 500n });
      const { alice, bob } = f.wallets;
      await f.offering.write.purchase([offeringId, 200n], { account: alice.account });
      await f.offering.write.purchase([offeringId, 250n], { account: alice.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([offeringId, 51n], { account: alice.account }),
        f.offering,
        "InvestorLimitExceeded",
        [offeringId, 501n, 500n],
      );
      await f.offering.write.purchase([offeringId, 50n], { account: alice.account });
      // The limit is per wallet: bob still has his own 500.
      await f.offering.write.purchase([offeringId, 500n], { account: bob.account });
      assert.equal((await f.offering.read.contribution([offeringId, alice.account.address])).shares, 500n);
    });

    it("reverts RecipientNotVerified (Compliance) for a buyer without KYC", async () => {
      const f = await loadFixture(openDefault);
      const { eve } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: eve.account }),
        f.compliance,
        "RecipientNotVerified",
        [eve.account.address],
      );
      await assertEscrowBacked(f, 0n);
    });

    it("reverts CountryNotAllowed (Compliance) outside the asset's allowed countries", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob, ops } = f.wallets;
      await setRules(f, f.assetId, { restrictCountries: true });
      await f.compliance.write.setCountriesAllowed([f.assetId, [COUNTRY.ES, COUNTRY.FR], true], {
        account: ops.account,
      });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: bob.account }),
        f.compliance,
        "CountryNotAllowed",
        [f.assetId, bob.account.address, COUNTRY.DE],
      );
      await f.offering.write.purchase([f.offeringId, 10n], { account: alice.account });
      assert.equal((await f.offering.read.state([f.offeringId])).investorCount, 1);
    });

    it("reverts InvestorClassNotAllowed (Compliance) for a class the asset excludes", async () => {
      const f = await loadFixture(openDefault);
      const { alice, dave } = f.wallets;
      await setRules(f, f.assetId, { allowedClassesMask: 1 << INVESTOR_CLASS.Professional });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: alice.account }),
        f.compliance,
        "InvestorClassNotAllowed",
        [f.assetId, alice.account.address, INVESTOR_CLASS.Retail],
      );
      await f.offering.write.purchase([f.offeringId, 10n], { account: dave.account });
    });

    it("reverts MaxBalanceExceeded (Compliance) counting earlier purchases in the offering", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      await setRules(f, f.assetId, { maxBalance: 500n });
      await f.offering.write.purchase([f.offeringId, 300n], { account: alice.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 250n], { account: alice.account }),
        f.compliance,
        "MaxBalanceExceeded",
        [f.assetId, alice.account.address, 550n, 500n],
      );
      await f.offering.write.purchase([f.offeringId, 200n], { account: alice.account });
      assert.equal((await f.offering.read.contribution([f.offeringId, alice.account.address])).shares, 500n);
    });

    it("reverts BelowMinimumHolding (Compliance) when the investor's total stays below the minimum holding", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      await setRules(f, f.assetId, { minHolding: 100n });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 99n], { account: alice.account }),
        f.compliance,
        "BelowMinimumHolding",
        [f.assetId, alice.account.address, 99n, 100n],
      );
      await f.offering.write.purchase([f.offeringId, 100n], { account: alice.account });
      // Later purchases count on top of the earlier ones.
      await f.offering.write.purchase([f.offeringId, 5n], { account: alice.account });
      assert.equal((await f.offering.read.contribution([f.offeringId, alice.account.address])).shares, 105n);
    });

    it("reverts FrozenWallet (Compliance) for a frozen buyer", async () => {
      const f = await loadFixture(openDefault);
      const { alice, ops } = f.wallets;
      await f.energyAsset.write.setAddressFrozen([alice.account.address, true, "court order"], {
        account: ops.account,
      });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: alice.account }),
        f.compliance,
        "FrozenWallet",
        [alice.account.address],
      );
    });

    it("reverts EnforcedAssetPause (Compliance) while the asset is paused", async () => {
      const f = await loadFixture(openDefault);
      const { alice, ops } = f.wallets;
      await f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: alice.account }),
        f.compliance,
        "EnforcedAssetPause",
        [f.assetId],
      );
    });

    it("stops new investors at the asset's maximum holder count (shares are only delivered later)", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob, carol } = f.wallets;
      await setRules(f, f.assetId, { maxHolders: 2 });
      await f.offering.write.purchase([f.offeringId, 600n], { account: alice.account });
      await f.offering.write.purchase([f.offeringId, 400n], { account: bob.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 10n], { account: carol.account }),
        f.compliance,
        "MaxHoldersReached",
        [f.assetId, 2],
      );
      // Existing investors may still add to their purchase.
      await f.offering.write.purchase([f.offeringId, 10n], { account: alice.account });
      await time.increaseTo(f.terms.endTime + 1n);
      await f.offering.write.finalizeOffering([f.offeringId]);
      await f.offering.write.deliverShares([f.offeringId, [alice.account.address, bob.account.address]]);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 2n);
    });

    it("reverts with the stablecoin's ERC20InsufficientAllowance", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      await f.stablecoin.write.approve([f.offering.address, eur(150)], { account: alice.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 2n], { account: alice.account }),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.offering.address, eur(150), eur(200)],
      );
      await assertEscrowBacked(f, 0n);
      assert.equal(await f.offering.read.receiptCount(), 0n);
    });

    it("reverts with the stablecoin's ERC20InsufficientBalance", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob } = f.wallets;
      await f.stablecoin.write.transfer([bob.account.address, eur(1_000_000) - eur(50)], { account: alice.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchase([f.offeringId, 1n], { account: alice.account }),
        f.stablecoin,
        "ERC20InsufficientBalance",
        [alice.account.address, eur(50), eur(100)],
      );
      assert.equal((await f.offering.read.state([f.offeringId])).investorCount, 0);
    });

    it("reverts OfferingNotFound for unknown offering ids", async () => {
      const f = await loadFixture(openDefault);
      for (const id of [0n, 2n]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.offering.write.purchase([id, 1n], { account: f.wallets.alice.account }),
          f.offering,
          "OfferingNotFound",
          [id],
        );
      }
    });
  });

  // ------------------------------------------------------------------ purchaseWithPermit

  describe("purchaseWithPermit", () => {
    it("buys in one transaction from a wallet with zero allowance", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      await f.stablecoin.write.approve([f.offering.address, 0n], { account: alice.account });
      const cost = eur(1_200);
      const deadline = BigInt(await time.latest()) + 3600n;
      const { v, r, s } = await signPermit(f, alice, f.offering.address, cost, deadline);
      const before = await balance(f, alice.account.address);
      const nonceBefore = await f.stablecoin.read.nonces([alice.account.address]);

      await assertions.emitWithArgs(
        f.offering.write.purchaseWithPermit([f.offeringId, 12n, deadline, v, r, s], { account: alice.account }),
        f.offering,
        "SharesPurchased",
        [f.offeringId, f.assetId, alice.account.address, 1n, 12n, cost],
      );
      assert.equal(await balance(f, alice.account.address), before - cost);
      await assertEscrowBacked(f, cost);
      assert.equal(await f.stablecoin.read.nonces([alice.account.address]), nonceBefore + 1n);
      assert.equal(await f.stablecoin.read.allowance([alice.account.address, f.offering.address]), 0n);
    });

    it("still buys when the permit was front-run (already used) and the allowance exists", async () => {
      const f = await loadFixture(openDefault);
      const { alice, eve } = f.wallets;
      await f.stablecoin.write.approve([f.offering.address, 0n], { account: alice.account });
      const cost = eur(500);
      const deadline = BigInt(await time.latest()) + 3600n;
      const { v, r, s } = await signPermit(f, alice, f.offering.address, cost, deadline);
      // Someone watching the mempool submits the permit first.
      await f.stablecoin.write.permit([alice.account.address, f.offering.address, cost, deadline, v, r, s], {
        account: eve.account,
      });
      assert.equal(await f.stablecoin.read.allowance([alice.account.address, f.offering.address]), cost);
      await f.offering.write.purchaseWithPermit([f.offeringId, 5n, deadline, v, r, s], { account: alice.account });
      assert.equal((await f.offering.read.contribution([f.offeringId, alice.account.address])).paid, cost);
      await assertEscrowBacked(f, cost);
    });

    it("reverts ERC20InsufficientAllowance when the permit is invalid and no allowance exists", async () => {
      const f = await loadFixture(openDefault);
      const { alice, bob } = f.wallets;
      await f.stablecoin.write.approve([f.offering.address, 0n], { account: alice.account });
      const deadline = BigInt(await time.latest()) + 3600n;
      // Signed by bob, submitted by alice: the permit fails and is ignored, the transfer then fails.
      const { v, r, s } = await signPermit(f, bob, f.offering.address, eur(500), deadline);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchaseWithPermit([f.offeringId, 5n, deadline, v, r, s], { account: alice.account }),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.offering.address, 0n, eur(500)],
      );
    });

    it("applies the same checks as purchase (OfferingNotFound, PurchaseBelowMinimum)", async () => {
      const f = await loadFixture(openDefault);
      const { alice } = f.wallets;
      const deadline = BigInt(await time.latest()) + 3600n;
      const { v, r, s } = await signPermit(f, alice, f.offering.address, 0n, deadline);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchaseWithPermit([9n, 0n, deadline, v, r, s], { account: alice.account }),
        f.offering,
        "OfferingNotFound",
        [9n],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.purchaseWithPermit([f.offeringId, 0n, deadline, v, r, s], { account: alice.account }),
        f.offering,
        "PurchaseBelowMinimum",
        [f.offeringId, 0n, 1n],
      );
    });
  });

  // ------------------------------------------------------------------ finalizeOffering

  describe("finalizeOffering", () => {
    it("reverts OfferingStillOpen during the window while the hard cap is not sold", async () => {
      const f = await loadFixture(funded);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([f.offeringId]),
        f.offering,
        "OfferingStillOpen",
        [f.offeringId, f.terms.endTime],
      );
      await time.increaseTo(f.terms.endTime - 10n);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([f.offeringId]),
        f.offering,
        "OfferingStillOpen",
        [f.offeringId, f.terms.endTime],
      );
    });

    it("may close early once the hard cap is sold out", async () => {
      const f = await loadFixture(investors);
      const { offeringId, assetId } = await openOffering(f, { softCapShares: 1_000n, hardCapShares: 2_000n });
      await f.offering.write.purchase([offeringId, 1_200n], { account: f.wallets.alice.account });
      await f.offering.write.purchase([offeringId, 800n], { account: f.wallets.bob.account });
      await f.offering.write.finalizeOffering([offeringId], { account: f.wallets.eve.account });
      assert.equal((await f.offering.read.state([offeringId])).status, OFFERING_STATUS.Succeeded);
      assert.equal((await f.energyAsset.read.asset([assetId])).status, STATUS.Active);
    });

    it("on success pays the treasury raised − fee and the platform the fee; asset Active", async () => {
      const f = await loadFixture(funded);
      const { assetTreasury, treasury, eve } = f.wallets;
      const raised = eur(700_000);
      const fee = eur(17_500); // 2.5 %
      await time.increaseTo(f.terms.endTime + 1n);
      const assetBefore = await balance(f, assetTreasury.account.address);
      const platformBefore = await balance(f, treasury.account.address);

      await assertions.emitWithArgs(
        f.offering.write.finalizeOffering([f.offeringId], { account: eve.account }),
        f.offering,
        "OfferingFinalized",
        [f.offeringId, OFFERING_STATUS.Succeeded, 7_000n, raised, fee],
      );
      assert.equal(await balance(f, assetTreasury.account.address), assetBefore + eur(682_500));
      assert.equal(await balance(f, treasury.account.address), platformBefore + fee);
      await assertEscrowBacked(f, 0n);
      assert.equal((await f.offering.read.state([f.offeringId])).status, OFFERING_STATUS.Succeeded);
      assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Active);
    });

    it("rounds the fee down and pays it to the platform treasury current at finalization", async () => {
      const f = await loadFixture(investors);
      const { alice, bob, dave, assetTreasury, admin } = f.wallets;
      // 1.234567 dEUR per share; 1,001 shares raise 1,235.801567 dEUR; 2.5 % is 30.895039175 → 30.895039.
      const { offeringId } = await openOffering(f, { pricePerShare: 1_234_567n, softCapShares: 1_000n });
      await f.offering.write.purchase([offeringId, 600n], { account: alice.account });
      await f.offering.write.purchase([offeringId, 401n], { account: bob.account });
      await f.offering.write.setPlatformTreasury([dave.account.address], { account: admin.account });
      const terms = await f.offering.read.terms([offeringId]);
      await time.increaseTo(terms.endTime + 1n);
      const daveBefore = await balance(f, dave.account.address);

      await assertions.emitWithArgs(
        f.offering.write.finalizeOffering([offeringId]),
        f.offering,
        "OfferingFinalized",
        [offeringId, OFFERING_STATUS.Succeeded, 1_001n, 1_235_801_567n, 30_895_039n],
      );
      assert.equal(await balance(f, dave.account.address), daveBefore + 30_895_039n);
      assert.equal(await balance(f, assetTreasury.account.address), 1_204_906_528n);
      assert.equal(await balance(f, f.wallets.treasury.account.address), 0n);
      await assertEscrowBacked(f, 0n);
    });

    it("with a zero fee pays everything to the asset treasury", async () => {
      const f = await loadFixture(investors);
      await f.offering.write.setPlatformFee([0], { account: f.wallets.admin.account });
      const { offeringId } = await openOffering(f, { softCapShares: 10n, hardCapShares: 10n });
      await f.offering.write.purchase([offeringId, 10n], { account: f.wallets.alice.account });
      await assertions.emitWithArgs(
        f.offering.write.finalizeOffering([offeringId]),
        f.offering,
        "OfferingFinalized",
        [offeringId, OFFERING_STATUS.Succeeded, 10n, eur(1_000), 0n],
      );
      assert.equal(await balance(f, f.wallets.assetTreasury.account.address), eur(1_000));
      assert.equal(await balance(f, f.wallets.treasury.account.address), 0n);
    });

    it("below the soft cap fails: asset back to Verified, no payouts, escrow kept for refunds", async () => {
      const f = await loadFixture(openDefault);
      const { alice, assetTreasury, treasury } = f.wallets;
      await f.offering.write.purchase([f.offeringId, 999n], { account: alice.account });
      await time.increaseTo(f.terms.endTime + 1n);
      await assertions.emitWithArgs(
        f.offering.write.finalizeOffering([f.offeringId]),
        f.offering,
        "OfferingFinalized",
        [f.offeringId, OFFERING_STATUS.Failed, 999n, eur(99_900), 0n],
      );
      assert.equal((await f.offering.read.state([f.offeringId])).status, OFFERING_STATUS.Failed);
      assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Verified);
      assert.equal(await balance(f, assetTreasury.account.address), 0n);
      assert.equal(await balance(f, treasury.account.address), 0n);
      await assertEscrowBacked(f, eur(99_900));
    });

    it("reverts InvalidOfferingStatus on a second finalize and after cancellation", async () => {
      const f = await loadFixture(succeeded);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([f.offeringId]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Succeeded],
      );
      const failedOne = await openOffering(f, {}, solarSpec({ name: "Failing farm" }));
      const terms = await f.offering.read.terms([failedOne.offeringId]);
      await time.increaseTo(terms.endTime + 1n);
      await f.offering.write.finalizeOffering([failedOne.offeringId]);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([failedOne.offeringId]),
        f.offering,
        "InvalidOfferingStatus",
        [failedOne.offeringId, OFFERING_STATUS.Failed],
      );
      const cancelled = await openOffering(f, {}, solarSpec({ name: "Cancelled farm" }));
      await f.offering.write.cancelOffering([cancelled.offeringId, "x"], { account: f.wallets.operator.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([cancelled.offeringId]),
        f.offering,
        "InvalidOfferingStatus",
        [cancelled.offeringId, OFFERING_STATUS.Cancelled],
      );
    });

    it("only moves the finalized offering's escrow when several offerings are open", async () => {
      const f = await loadFixture(funded);
      const second = await openOffering(f, { hardCapShares: 100n, softCapShares: 100n }, solarSpec({ name: "B" }));
      await f.offering.write.purchase([second.offeringId, 100n], { account: f.wallets.carol.account });
      await assertEscrowBacked(f, eur(710_000));
      await f.offering.write.finalizeOffering([second.offeringId]);
      await assertEscrowBacked(f, eur(700_000));
      assert.equal(await balance(f, f.wallets.assetTreasury.account.address), eur(9_750));
    });

    it("reverts OfferingNotFound for an unknown id", async () => {
      const f = await loadFixture(investors);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.finalizeOffering([1n]),
        f.offering,
        "OfferingNotFound",
        [1n],
      );
    });
  });

  // ------------------------------------------------------------------ cancelOffering

  describe("cancelOffering", () => {
    it("lets the operator cancel: event with reason, asset back to Verified", async () => {
      const f = await loadFixture(funded);
      const { operator } = f.wallets;
      await assertions.emitWithArgs(
        f.offering.write.cancelOffering([f.offeringId, "grid connection refused"], { account: operator.account }),
        f.offering,
        "OfferingCancelled",
        [f.offeringId, "grid connection refused", operator.account.address],
      );
      assert.equal((await f.offering.read.state([f.offeringId])).status, OFFERING_STATUS.Cancelled);
      assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Verified);
      await assertEscrowBacked(f, eur(700_000));
    });

    it("lets an OFFERING_MANAGER cancel", async () => {
      const f = await loadFixture(openDefault);
      const { ops, admin } = f.wallets;
      await f.offering.write.grantRole([roles.OFFERING_MANAGER, ops.account.address], { account: admin.account });
      await assertions.emitWithArgs(
        f.offering.write.cancelOffering([f.offeringId, "regulator request"], { account: ops.account }),
        f.offering,
        "OfferingCancelled",
        [f.offeringId, "regulator request", ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Verified);
    });

    it("reverts NotAssetOperator for anyone else", async () => {
      const f = await loadFixture(openDefault);
      for (const wallet of [f.wallets.alice, f.wallets.admin]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.offering.write.cancelOffering([f.offeringId, "no"], { account: wallet.account }),
          f.offering,
          "NotAssetOperator",
          [f.assetId, wallet.account.address],
        );
      }
      assert.equal((await f.offering.read.state([f.offeringId])).status, OFFERING_STATUS.Open);
    });

    it("reverts InvalidOfferingStatus unless Open", async () => {
      const f = await loadFixture(succeeded);
      const asOperator = { account: f.wallets.operator.account };
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.cancelOffering([f.offeringId, "too late"], asOperator),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Succeeded],
      );
      const other = await openOffering(f, {}, solarSpec({ name: "B" }));
      await f.offering.write.cancelOffering([other.offeringId, "first"], asOperator);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.cancelOffering([other.offeringId, "second"], asOperator),
        f.offering,
        "InvalidOfferingStatus",
        [other.offeringId, OFFERING_STATUS.Cancelled],
      );
    });

    it("reverts OfferingNotFound for an unknown id", async () => {
      const f = await loadFixture(openDefault);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.cancelOffering([5n, "?"], { account: f.wallets.operator.account }),
        f.offering,
        "OfferingNotFound",
        [5n],
      );
    });
  });

  // ------------------------------------------------------------------ deliverShares

  describe("deliverShares", () => {
    it("mints each investor's exact shares, callable by anyone", async () => {
      const f = await loadFixture(succeeded);
      const { alice, bob, eve } = f.wallets;
      const hash = await f.offering.write.deliverShares([f.offeringId, [alice.account.address, bob.account.address]], {
        account: eve.account,
      });
      await assertions.emitWithArgs(Promise.resolve(hash), f.offering, "SharesDelivered", [
        f.offeringId,
        alice.account.address,
        4_000n,
      ]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.offering, "SharesDelivered", [
        f.offeringId,
        bob.account.address,
        3_000n,
      ]);
      assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 3_000n);
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 7_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 2n);
      assert.deepEqual(await f.offering.read.contribution([f.offeringId, alice.account.address]), {
        shares: 4_000n,
        paid: eur(400_000),
        settled: true,
      });
      // No lock-up without a lock-up rule.
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, alice.account.address]), 0n);
    });

    it("reverts NothingToSettle for a non-investor and on double delivery", async () => {
      const f = await loadFixture(succeeded);
      const { alice, carol } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [carol.account.address]]),
        f.offering,
        "NothingToSettle",
        [f.offeringId, carol.account.address],
      );
      await f.offering.write.deliverShares([f.offeringId, [alice.account.address]]);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [alice.account.address]]),
        f.offering,
        "NothingToSettle",
        [f.offeringId, alice.account.address],
      );
      // A batch listing the same investor twice is rejected as a whole.
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [f.wallets.bob.account.address, f.wallets.bob.account.address]]),
        f.offering,
        "NothingToSettle",
        [f.offeringId, f.wallets.bob.account.address],
      );
      assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.balanceOf([f.wallets.bob.account.address, f.assetId]), 0n);
    });

    it("reverts InvalidOfferingStatus unless Succeeded (Open, Failed, Cancelled)", async () => {
      const f = await loadFixture(funded);
      const alice = f.wallets.alice.account.address;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [alice]]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Open],
      );
      await f.offering.write.cancelOffering([f.offeringId, "stop"], { account: f.wallets.operator.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [alice]]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Cancelled],
      );
    });

    it("reverts InvalidOfferingStatus after a failed offering", async () => {
      const f = await loadFixture(failed);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([f.offeringId, [f.wallets.alice.account.address]]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Failed],
      );
    });

    it("starts the asset's lock-up at delivery", async () => {
      const f = await loadFixture(funded);
      const { alice, bob } = f.wallets;
      const lockUp = 90 * 24 * 3600;
      await setRules(f, f.assetId, { lockUpPeriod: lockUp });
      await time.increaseTo(f.terms.endTime + 1n);
      await f.offering.write.finalizeOffering([f.offeringId]);
      const hash = await f.offering.write.deliverShares([f.offeringId, [alice.account.address]]);
      const until = (await blockTime(f, hash)) + BigInt(lockUp);
      await assertions.emitWithArgs(Promise.resolve(hash), f.compliance, "LockUpStarted", [
        f.assetId,
        alice.account.address,
        until,
      ]);
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, alice.account.address]), until);
      assert.equal(await f.compliance.read.lockedUntil([f.assetId, bob.account.address]), 0n);
      await assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([alice.account.address, bob.account.address, f.assetId, 1n, "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "SharesLockedUp",
        [f.assetId, alice.account.address, until],
      );
    });

    it("reverts OfferingNotFound for an unknown id", async () => {
      const f = await loadFixture(investors);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.deliverShares([3n, []]),
        f.offering,
        "OfferingNotFound",
        [3n],
      );
    });
  });

  // ------------------------------------------------------------------ refund

  describe("refund", () => {
    it("returns exactly what each investor paid after failure, summing several purchases", async () => {
      const f = await loadFixture(failed);
      const { alice, bob, eve } = f.wallets;
      await assertEscrowBacked(f, eur(45_000));
      const aliceBefore = await balance(f, alice.account.address);
      const bobBefore = await balance(f, bob.account.address);

      const hash = await f.offering.write.refund([f.offeringId, [alice.account.address]], { account: eve.account });
      await assertions.emitWithArgs(Promise.resolve(hash), f.offering, "Refunded", [
        f.offeringId,
        alice.account.address,
        eur(35_000),
      ]);
      assert.equal(await balance(f, alice.account.address), aliceBefore + eur(35_000));
      await assertEscrowBacked(f, eur(10_000));

      await f.offering.write.refund([f.offeringId, [bob.account.address]]);
      assert.equal(await balance(f, bob.account.address), bobBefore + eur(10_000));
      await assertEscrowBacked(f, 0n);
      // Every investor is back where it started.
      assert.equal(await balance(f, alice.account.address), eur(1_000_000));
      assert.equal(await balance(f, bob.account.address), eur(1_000_000));
      assert.equal((await f.offering.read.contribution([f.offeringId, alice.account.address])).settled, true);
    });

    it("refunds after cancellation", async () => {
      const f = await loadFixture(funded);
      const { alice, bob, operator } = f.wallets;
      await f.offering.write.cancelOffering([f.offeringId, "force majeure"], { account: operator.account });
      await f.offering.write.refund([f.offeringId, [bob.account.address, alice.account.address]]);
      assert.equal(await balance(f, alice.account.address), eur(1_000_000));
      assert.equal(await balance(f, bob.account.address), eur(1_000_000));
      await assertEscrowBacked(f, 0n);
      assert.equal(await balance(f, f.wallets.assetTreasury.account.address), 0n);
    });

    it("reverts NothingToSettle on double refund and for non-investors", async () => {
      const f = await loadFixture(failed);
      const { alice, carol } = f.wallets;
      await f.offering.write.refund([f.offeringId, [alice.account.address]]);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.refund([f.offeringId, [alice.account.address]]),
        f.offering,
        "NothingToSettle",
        [f.offeringId, alice.account.address],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.refund([f.offeringId, [carol.account.address]]),
        f.offering,
        "NothingToSettle",
        [f.offeringId, carol.account.address],
      );
      await assertEscrowBacked(f, eur(10_000));
    });

    it("reverts InvalidOfferingStatus while Open and after success", async () => {
      const f = await loadFixture(funded);
      const alice = f.wallets.alice.account.address;
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.refund([f.offeringId, [alice]]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Open],
      );
      await time.increaseTo(f.terms.endTime + 1n);
      await f.offering.write.finalizeOffering([f.offeringId]);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.refund([f.offeringId, [alice]]),
        f.offering,
        "InvalidOfferingStatus",
        [f.offeringId, OFFERING_STATUS.Succeeded],
      );
    });

    it("keeps the escrow of other offerings intact", async () => {
      const f = await loadFixture(failed);
      const other = await openOffering(f, {}, solarSpec({ name: "B" }));
      await f.offering.write.purchase([other.offeringId, 30n], { account: f.wallets.carol.account });
      await assertEscrowBacked(f, eur(48_000));
      await f.offering.write.refund([f.offeringId, [f.wallets.alice.account.address, f.wallets.bob.account.address]]);
      await assertEscrowBacked(f, eur(3_000));
    });

    it("reverts OfferingNotFound for an unknown id", async () => {
      const f = await loadFixture(investors);
      await assertions.revertWithCustomErrorWithArgs(
        f.offering.write.refund([4n, [f.wallets.alice.account.address]]),
        f.offering,
        "OfferingNotFound",
        [4n],
      );
    });
  });

  // ------------------------------------------------------------------ views

  describe("views", () => {
    it("terms and state revert OfferingNotFound for unknown ids", async () => {
      const f = await loadFixture(openDefault);
      for (const id of [0n, 2n]) {
        await assertions.revertWithCustomErrorWithArgs(f.offering.read.terms([id]), f.offering, "OfferingNotFound", [id]);
        await assertions.revertWithCustomErrorWithArgs(f.offering.read.state([id]), f.offering, "OfferingNotFound", [id]);
      }
    });

    it("contribution reads as empty for unknown ids", async () => {
      const f = await loadFixture(openDefault);
      assert.deepEqual(await f.offering.read.contribution([7n, f.wallets.alice.account.address]), {
        shares: 0n,
        paid: 0n,
        settled: false,
      });
    });
  });
});
