import { before, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { PublicClient } from "viem";
import { registerDevices } from "../../scripts/lib/devices.ts";
import { meteringFixture, requestPeriod, fulfil, encodeResult, DISPUTE_WINDOW, PERIOD_STATUS, type MeteringFixture } from "../../test/helpers/metering.ts";
import { createKeeper, keeperActions, PeriodStatus, type PeriodState } from "../src/keeper.ts";
import { keeperOptions, newGateway } from "./helpers.ts";

const base: PeriodState = { status: PeriodStatus.Proposed, disputeDeadline: 1_000n, certificateIssued: false, settled: false };

test("a Proposed period inside its dispute window waits", () => {
  assert.deepEqual(keeperActions(base, 999n), []);
});

test("a Proposed period past its window is finalized, certified and settled, in that order", () => {
  assert.deepEqual(keeperActions(base, 1_000n), ["finalize", "issue", "settle"]);
});

test("without an operator key (settled undefined) nothing is settled", () => {
  assert.deepEqual(keeperActions({ ...base, settled: undefined }, 2_000n), ["finalize", "issue"]);
});

test("a Final period only gets what is missing; a complete one nothing (idempotent)", () => {
  const final = { ...base, status: PeriodStatus.Final };
  assert.deepEqual(keeperActions(final, 0n), ["issue", "settle"]);
  assert.deepEqual(keeperActions({ ...final, certificateIssued: true }, 0n), ["settle"]);
  assert.deepEqual(keeperActions({ ...final, certificateIssued: true, settled: true }, 0n), []);
});

test("Requested, Challenged, Failed and unknown periods are left alone", () => {
  for (const status of [PeriodStatus.None, PeriodStatus.Requested, PeriodStatus.Challenged, PeriodStatus.Failed]) {
    assert.deepEqual(keeperActions({ ...base, status }, 10_000n), [], `status ${status}`);
  }
});

/**
 * The keeper's cursor on the real contracts (Hardhat in-process network): a pass reads only new and still-open
 * periods. Reads are counted on the real public client (a counting wrapper, nothing answered by the test).
 */
describe("keeper cursor: a pass costs O(new and open periods)", async () => {
  const connection = await network.create();
  const { time } = connection.networkHelpers;
  let m: MeteringFixture;
  const reads = new Map<string, number>();
  let registryScans: { fromBlock: bigint }[] = [];

  /** The real public client, counting readContract calls by function and GatewayRegistered scans. */
  function countingClient(client: PublicClient): PublicClient {
    return new Proxy(client, {
      get(target, property, receiver) {
        if (property === "readContract") {
          return (args: { functionName: string }) => {
            reads.set(args.functionName, (reads.get(args.functionName) ?? 0) + 1);
            return target.readContract(args as never);
          };
        }
        if (property === "getContractEvents") {
          return (args: { fromBlock: bigint }) => {
            registryScans.push({ fromBlock: args.fromBlock });
            return target.getContractEvents(args as never);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
  }
  const periodReads = () => reads.get("periodRecord") ?? 0;
  const resetCounts = () => {
    reads.clear();
    registryScans = [];
  };

  /** Requests and proposes the asset's next hour (the fixture's Functions source echoes a valid result). */
  async function proposeNextHour() {
    const last = await m.productionOracle.read.lastPeriodEnd([m.assetId]);
    const begin = last === 0n ? BigInt(await time.latest()) - 48n * 3_600n : last;
    const request = await requestPeriod(m, begin, begin + 3_600n);
    await fulfil(m, request, { response: encodeResult({ energyWh: 5_000n }) });
  }

  /** A keeper on the counting client; `settles`: it also settles as the operator. */
  const newKeeper = (settles = false) => {
    const options = keeperOptions(m, settles);
    return createKeeper({ ...options, publicClient: countingClient(options.publicClient) });
  };

  before(async () => {
    m = await meteringFixture(connection);
    const roles = { operator: m.wallets.operator.account.address, verifier: m.wallets.ops.account.address };
    await registerDevices(m, m.publicClient, roles, m.assetId, newGateway().address, [{ serial: "keeper-cursor-meter", maxPowerW: 10_000 }]);
  });

  it("finalizes and certifies three periods, then reads none of them again; a new period is read alone", async () => {
    for (let i = 0; i < 3; i++) await proposeNextHour();
    await time.increase(DISPUTE_WINDOW);
    const keeper = newKeeper();

    resetCounts();
    const first = await keeper.tick();
    assert.deepEqual(first.map((s) => [s.periodId, s.action, s.ok]), [
      [1n, "finalize", true], [1n, "issue", true],
      [2n, "finalize", true], [2n, "issue", true],
      [3n, "finalize", true], [3n, "issue", true],
    ]);
    assert.equal(periodReads(), 3);
    assert.deepEqual(keeper.progress(m.assetId), { seen: 3n, open: [] });
    for (const periodId of [1n, 2n, 3n]) assert.equal((await m.productionOracle.read.periodRecord([m.assetId, periodId])).status, PERIOD_STATUS.Final);

    // Nothing new: no period is read, and the registry is scanned only from the block after the last scan.
    resetCounts();
    const scannedBefore = await m.publicClient.getBlockNumber();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 0);
    assert.ok(registryScans.every((scan) => scan.fromBlock > 1n && scan.fromBlock <= scannedBefore + 1n), JSON.stringify(registryScans.map((s) => s.fromBlock.toString())));

    // A fourth period inside its dispute window: read on each pass while open, alone.
    await proposeNextHour();
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 1);
    assert.deepEqual(keeper.progress(m.assetId), { seen: 4n, open: [4n] });
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 1);

    // Past its window it is finalized and certified, then closed.
    await time.increase(DISPUTE_WINDOW);
    resetCounts();
    assert.deepEqual((await keeper.tick()).map((s) => [s.periodId, s.action, s.ok]), [[4n, "finalize", true], [4n, "issue", true]]);
    assert.equal(periodReads(), 1);
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 0);
    assert.deepEqual(keeper.progress(m.assetId), { seen: 4n, open: [] });
  });

  it("a restarted keeper reads every period once, finds nothing to do, and then none again", async () => {
    const keeper = newKeeper();
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 4);
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 0);
  });

  it("a period another party finalizes between passes is closed on its next read", async () => {
    const keeper = newKeeper();
    await keeper.tick(); // catches up periods 1–4 (complete)
    await proposeNextHour();
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.deepEqual(keeper.progress(m.assetId), { seen: 5n, open: [5n] });
    await time.increase(DISPUTE_WINDOW);
    await m.productionOracle.write.finalizePeriod([m.assetId, 5n], { account: m.wallets.operator.account });
    resetCounts();
    assert.deepEqual((await keeper.tick()).map((s) => [s.periodId, s.action, s.ok]), [[5n, "issue", true]]);
    assert.equal(periodReads(), 1);
    assert.deepEqual(keeper.progress(m.assetId).open, []);
  });

  it("a failed step keeps its period open; it is retried on the next pass and then closed", async () => {
    // A keeper that settles as the operator, who holds no stablecoin yet: every settlement fails.
    const operator = m.wallets.operator.account.address;
    assert.equal(await m.stablecoin.read.balanceOf([operator]), 0n);
    const keeper = newKeeper(true);
    const failing = await keeper.tick();
    assert.deepEqual(failing.map((s) => [s.periodId, s.action, s.ok]), [1n, 2n, 3n, 4n, 5n].map((p) => [p, "settle", false]));
    assert.deepEqual(keeper.progress(m.assetId).open, [1n, 2n, 3n, 4n, 5n]);

    await m.stablecoin.write.faucet([operator, 1_000_000n * 10n ** 6n]);
    resetCounts();
    const settling = await keeper.tick();
    assert.deepEqual(settling.map((s) => [s.periodId, s.action, s.ok]), [1n, 2n, 3n, 4n, 5n].map((p) => [p, "settle", true]));
    assert.equal(periodReads(), 5);
    for (const periodId of [1n, 2n, 3n, 4n, 5n]) assert.equal(await m.oracleRevenueSettlement.read.isSettled([m.assetId, periodId]), true);
    resetCounts();
    assert.deepEqual(await keeper.tick(), []);
    assert.equal(periodReads(), 0);
    assert.deepEqual(keeper.progress(m.assetId), { seen: 5n, open: [] });
  });
});
