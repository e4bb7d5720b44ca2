import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import hre from "hardhat";
import { getAddress, keccak256, maxUint256, toHex, zeroAddress, type Hex } from "viem";
import { decodeRequestData } from "../oracle-relay/don-simulator/execute.ts";
import {
  ARGS_ECHO_SOURCE,
  DISPUTE_WINDOW,
  PERIOD_STATUS,
  RELAY_URL,
  REJECTION,
  REQUEST_TIMEOUT,
  donFor,
  encodeResult,
  fulfil,
  meteringFixture,
  requestPeriod,
  type MeteringFixture,
} from "./helpers/metering.ts";
import { HOUR, price, verifiedAsset } from "./helpers/fixture.ts";

const CAPACITY_W = 5_000_000n; // the fixture's solar farm
const HOUR_MAX_WH = CAPACITY_W; // nameplate energy of one hour

describe("ProductionOracle", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture, time } = connection.networkHelpers;

  const metering = () => meteringFixture(connection);

  /** The fixture plus the boundaries of two past hours. */
  async function withHours() {
    const m = await loadFixture(metering);
    const now = BigInt(await time.latest());
    return { m, h0: now - 2n * HOUR, h1: now - HOUR, h2: now };
  }

  /** One period requested and proposed with 1 MWh. */
  async function proposed() {
    const { m, h0, h1, h2 } = await withHours();
    const request = await requestPeriod(m, h0, h1);
    const outcome = await fulfil(m, request, { response: encodeResult({ energyWh: 1_000_000n }) });
    assert.equal(outcome.result, "FULFILLED");
    return { m, h0, h1, h2, request };
  }

  const status = async (m: MeteringFixture, periodId = 1n) =>
    (await m.productionOracle.read.periodRecord([m.assetId, periodId])).status;

  it("is configured by deployment: router, subscription consumer, source, config, roles", async () => {
    const m = await loadFixture(metering);
    assert.equal(getAddress(await m.productionOracle.read.router()), getAddress(m.functions.router.address));
    assert.equal(await m.productionOracle.read.source(), ARGS_ECHO_SOURCE);
    const config = await m.productionOracle.read.config();
    assert.equal(config.subscriptionId, m.subscriptionId);
    assert.equal(config.donId, m.functions.donId);
    assert.equal(config.relayUrl, RELAY_URL);
    assert.equal(config.disputeWindow, DISPUTE_WINDOW);
    const subscription = await m.functions.router.read.getSubscription([m.subscriptionId]);
    assert.deepEqual(subscription.consumers.map(getAddress), [getAddress(m.productionOracle.address)]);
    assert.ok(subscription.balance > 0n);
    assert.equal(getAddress(await m.productionOracle.read.shareToken()), getAddress(m.energyAsset.address));
  });

  it("sends the source with [relayUrl, relay, chainId, assetId, start, end] to the coordinator", async () => {
    const { m, h0, h1 } = await withHours();
    const hash = await m.productionOracle.write.requestProduction([m.assetId, h0, h1], { account: m.wallets.ops.account });
    await assertions.emit(hash, m.productionOracle, "ProductionRequested");
    const { oracleRequestOf } = await import("./helpers/metering.ts");
    const request = await oracleRequestOf(m, hash);
    assert.equal(getAddress(request.requestingContract), getAddress(m.productionOracle.address));
    const data = decodeRequestData(request.data);
    assert.equal(data.source, ARGS_ECHO_SOURCE);
    assert.deepEqual(data.args, [
      RELAY_URL,
      m.wallets.ops.account.address.toLowerCase(),
      String(await m.publicClient.getChainId()),
      String(m.assetId),
      String(h0),
      String(h1),
    ]);
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(record.status, PERIOD_STATUS.Requested);
    assert.equal(record.requestId, request.requestId);
    assert.deepEqual(await m.productionOracle.read.requestOf([request.requestId]), [m.assetId, 1n]);
    assert.equal(await m.productionOracle.read.periodCount([m.assetId]), 1n);
    assert.equal(await m.productionOracle.read.lastPeriodEnd([m.assetId]), h1);
  });

  it("rejects requests from non-requesters, for unknown or non-producing assets and for invalid periods", async () => {
    const { m, h0, h1, h2 } = await withHours();
    const asOps = { account: m.wallets.ops.account };
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.requestProduction([m.assetId, h0, h1], { account: m.wallets.alice.account }),
      m.productionOracle,
      "NotRequester",
      [getAddress(m.wallets.alice.account.address)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.requestProduction([999n, h0, h1], asOps),
      m.energyAsset,
      "UnknownAsset",
      [999n],
    );
    const verified = await verifiedAsset(m);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.requestProduction([verified, h0, h1], asOps),
      m.productionOracle,
      "AssetNotProducing",
      [verified],
    );
    for (const [start, end] of [
      [h1, h1],
      [h1, h0],
      [h1, h2 + 3_600n],
    ] as const) {
      await assertions.revertWithCustomErrorWithArgs(
        m.productionOracle.write.requestProduction([m.assetId, start, end], asOps),
        m.productionOracle,
        "InvalidPeriod",
        [m.assetId, start, end],
      );
    }
    await m.productionOracle.write.requestProduction([m.assetId, h0, h1], asOps);
    // Overlapping or leaving a gap after the first period.
    for (const start of [h0, h1 - 1n, h1 + 1n]) {
      await assertions.revertWithCustomErrorWithArgs(
        m.productionOracle.write.requestProduction([m.assetId, start, h2], asOps),
        m.productionOracle,
        "InvalidPeriod",
        [m.assetId, start, h2],
      );
    }
    // The next period may be requested while the previous one is still in flight.
    await m.productionOracle.write.requestProduction([m.assetId, h1, h2], asOps);
    assert.equal(await m.productionOracle.read.periodCount([m.assetId]), 2n);
  });

  it("records a fulfilment through the router as Proposed, final after the dispute window", async () => {
    const { m, h0, h1, request } = await proposed();
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(record.status, PERIOD_STATUS.Proposed);
    assert.equal(record.energyWh, 1_000_000n);
    assert.equal(record.readingCount, 100n);
    assert.equal(record.sourceCount, 2);
    assert.equal(record.readingsRoot, keccak256(toHex("readings")));
    assert.equal(record.cidCodec, 0x55);
    assert.equal(record.cidDigest, keccak256(toHex("batch file")));
    assert.equal(record.requestId, request.requestId);
    assert.deepEqual(await m.productionOracle.read.production([m.assetId, 1n]), {
      start: h0,
      end: h1,
      energyWh: 1_000_000n,
      isFinal: false,
    });
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.finalizePeriod([m.assetId, 1n]),
      m.productionOracle,
      "DisputeWindow",
      [m.assetId, 1n, record.disputeDeadline],
    );
    await time.increaseTo(record.disputeDeadline);
    assert.equal((await m.productionOracle.read.production([m.assetId, 1n])).isFinal, true);
    await assertions.emitWithArgs(
      m.productionOracle.write.finalizePeriod([m.assetId, 1n]),
      m.productionOracle,
      "ProductionFinalized",
      [m.assetId, 1n, 1_000_000n],
    );
    assert.equal(await status(m), PERIOD_STATUS.Final);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.finalizePeriod([m.assetId, 1n]),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 1n, PERIOD_STATUS.Final],
    );
  });

  it("emits ProductionProposed with the decoded result", async () => {
    const { m, h0, h1 } = await withHours();
    const request = await requestPeriod(m, h0, h1);
    const outcome = await fulfil(m, request, { response: encodeResult({ energyWh: 42n, readingCount: 7n, sourceCount: 3n }) });
    const events = await m.productionOracle.getEvents.ProductionProposed({}, { blockHash: (await m.publicClient.getTransactionReceipt({ hash: outcome.transactionHash })).blockHash });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.args.energyWh, 42n);
    assert.equal(events[0]!.args.readingCount, 7n);
    assert.equal(events[0]!.args.sourceCount, 3);
  });

  it("marks the period Failed with the reason for each check a fulfilment fails", async () => {
    const { m, h0, h1 } = await withHours();
    const cases: { name: string; result: { response?: Hex; error?: string }; reason: number }[] = [
      { name: "DON error", result: { error: "relay unreachable" }, reason: REJECTION.DonError },
      { name: "short response", result: { response: "0x1234" }, reason: REJECTION.MalformedResponse },
      { name: "empty response", result: { response: "0x" }, reason: REJECTION.MalformedResponse },
      {
        name: "energy beyond uint128",
        result: { response: encodeResult({ energyWh: 2n ** 128n }) },
        reason: REJECTION.MalformedResponse,
      },
      {
        name: "zero CID digest",
        result: { response: encodeResult({ energyWh: 1n, cidDigest: `0x${"00".repeat(32)}` }) },
        reason: REJECTION.MalformedResponse,
      },
      {
        name: "codec beyond uint32",
        result: { response: encodeResult({ energyWh: 1n, cidCodec: 2n ** 32n }) },
        reason: REJECTION.MalformedResponse,
      },
      {
        name: "readings beyond uint64",
        result: { response: encodeResult({ energyWh: 1n, readingCount: maxUint256 }) },
        reason: REJECTION.MalformedResponse,
      },
      {
        name: "no source",
        result: { response: encodeResult({ energyWh: 1n, sourceCount: 0n }) },
        reason: REJECTION.TooFewSources,
      },
      {
        name: "fewer readings than sources",
        result: { response: encodeResult({ energyWh: 1n, readingCount: 1n, sourceCount: 2n }) },
        reason: REJECTION.TooFewReadings,
      },
      {
        name: "above capacity",
        result: { response: encodeResult({ energyWh: HOUR_MAX_WH + 1n }) },
        reason: REJECTION.EnergyAboveCapacity,
      },
    ];
    let request = await requestPeriod(m, h0, h1);
    for (const [i, { name, result, reason }] of cases.entries()) {
      const outcome = await fulfil(m, request, result);
      assert.equal(outcome.result, "FULFILLED", name);
      const receipt = await m.publicClient.getTransactionReceipt({ hash: outcome.transactionHash });
      const events = await m.productionOracle.getEvents.ProductionRejected({}, { blockHash: receipt.blockHash });
      assert.equal(events.length, 1, name);
      assert.equal(events[0]!.args.reason, reason, name);
      assert.equal(events[0]!.args.requestId, request.requestId, name);
      assert.equal(await status(m), PERIOD_STATUS.Failed, name);
      assert.equal((await m.productionOracle.read.production([m.assetId, 1n])).isFinal, false, name);
      if (i < cases.length - 1) {
        const hash = await m.productionOracle.write.rerequestProduction([m.assetId, 1n], { account: m.wallets.ops.account });
        const { oracleRequestOf } = await import("./helpers/metering.ts");
        request = await oracleRequestOf(m, hash);
      }
    }
    // Exactly the capacity is accepted.
    await m.productionOracle.write.rerequestProduction([m.assetId, 1n], { account: m.wallets.ops.account });
    const [last] = await donFor(m, async () => ({ response: encodeResult({ energyWh: HOUR_MAX_WH }) })).poll().then((o) => o.slice(-1));
    assert.equal(last!.result, "FULFILLED");
    assert.equal(await status(m), PERIOD_STATUS.Proposed);
  });

  it("enforces the minimum number of sources from the configuration", async () => {
    const { m, h0, h1 } = await withHours();
    const config = await m.productionOracle.read.config();
    await m.productionOracle.write.setConfig([{ ...config, minSources: 3 }], { account: m.wallets.admin.account });
    const request = await requestPeriod(m, h0, h1);
    await fulfil(m, request, { response: encodeResult({ energyWh: 1n, sourceCount: 2n }) });
    assert.equal(await status(m), PERIOD_STATUS.Failed);
  });

  it("re-requests Failed, Challenged and timed-out periods only, by requesters or verifiers", async () => {
    const { m, h0, h1 } = await withHours();
    const asOps = { account: m.wallets.ops.account };
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.rerequestProduction([m.assetId, 1n], asOps),
      m.productionOracle,
      "UnknownPeriod",
      [m.assetId, 1n],
    );
    const first = await requestPeriod(m, h0, h1);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.rerequestProduction([m.assetId, 1n], asOps),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 1n, PERIOD_STATUS.Requested],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.rerequestProduction([m.assetId, 1n], { account: m.wallets.alice.account }),
      m.productionOracle,
      "NotRequester",
      [getAddress(m.wallets.alice.account.address)],
    );
    // Unanswered past the timeout: a new request; the late answer to the old one is ignored.
    await time.increase(REQUEST_TIMEOUT);
    const hash = await m.productionOracle.write.rerequestProduction([m.assetId, 1n], asOps);
    const { oracleRequestOf } = await import("./helpers/metering.ts");
    const second = await oracleRequestOf(m, hash);
    assert.notEqual(second.requestId, first.requestId);
    const late = await fulfil(m, first, { response: encodeResult({ energyWh: 5n }) });
    assert.equal(late.result, "FULFILLED");
    const receipt = await m.publicClient.getTransactionReceipt({ hash: late.transactionHash });
    assert.equal((await m.productionOracle.getEvents.StaleFulfillment({}, { blockHash: receipt.blockHash })).length, 1);
    assert.equal(await status(m), PERIOD_STATUS.Requested);
    await fulfil(m, second, { response: encodeResult({ energyWh: 6n }) });
    assert.equal((await m.productionOracle.read.periodRecord([m.assetId, 1n])).energyWh, 6n);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.rerequestProduction([m.assetId, 1n], asOps),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 1n, PERIOD_STATUS.Proposed],
    );
  });

  it("a verifier challenges inside the window; the period is re-requested or the challenge resolved", async () => {
    const { m, h1, h2 } = await proposed();
    const asOps = { account: m.wallets.ops.account };
    await assertions.revertWithCustomError(
      m.productionOracle.write.challenge([m.assetId, 1n, "meter drift"], { account: m.wallets.alice.account }),
      m.productionOracle,
      "AccessControlUnauthorizedAccount",
    );
    await assertions.revertWithCustomError(
      m.productionOracle.write.challenge([m.assetId, 1n, ""], asOps),
      m.productionOracle,
      "MissingReason",
    );
    await assertions.emitWithArgs(
      m.productionOracle.write.challenge([m.assetId, 1n, "meter drift"], asOps),
      m.productionOracle,
      "ProductionChallenged",
      [m.assetId, 1n, "meter drift", getAddress(m.wallets.ops.account.address)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.challenge([m.assetId, 1n, "again"], asOps),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 1n, PERIOD_STATUS.Challenged],
    );
    // A challenged period never becomes final by waiting.
    await time.increase(DISPUTE_WINDOW * 2);
    assert.equal((await m.productionOracle.read.production([m.assetId, 1n])).isFinal, false);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.finalizePeriod([m.assetId, 1n]),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 1n, PERIOD_STATUS.Challenged],
    );
    // Re-requested: the old result is cleared, the new one goes through its own window.
    const hash = await m.productionOracle.write.rerequestProduction([m.assetId, 1n], asOps);
    const cleared = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(cleared.energyWh, 0n);
    assert.equal(cleared.status, PERIOD_STATUS.Requested);
    const { oracleRequestOf } = await import("./helpers/metering.ts");
    await fulfil(m, await oracleRequestOf(m, hash), { response: encodeResult({ energyWh: 900_000n }) });
    assert.equal(await status(m), PERIOD_STATUS.Proposed);

    // Second period: challenged, then the challenge is resolved in favour of the result.
    const request = await requestPeriod(m, h1, h2);
    await fulfil(m, request, { response: encodeResult({ energyWh: 700_000n }) });
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.resolveChallenge([m.assetId, 2n, "checked"], asOps),
      m.productionOracle,
      "InvalidPeriodStatus",
      [m.assetId, 2n, PERIOD_STATUS.Proposed],
    );
    await m.productionOracle.write.challenge([m.assetId, 2n, "spike at noon"], asOps);
    await assertions.revertWithCustomError(
      m.productionOracle.write.resolveChallenge([m.assetId, 2n, ""], asOps),
      m.productionOracle,
      "MissingReason",
    );
    await assertions.revertWithCustomError(
      m.productionOracle.write.resolveChallenge([m.assetId, 2n, "ok"], { account: m.wallets.alice.account }),
      m.productionOracle,
      "AccessControlUnauthorizedAccount",
    );
    await assertions.emitWithArgs(
      m.productionOracle.write.resolveChallenge([m.assetId, 2n, "inverter log confirms"], asOps),
      m.productionOracle,
      "ProductionFinalized",
      [m.assetId, 2n, 700_000n],
    );
    assert.deepEqual(await m.productionOracle.read.production([m.assetId, 2n]), {
      start: h1,
      end: h2,
      energyWh: 700_000n,
      isFinal: true,
    });
  });

  it("refuses a challenge after the window and unknown periods everywhere", async () => {
    const { m } = await proposed();
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    await time.increaseTo(record.disputeDeadline);
    await assertions.revertWithCustomErrorWithArgs(
      m.productionOracle.write.challenge([m.assetId, 1n, "late"], { account: m.wallets.ops.account }),
      m.productionOracle,
      "DisputeWindow",
      [m.assetId, 1n, record.disputeDeadline],
    );
    for (const read of [
      () => m.productionOracle.read.production([m.assetId, 2n]),
      () => m.productionOracle.read.periodRecord([m.assetId, 0n]),
    ]) {
      await assertions.revertWithCustomError(read(), m.productionOracle, "UnknownPeriod");
    }
  });

  it("only the router may fulfil", async () => {
    const { m, request } = await proposed();
    await assertions.revertWithCustomError(
      m.productionOracle.write.handleOracleFulfillment([request.requestId, "0x", "0x"]),
      m.productionOracle,
      "OnlyRouterCanFulfill",
    );
  });

  it("reverts a callback for a request it never sent", async () => {
    const m = await loadFixture(metering);
    // An implementation whose "router" is alice, so the callback can be driven directly.
    const upgradesApi = await upgrades(hre, connection);
    const config = await m.productionOracle.read.config();
    const direct = await upgradesApi.deployProxy(
      "ProductionOracle",
      [m.wallets.admin.account.address, m.energyAsset.address, config, ARGS_ECHO_SOURCE],
      { kind: "uups", constructorArgs: [m.wallets.alice.account.address], unsafeAllow: ["constructor", "state-variable-immutable"] },
    );
    const unknown = keccak256(toHex("never sent"));
    await assertions.revertWithCustomErrorWithArgs(
      direct.write.handleOracleFulfillment([unknown, encodeResult({ energyWh: 1n }), "0x"], { account: m.wallets.alice.account }),
      direct,
      "UnknownRequest",
      [unknown],
    );
  });

  it("validates the configuration and source; only the admin changes them", async () => {
    const m = await loadFixture(metering);
    const asAdmin = { account: m.wallets.admin.account };
    const config = await m.productionOracle.read.config();
    const invalid: [string, Partial<typeof config>][] = [
      ["subscriptionId", { subscriptionId: 0n }],
      ["donId", { donId: `0x${"00".repeat(32)}` }],
      ["callbackGasLimit", { callbackGasLimit: 0 }],
      ["disputeWindow", { disputeWindow: 0 }],
      ["requestTimeout", { requestTimeout: 0 }],
      ["minSources", { minSources: 0 }],
      ["relay", { relay: zeroAddress }],
      ["relayUrl", { relayUrl: "" }],
    ];
    for (const [field, change] of invalid) {
      await assertions.revertWithCustomErrorWithArgs(
        m.productionOracle.write.setConfig([{ ...config, ...change }], asAdmin),
        m.productionOracle,
        "InvalidConfig",
        [field],
      );
    }
    await assertions.emit(
      m.productionOracle.write.setConfig([{ ...config, relayUrl: "https://relay.example" }], asAdmin),
      m.productionOracle,
      "ConfigSet",
    );
    assert.equal((await m.productionOracle.read.config()).relayUrl, "https://relay.example");
    await assertions.revertWithCustomError(m.productionOracle.write.setSource([""], asAdmin), m.productionOracle, "MissingSource");
    await assertions.emitWithArgs(
      m.productionOracle.write.setSource(["return Functions.encodeUint256(1n)"], asAdmin),
      m.productionOracle,
      "SourceSet",
      [keccak256(toHex("return Functions.encodeUint256(1n)")), 34n],
    );
    for (const write of [
      () => m.productionOracle.write.setSource(["x"], { account: m.wallets.ops.account }),
      () => m.productionOracle.write.setConfig([config], { account: m.wallets.ops.account }),
    ]) {
      await assertions.revertWithCustomError(write(), m.productionOracle, "AccessControlUnauthorizedAccount");
    }
  });

  it("feeds revenue settlement: only final oracle periods settle", async () => {
    const { m } = await proposed();
    const settlement = m.oracleRevenueSettlement;
    await m.priceFeed.write.pushAnswer([price(80)]);
    await assertions.revertWithCustomErrorWithArgs(
      settlement.write.settle([m.assetId, 1n], { account: m.wallets.operator.account }),
      settlement,
      "PeriodNotFinal",
      [m.assetId, 1n],
    );
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    await time.increaseTo(record.disputeDeadline);
    await m.priceFeed.write.pushAnswer([price(80)]);
    const quote = await settlement.read.quote([m.assetId, 1n]);
    assert.ok(quote.gross > 0n);
    const operator = m.wallets.operator.account;
    await m.stablecoin.write.faucet([operator.address, quote.gross]);
    await m.stablecoin.write.approve([settlement.address, quote.gross], { account: operator });
    await assertions.emit(settlement.write.settle([m.assetId, 1n], { account: operator }), settlement, "Settled");
    assert.equal(await settlement.read.isSettled([m.assetId, 1n]), true);
  });

  it("upgrades keep the periods; the router is the new implementation's constructor argument", async () => {
    const { m } = await proposed();
    const upgradesApi = await upgrades(hre, connection);
    const upgraded = await upgradesApi.upgradeProxy(m.productionOracle.address, "ProductionOracle", {
      constructorArgs: [m.functions.router.address],
      unsafeAllow: ["constructor", "state-variable-immutable"],
    });
    assert.equal((await upgraded.read.periodRecord([m.assetId, 1n])).energyWh, 1_000_000n);
    await assertions.revertWithCustomError(
      m.productionOracle.write.upgradeToAndCall([m.wallets.alice.account.address, "0x"], { account: m.wallets.alice.account }),
      m.productionOracle,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("end to end: the DON simulator runs the real source in Deno and fulfils through the router", async () => {
    const { m, h0, h1 } = await withHours();
    const request = await requestPeriod(m, h0, h1);
    const don = donFor(m);
    const outcomes = await don.poll();
    const outcome = outcomes.find((o) => o.requestId === request.requestId)!;
    assert.equal(outcome.result, "FULFILLED");
    const record = await m.productionOracle.read.periodRecord([m.assetId, 1n]);
    assert.equal(record.status, PERIOD_STATUS.Proposed);
    assert.equal(record.energyWh, (h1 - h0) * 1_000n);
    assert.equal(record.readingCount, 10n);
    assert.equal(record.sourceCount, 2);
    assert.equal(BigInt(record.readingsRoot), m.assetId);
    assert.equal(BigInt(record.cidDigest), h0);
  });
});
