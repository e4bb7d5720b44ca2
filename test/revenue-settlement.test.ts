import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, parseEventLogs, zeroAddress, type Address, type Hash } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import { PRICE_BOUNDS } from "../scripts/lib/deploy.ts";
import { eur, price, reportPeriod, revenueFixture, type Fixture } from "./helpers/fixture.ts";

const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
const INVOICE = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
const MAX_AGE = BigInt(PRICE_BOUNDS.maxAge);

function assertSameAddress(actual: Address, expected: Address) {
  assert.equal(getAddress(actual), getAddress(expected));
}

describe("RevenueSettlement", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture, time } = connection.networkHelpers;

  // ------------------------------------------------------------------ helpers

  const balance = (f: Fixture, account: Address) => f.stablecoin.read.balanceOf([account]);
  const asOperator = (f: Fixture) => ({ account: f.wallets.operator.account });
  const asAdmin = (f: Fixture) => ({ account: f.wallets.admin.account });
  const expense = (f: Fixture & { assetId: bigint }, periodId: bigint, amount: bigint, category = "maintenance", cid = INVOICE) =>
    f.revenueSettlement.write.recordExpense([f.assetId, periodId, amount, category, cid], asOperator(f));
  /** Publishes a price now (the feed's deployer is the admin). */
  const pushPrice = (f: Fixture, answer: bigint) => f.priceFeed.write.pushAnswer([answer], asAdmin(f));
  async function blockTime(f: Fixture, hash: Hash) {
    const { blockNumber } = await f.publicClient.waitForTransactionReceipt({ hash });
    return (await f.publicClient.getBlock({ blockNumber })).timestamp;
  }

  // ------------------------------------------------------------------ fixtures (named: loadFixture keys on identity)

  const revenue = () => revenueFixture(connection);

  /** Period 1 of the active asset reported: a day, 30 MWh; the feed answers 72.35 EUR/MWh (round 1). */
  async function reported() {
    const f = await revenueFixture(connection);
    const periodId = await reportPeriod(f, f.assetId, 30_000_000n, 24n);
    const period = await f.reportedProduction.read.production([f.assetId, periodId]);
    const [roundId, , , updatedAt] = await f.priceFeed.read.latestRoundData();
    return { ...f, periodId, period, roundId, updatedAt };
  }

  /** {reported} with 400.25 (maintenance) and 170.00 (insurance) dEUR of expenses on period 1. */
  async function withExpenses() {
    const f = await reported();
    await expense(f, f.periodId, eur("400.25"), "maintenance");
    await expense(f, f.periodId, eur(170), "insurance");
    return f;
  }

  /** {reported} reading production from a test source instead, whose period 1 is not final yet. */
  async function disputable() {
    const f = await reported();
    const source = await connection.viem.deployContract("MockProductionSource");
    await source.write.setPeriod([f.assetId, 1n, { ...f.period, isFinal: false }]);
    await f.revenueSettlement.write.setProductionSource([source.address], asAdmin(f));
    return { ...f, source };
  }

  /** The statement expected for {withExpenses}: gross 2,170.50, expenses 570.25, fee 5 % of 1,600.25. */
  function expectedStatement(f: Awaited<ReturnType<typeof reported>>) {
    return {
      assetId: f.assetId,
      periodId: 1n,
      periodStart: f.period.start,
      periodEnd: f.period.end,
      energyWh: 30_000_000n,
      priceAnswer: price("72.35"),
      priceDecimals: 8,
      priceRoundId: f.roundId,
      priceUpdatedAt: f.updatedAt,
      gross: eur("2170.5"), // 30 MWh × 72.35 EUR/MWh
      expenses: eur("570.25"),
      platformFeeBps: 500,
      platformFee: eur("80.0125"), // 5 % of 1,600.25
      net: eur("1520.2375"),
    };
  }

  // ------------------------------------------------------------------ initialization and administration

  describe("initialization", () => {
    it("is wired to the platform: distributor, reported production, treasury, fee, default feed and bounds", async () => {
      const f = await loadFixture(revenue);
      const s = f.revenueSettlement;
      assertSameAddress(await s.read.distributor(), f.revenueDistributor.address);
      assertSameAddress(await s.read.paymentToken(), f.stablecoin.address);
      assertSameAddress(await s.read.productionSource(), f.reportedProduction.address);
      assertSameAddress(await s.read.treasury(), f.wallets.treasury.account.address);
      assert.equal(await s.read.platformFeeBps(), 500);
      assert.deepEqual(await s.read.priceBounds(), [price(1), price(1_000), PRICE_BOUNDS.maxAge]);
      assertSameAddress(await s.read.priceFeedOf([0n]), f.priceFeed.address);
      assertSameAddress(await s.read.priceFeedOf([f.assetId]), f.priceFeed.address);
      assert.equal(await s.read.PRICE_DECIMALS(), 8);
      assert.equal(await s.read.MAX_FEE_BPS(), 2_000);
      assert.equal(await s.read.expenseCount(), 0n);
      assert.equal(await s.read.hasRole([roles.DEFAULT_ADMIN, f.wallets.admin.account.address]), true);
    });

    it("cannot be initialized twice, nor the implementation at all", async () => {
      const f = await loadFixture(revenue);
      const { eve } = f.wallets;
      const args = [
        eve.account.address,
        f.energyAsset.address,
        f.revenueDistributor.address,
        f.reportedProduction.address,
        eve.account.address,
        0,
      ] as const;
      await assertions.revertWithCustomError(
        f.revenueSettlement.write.initialize(args, { account: eve.account }),
        f.revenueSettlement,
        "InvalidInitialization",
      );
      const slot = await f.publicClient.getStorageAt({ address: f.revenueSettlement.address, slot: IMPLEMENTATION_SLOT });
      const implementation = await connection.viem.getContractAt("RevenueSettlement", `0x${slot!.slice(26)}`);
      await assertions.revertWithCustomError(
        implementation.write.initialize(args, { account: eve.account }),
        implementation,
        "InvalidInitialization",
      );
    });

    it("refuses a zero treasury or production source and a fee above 20 % at initialization", async () => {
      const f = await loadFixture(revenue);
      const implementation = await connection.viem.deployContract("RevenueSettlement");
      const admin = f.wallets.admin.account.address;
      const deploy = (source: Address, treasury: Address, fee: number) =>
        connection.viem.deployContract("ERC1967Proxy", [
          implementation.address,
          encodeFunctionData({
            abi: implementation.abi,
            functionName: "initialize",
            args: [admin, f.energyAsset.address, f.revenueDistributor.address, source, treasury, fee],
          }),
        ]);
      await assertions.revertWithCustomErrorWithArgs(
        deploy(f.reportedProduction.address, zeroAddress, 500),
        implementation,
        "InvalidAddress",
        [zeroAddress],
      );
      await assertions.revertWithCustomErrorWithArgs(
        deploy(zeroAddress, admin, 500),
        implementation,
        "InvalidAddress",
        [zeroAddress],
      );
      await assertions.revertWithCustomErrorWithArgs(
        deploy(f.reportedProduction.address, admin, 2_001),
        implementation,
        "FeeTooHigh",
        [2_001, 2_000],
      );
    });

    it("upgrades only by the admin, keeping its state", async () => {
      const f = await loadFixture(withExpenses);
      const next = await connection.viem.deployContract("RevenueSettlement");
      const { operator } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.upgradeToAndCall([next.address, "0x"], { account: operator.account }),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [operator.account.address, roles.DEFAULT_ADMIN],
      );
      await f.revenueSettlement.write.upgradeToAndCall([next.address, "0x"], asAdmin(f));
      const slot = await f.publicClient.getStorageAt({ address: f.revenueSettlement.address, slot: IMPLEMENTATION_SLOT });
      assert.equal(`0x${slot!.slice(26)}`, next.address.toLowerCase());
      assert.equal(await f.revenueSettlement.read.expensesOf([f.assetId, 1n]), eur("570.25"));
      assert.equal(await f.revenueSettlement.read.platformFeeBps(), 500);
    });
  });

  describe("setPriceFeed", () => {
    it("sets an asset's own feed over the default, and removing it falls back to the default", async () => {
      const f = await loadFixture(reported);
      const own = await connection.viem.deployContract("MockEnergyPriceFeed", [price("55.5")]);
      await assertions.emitWithArgs(
        f.revenueSettlement.write.setPriceFeed([f.assetId, own.address], asAdmin(f)),
        f.revenueSettlement,
        "PriceFeedSet",
        [f.assetId, own.address],
      );
      assertSameAddress(await f.revenueSettlement.read.priceFeedOf([f.assetId]), own.address);
      assertSameAddress(await f.revenueSettlement.read.priceFeedOf([f.assetId + 1n]), f.priceFeed.address);
      const statement = await f.revenueSettlement.read.quote([f.assetId, f.periodId]);
      assert.equal(statement.priceAnswer, price("55.5"));
      assert.equal(statement.gross, eur(1_665)); // 30 MWh × 55.50
      await f.revenueSettlement.write.setPriceFeed([f.assetId, zeroAddress], asAdmin(f));
      assertSameAddress(await f.revenueSettlement.read.priceFeedOf([f.assetId]), f.priceFeed.address);
      assert.equal((await f.revenueSettlement.read.quote([f.assetId, f.periodId])).priceAnswer, price("72.35"));
    });

    it("reverts InvalidPriceFeed for a feed without 8 decimals", async () => {
      const f = await loadFixture(revenue);
      // The stablecoin answers decimals() = 6.
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setPriceFeed([f.assetId, f.stablecoin.address], asAdmin(f)),
        f.revenueSettlement,
        "InvalidPriceFeed",
        [f.stablecoin.address],
      );
    });

    it("is admin only", async () => {
      const f = await loadFixture(revenue);
      const { operator } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setPriceFeed([0n, zeroAddress], asOperator(f)),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [operator.account.address, roles.DEFAULT_ADMIN],
      );
    });
  });

  describe("setPriceBounds", () => {
    it("sets the range and maximum age, emitting PriceBoundsSet", async () => {
      const f = await loadFixture(revenue);
      await assertions.emitWithArgs(
        f.revenueSettlement.write.setPriceBounds([price(10), price(10), 3_600], asAdmin(f)),
        f.revenueSettlement,
        "PriceBoundsSet",
        [price(10), price(10), 3_600],
      );
      assert.deepEqual(await f.revenueSettlement.read.priceBounds(), [price(10), price(10), 3_600]);
    });

    it("reverts InvalidPriceBounds for a non-positive minimum, an inverted range or a zero age", async () => {
      const f = await loadFixture(revenue);
      for (const [min, max, age] of [
        [0n, price(100), 3_600],
        [-price(1), price(100), 3_600],
        [price(100), price(99), 3_600],
        [price(1), price(100), 0],
      ] as const) {
        await assertions.revertWithCustomError(
          f.revenueSettlement.write.setPriceBounds([min, max, age], asAdmin(f)),
          f.revenueSettlement,
          "InvalidPriceBounds",
        );
      }
    });

    it("is admin only", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setPriceBounds([1n, 2n, 3], asOperator(f)),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [f.wallets.operator.account.address, roles.DEFAULT_ADMIN],
      );
    });
  });

  describe("setProductionSource", () => {
    it("sets the source, emitting ProductionSourceSet", async () => {
      const f = await loadFixture(revenue);
      const source = await connection.viem.deployContract("MockProductionSource");
      await assertions.emitWithArgs(
        f.revenueSettlement.write.setProductionSource([source.address], asAdmin(f)),
        f.revenueSettlement,
        "ProductionSourceSet",
        [source.address],
      );
      assertSameAddress(await f.revenueSettlement.read.productionSource(), source.address);
    });

    it("reverts InvalidAddress for zero and is admin only", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setProductionSource([zeroAddress], asAdmin(f)),
        f.revenueSettlement,
        "InvalidAddress",
        [zeroAddress],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setProductionSource([f.reportedProduction.address], asOperator(f)),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [f.wallets.operator.account.address, roles.DEFAULT_ADMIN],
      );
    });
  });

  describe("setPlatformFee", () => {
    it("sets up to 2000 bps, emitting PlatformFeeSet", async () => {
      const f = await loadFixture(revenue);
      await assertions.emitWithArgs(
        f.revenueSettlement.write.setPlatformFee([2_000], asAdmin(f)),
        f.revenueSettlement,
        "PlatformFeeSet",
        [2_000],
      );
      assert.equal(await f.revenueSettlement.read.platformFeeBps(), 2_000);
    });

    it("reverts FeeTooHigh above 2000 bps and is admin only", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setPlatformFee([2_001], asAdmin(f)),
        f.revenueSettlement,
        "FeeTooHigh",
        [2_001, 2_000],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setPlatformFee([0], asOperator(f)),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [f.wallets.operator.account.address, roles.DEFAULT_ADMIN],
      );
      assert.equal(await f.revenueSettlement.read.platformFeeBps(), 500);
    });
  });

  describe("setTreasury", () => {
    it("moves where fees go, emitting TreasurySet", async () => {
      const f = await loadFixture(withExpenses);
      const { dave } = f.wallets;
      await assertions.emitWithArgs(
        f.revenueSettlement.write.setTreasury([dave.account.address], asAdmin(f)),
        f.revenueSettlement,
        "TreasurySet",
        [dave.account.address],
      );
      const before = await balance(f, dave.account.address);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      assert.equal(await balance(f, dave.account.address), before + eur("80.0125"));
    });

    it("reverts InvalidAddress for zero and is admin only", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setTreasury([zeroAddress], asAdmin(f)),
        f.revenueSettlement,
        "InvalidAddress",
        [zeroAddress],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.setTreasury([f.wallets.operator.account.address], asOperator(f)),
        f.revenueSettlement,
        "AccessControlUnauthorizedAccount",
        [f.wallets.operator.account.address, roles.DEFAULT_ADMIN],
      );
    });
  });

  // ------------------------------------------------------------------ recordExpense

  describe("recordExpense", () => {
    it("records expenses with their invoice, numbered across assets, summed per period", async () => {
      const f = await loadFixture(reported);
      const { operator } = f.wallets;
      const { result } = await f.revenueSettlement.simulate.recordExpense(
        [f.assetId, f.periodId, eur("400.25"), "maintenance", INVOICE],
        { account: operator.account.address },
      );
      assert.equal(result, 1n);
      await assertions.emitWithArgs(
        expense(f, f.periodId, eur("400.25"), "maintenance"),
        f.revenueSettlement,
        "ExpenseRecorded",
        [f.assetId, f.periodId, 1n, eur("400.25"), "maintenance", INVOICE, operator.account.address],
      );
      await assertions.emitWithArgs(
        expense(f, f.periodId, eur(170), "insurance", "bafkreiinsurance"),
        f.revenueSettlement,
        "ExpenseRecorded",
        [f.assetId, f.periodId, 2n, eur(170), "insurance", "bafkreiinsurance", operator.account.address],
      );
      assert.equal(await f.revenueSettlement.read.expensesOf([f.assetId, f.periodId]), eur("570.25"));
      assert.equal(await f.revenueSettlement.read.expenseCount(), 2n);
      assert.equal(await f.revenueSettlement.read.expensesOf([f.assetId, 2n]), 0n);
    });

    it("reverts NotAssetOperator for anyone else (even the admin)", async () => {
      const f = await loadFixture(reported);
      for (const wallet of [f.wallets.alice, f.wallets.admin]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.revenueSettlement.write.recordExpense([f.assetId, f.periodId, eur(1), "x", INVOICE], { account: wallet.account }),
          f.revenueSettlement,
          "NotAssetOperator",
          [f.assetId, wallet.account.address],
        );
      }
    });

    it("reverts ZeroAmount and MissingDocument", async () => {
      const f = await loadFixture(reported);
      await assertions.revertWithCustomError(expense(f, f.periodId, 0n), f.revenueSettlement, "ZeroAmount");
      await assertions.revertWithCustomError(
        expense(f, f.periodId, eur(1), "maintenance", ""),
        f.revenueSettlement,
        "MissingDocument",
      );
      assert.equal(await f.revenueSettlement.read.expenseCount(), 0n);
    });

    it("reverts for a period the production source does not know (UnknownPeriod)", async () => {
      const f = await loadFixture(reported);
      for (const periodId of [0n, 2n]) {
        await assertions.revertWithCustomErrorWithArgs(
          expense(f, periodId, eur(1)),
          f.reportedProduction,
          "UnknownPeriod",
          [f.assetId, periodId],
        );
      }
    });

    it("reverts UnknownAsset (EnergyAsset) for an unknown asset", async () => {
      const f = await loadFixture(reported);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.recordExpense([99n, 1n, eur(1), "x", INVOICE], asOperator(f)),
        f.energyAsset,
        "UnknownAsset",
        [99n],
      );
    });

    it("reverts AlreadySettled once the period is settled", async () => {
      const f = await loadFixture(withExpenses);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      await assertions.revertWithCustomErrorWithArgs(
        expense(f, f.periodId, eur(1)),
        f.revenueSettlement,
        "AlreadySettled",
        [f.assetId, f.periodId],
      );
    });
  });

  // ------------------------------------------------------------------ settle

  describe("settle", () => {
    it("settles with exact arithmetic: fee to the treasury, net to the holders, a full statement", async () => {
      const f = await loadFixture(withExpenses);
      const { operator, treasury, alice, bob, carol } = f.wallets;
      const expected = expectedStatement(f);
      const operatorCash = await balance(f, operator.account.address);
      const treasuryCash = await balance(f, treasury.account.address);
      const { result } = await f.revenueSettlement.simulate.settle([f.assetId, f.periodId], {
        account: operator.account.address,
      });
      assert.deepEqual(result, expected);
      const hash = await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueSettlement, "Settled", [
        f.assetId,
        f.periodId,
        operator.account.address,
        expected,
      ]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueDeposited", [
        f.assetId,
        1n,
        f.revenueSettlement.address,
        eur("1520.2375"),
        10_000n,
      ]);
      assert.equal(await balance(f, operator.account.address), operatorCash - eur("1600.25"));
      assert.equal(await balance(f, treasury.account.address), treasuryCash + eur("80.0125"));
      assert.equal(await balance(f, f.revenueDistributor.address), eur("1520.2375"));
      assert.equal(await balance(f, f.revenueSettlement.address), 0n);
      assert.equal(await f.stablecoin.read.allowance([f.revenueSettlement.address, f.revenueDistributor.address]), 0n);
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), true);
      // 4,000 / 3,000 / 3,000 of 10,000 shares
      assert.equal(await f.revenueDistributor.read.claimable([f.assetId, alice.account.address]), eur("608.095"));
      assert.equal(await f.revenueDistributor.read.claimable([f.assetId, bob.account.address]), eur("456.07125"));
      assert.equal(await f.revenueDistributor.read.claimable([f.assetId, carol.account.address]), eur("456.07125"));
    });

    it("rounds gross and fee down with awkward numbers", async () => {
      const f = await loadFixture(revenue);
      await pushPrice(f, 7_123_456_789n); // 71.23456789 EUR/MWh
      const periodId = await reportPeriod(f, f.assetId, 12_345_678n, 5n);
      await f.revenueSettlement.write.recordExpense([f.assetId, periodId, 100_000_001n, "lease", INVOICE], asOperator(f));
      const statement = await f.revenueSettlement.read.quote([f.assetId, periodId]);
      // 12.345678 MWh × 71.23456789 EUR/MWh = 879.43903763907942 EUR
      assert.equal(statement.gross, 879_439_037n);
      assert.equal(statement.gross, (12_345_678n * 7_123_456_789n) / 10n ** 8n);
      assert.equal(statement.expenses, 100_000_001n);
      assert.equal(statement.platformFee, 38_971_951n); // 5 % of 779,439,036 = 38,971,951.8
      assert.equal(statement.net, 740_467_085n);
      assert.equal(statement.platformFee + statement.net + statement.expenses, statement.gross);
      await f.revenueSettlement.write.settle([f.assetId, periodId], asOperator(f));
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), 740_467_085n);
    });

    it("without expenses the whole gross is operating profit", async () => {
      const f = await loadFixture(reported);
      const statement = await f.revenueSettlement.read.quote([f.assetId, f.periodId]);
      assert.equal(statement.expenses, 0n);
      assert.equal(statement.platformFee, eur("108.525")); // 5 % of 2,170.50
      assert.equal(statement.net, eur("2061.975"));
    });

    it("with a zero fee everything goes to the holders", async () => {
      const f = await loadFixture(withExpenses);
      await f.revenueSettlement.write.setPlatformFee([0], asAdmin(f));
      const treasuryCash = await balance(f, f.wallets.treasury.account.address);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      assert.equal(await balance(f, f.wallets.treasury.account.address), treasuryCash);
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur("1600.25"));
    });

    it("expenses above gross settle to zero: nothing moves, nothing is deposited", async () => {
      const f = await loadFixture(reported);
      const { operator, treasury } = f.wallets;
      await expense(f, f.periodId, eur("2170.51"), "repair");
      const operatorCash = await balance(f, operator.account.address);
      const treasuryCash = await balance(f, treasury.account.address);
      const hash = await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueSettlement, "Settled", [
        f.assetId,
        f.periodId,
        operator.account.address,
        { ...expectedStatement(f), expenses: eur("2170.51"), platformFee: 0n, net: 0n },
      ]);
      const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(parseEventLogs({ abi: f.stablecoin.abi, logs, eventName: "Transfer" }).length, 0);
      assert.equal(await balance(f, operator.account.address), operatorCash);
      assert.equal(await balance(f, treasury.account.address), treasuryCash);
      assert.equal(await f.revenueDistributor.read.distributionCount(), 0n);
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), true);
    });

    it("expenses exactly equal to gross also settle to zero", async () => {
      const f = await loadFixture(reported);
      await expense(f, f.periodId, eur("2170.5"));
      const statement = await f.revenueSettlement.read.quote([f.assetId, f.periodId]);
      assert.equal(statement.net, 0n);
      assert.equal(statement.platformFee, 0n);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      assert.equal(await f.revenueDistributor.read.distributionCount(), 0n);
    });

    it("reverts AlreadySettled the second time", async () => {
      const f = await loadFixture(withExpenses);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f)),
        f.revenueSettlement,
        "AlreadySettled",
        [f.assetId, f.periodId],
      );
      assert.equal(await f.revenueDistributor.read.distributionCount(), 1n);
    });

    it("reverts NotAssetOperator for anyone else; a new operator can settle", async () => {
      const f = await loadFixture(withExpenses);
      const { alice, admin, dave } = f.wallets;
      for (const wallet of [alice, admin]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.revenueSettlement.write.settle([f.assetId, f.periodId], { account: wallet.account }),
          f.revenueSettlement,
          "NotAssetOperator",
          [f.assetId, wallet.account.address],
        );
      }
      await f.energyAsset.write.setOperator([f.assetId, dave.account.address], asAdmin(f));
      await f.stablecoin.write.approve([f.revenueSettlement.address, eur("1600.25")], { account: dave.account });
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], { account: dave.account });
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), true);
    });

    it("reverts PeriodNotFinal while the period is disputable, settles once final", async () => {
      const f = await loadFixture(disputable);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, 1n], asOperator(f)),
        f.revenueSettlement,
        "PeriodNotFinal",
        [f.assetId, 1n],
      );
      // The operator can still review the statement.
      assert.equal((await f.revenueSettlement.read.quote([f.assetId, 1n])).gross, eur("2170.5"));
      await f.source.write.setPeriod([f.assetId, 1n, { ...f.period, isFinal: true }]);
      await f.revenueSettlement.write.settle([f.assetId, 1n], asOperator(f));
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, 1n]), true);
    });

    it("reverts UnknownPeriod (production source) for a period never reported", async () => {
      const f = await loadFixture(reported);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, 2n], asOperator(f)),
        f.reportedProduction,
        "UnknownPeriod",
        [f.assetId, 2n],
      );
    });

    it("reverts StalePrice once the answer is older than the maximum age; a fresh answer settles", async () => {
      const f = await loadFixture(reported);
      await time.increaseTo(f.updatedAt + MAX_AGE + 1n);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f)),
        f.revenueSettlement,
        "StalePrice",
        [f.updatedAt, MAX_AGE],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.read.quote([f.assetId, f.periodId]),
        f.revenueSettlement,
        "StalePrice",
        [f.updatedAt, MAX_AGE],
      );
      const pushedAt = await blockTime(f, await pushPrice(f, price("80.1")));
      const hash = await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      const [event] = parseEventLogs({
        abi: f.revenueSettlement.abi,
        logs: (await f.publicClient.waitForTransactionReceipt({ hash })).logs,
        eventName: "Settled",
      });
      assert.equal(event!.args.statement.priceRoundId, 2n);
      assert.equal(event!.args.statement.priceUpdatedAt, pushedAt);
      assert.equal(event!.args.statement.priceAnswer, price("80.1"));
      assert.equal(event!.args.statement.gross, eur(2_403)); // 30 MWh × 80.10
    });

    it("accepts an answer exactly the maximum age old", async () => {
      const f = await loadFixture(reported);
      await time.setNextBlockTimestamp(f.updatedAt + MAX_AGE);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), true);
    });

    it("reverts PriceOutOfBounds below the minimum, above the maximum, at zero and for negative answers", async () => {
      const f = await loadFixture(reported);
      for (const answer of [price("0.99999999"), price("1000.00000001"), 0n, -price(50)]) {
        await pushPrice(f, answer);
        await assertions.revertWithCustomErrorWithArgs(
          f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f)),
          f.revenueSettlement,
          "PriceOutOfBounds",
          [answer, price(1), price(1_000)],
        );
      }
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), false);
    });

    it("accepts answers at the bounds", async () => {
      const f = await loadFixture(reported);
      await pushPrice(f, price(1));
      assert.equal((await f.revenueSettlement.read.quote([f.assetId, f.periodId])).gross, eur(30));
      await pushPrice(f, price(1_000));
      assert.equal((await f.revenueSettlement.read.quote([f.assetId, f.periodId])).gross, eur(30_000));
    });

    it("a fresh deployment refuses prices until the admin sets a feed and bounds", async () => {
      const f = await loadFixture(reported);
      // Bounds cannot be unset through the setter; a fresh deployment starts without them.
      const implementation = await connection.viem.deployContract("RevenueSettlement");
      const proxy = await connection.viem.deployContract("ERC1967Proxy", [
        implementation.address,
        encodeFunctionData({
          abi: implementation.abi,
          functionName: "initialize",
          args: [
            f.wallets.admin.account.address,
            f.energyAsset.address,
            f.revenueDistributor.address,
            f.reportedProduction.address,
            f.wallets.treasury.account.address,
            500,
          ],
        }),
      ]);
      const bare = await connection.viem.getContractAt("RevenueSettlement", proxy.address);
      await assertions.revertWithCustomErrorWithArgs(
        bare.read.quote([f.assetId, f.periodId]),
        bare,
        "NoPriceFeed",
        [f.assetId],
      );
      await bare.write.setPriceFeed([0n, f.priceFeed.address], asAdmin(f));
      await assertions.revertWithCustomErrorWithArgs(
        bare.read.quote([f.assetId, f.periodId]),
        bare,
        "StalePrice",
        [f.updatedAt, 0n],
      );
      await bare.write.setPriceBounds([price(1), price(1_000), PRICE_BOUNDS.maxAge], asAdmin(f));
      assert.equal((await bare.read.quote([f.assetId, f.periodId])).gross, eur("2170.5"));
    });

    it("reverts NoPriceFeed without an asset feed or a default one", async () => {
      const f = await loadFixture(reported);
      await f.revenueSettlement.write.setPriceFeed([0n, zeroAddress], asAdmin(f));
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f)),
        f.revenueSettlement,
        "NoPriceFeed",
        [f.assetId],
      );
    });

    it("reverts when the operator has not approved the funding (the stablecoin's error)", async () => {
      const f = await loadFixture(withExpenses);
      await f.stablecoin.write.approve([f.revenueSettlement.address, 0n], asOperator(f));
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f)),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.revenueSettlement.address, 0n, eur("80.0125")],
      );
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), false);
    });
  });

  // ------------------------------------------------------------------ quote

  describe("quote", () => {
    it("returns settle's statement without changing anything", async () => {
      const f = await loadFixture(withExpenses);
      const operatorCash = await balance(f, f.wallets.operator.account.address);
      assert.deepEqual(await f.revenueSettlement.read.quote([f.assetId, f.periodId]), expectedStatement(f));
      assert.equal(await f.revenueSettlement.read.isSettled([f.assetId, f.periodId]), false);
      assert.equal(await balance(f, f.wallets.operator.account.address), operatorCash);
    });

    it("reverts AlreadySettled after settlement and UnknownPeriod for unknown periods", async () => {
      const f = await loadFixture(withExpenses);
      await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.read.quote([f.assetId, f.periodId]),
        f.revenueSettlement,
        "AlreadySettled",
        [f.assetId, f.periodId],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueSettlement.read.quote([f.assetId, 5n]),
        f.reportedProduction,
        "UnknownPeriod",
        [f.assetId, 5n],
      );
    });
  });

  // ------------------------------------------------------------------ the development price feed

  describe("MockEnergyPriceFeed", () => {
    it("describes itself like a Chainlink EUR/MWh feed and starts at 72.35", async () => {
      const f = await loadFixture(revenue);
      assert.equal(await f.priceFeed.read.decimals(), 8);
      assert.equal(await f.priceFeed.read.description(), "EUR / MWh (development)");
      assert.equal(await f.priceFeed.read.version(), 1n);
      assertSameAddress(await f.priceFeed.read.updater(), f.wallets.admin.account.address);
      const [roundId, answer, startedAt, updatedAt, answeredInRound] = await f.priceFeed.read.latestRoundData();
      assert.deepEqual([roundId, answer, answeredInRound], [1n, price("72.35"), 1n]);
      assert.equal(startedAt, updatedAt);
      assert.ok(updatedAt > 0n);
    });

    it("pushes new rounds at the block time and keeps the history", async () => {
      const f = await loadFixture(revenue);
      await time.increase(3_600);
      const hash = await pushPrice(f, price("95.12"));
      const at = await blockTime(f, hash);
      await assertions.emitWithArgs(Promise.resolve(hash), f.priceFeed, "AnswerUpdated", [price("95.12"), 2n, at]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.priceFeed, "NewRound", [
        2n,
        f.wallets.admin.account.address,
        at,
      ]);
      await time.increase(3_600);
      await pushPrice(f, price("43.9"));
      assert.equal(await f.priceFeed.read.latestRound(), 3n);
      assert.deepEqual(await f.priceFeed.read.latestRoundData(), [3n, price("43.9"), at + 3_601n, at + 3_601n, 3n]);
      assert.deepEqual(await f.priceFeed.read.getRoundData([2n]), [2n, price("95.12"), at, at, 2n]);
      assert.equal((await f.priceFeed.read.getRoundData([1n]))[1], price("72.35"));
    });

    it("reverts NoDataPresent for round 0 and rounds not yet published", async () => {
      const f = await loadFixture(revenue);
      for (const roundId of [0n, 2n]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.priceFeed.read.getRoundData([roundId]),
          f.priceFeed,
          "NoDataPresent",
          [roundId],
        );
      }
    });

    it("only its deployer pushes answers (NotUpdater)", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomErrorWithArgs(
        f.priceFeed.write.pushAnswer([price(1)], asOperator(f)),
        f.priceFeed,
        "NotUpdater",
        [f.wallets.operator.account.address],
      );
      assert.equal(await f.priceFeed.read.latestRound(), 1n);
    });
  });

  it("settles several periods in a row, each deposited once", async () => {
    const f = await loadFixture(reported);
    await f.revenueSettlement.write.settle([f.assetId, f.periodId], asOperator(f));
    const second = await reportPeriod(f, f.assetId, 10_000_000n, 12n);
    await pushPrice(f, price(60));
    await f.revenueSettlement.write.settle([f.assetId, second], asOperator(f));
    // 2,061.975 + 95 % of 600.00
    assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur("2061.975") + eur(570));
    assert.equal(await f.revenueDistributor.read.distributionCount(), 2n);
  });
});
