/**
 * Property tests (fast-check, model-based) of metered production and certificates. Random sequences of
 * requests, fulfilments through the real Functions router (valid, above capacity, DON errors, late answers to
 * superseded requests), challenges, re-requests, resolutions, finalisations, time jumps, issuance, transfers
 * and retirements run against the chain and a reference model that predicts every success and revert.
 * Invariants:
 *  1. no period double-counted: an asset's periods are contiguous and disjoint ([start, end) with start = the
 *     previous end), each period is issued at most once, and only its last accepted result counts;
 *  2. certificates issued equal final production: issued kWh × 1,000 + carried Wh = Σ final energy of the issued
 *     periods, and once every final period is issued, = Σ final production;
 *  3. per certificate id, retired + circulating = issued (and circulating = Σ holders' balances).
 * Time moves in tiny steps (one second per transaction) or in jumps past every deadline, so the model knows
 * exactly which windows have closed. FC_RUNS=<factor> scales the runs; FC_SEED / FC_PATH replay a failure.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import fc from "fast-check";
import type { Address } from "viem";
import { encodeResult, fulfil, meteringFixture, oracleRequestOf, type MeteringFixture } from "./helpers/metering.ts";
import type { OracleRequest } from "../oracle-relay/don-simulator/simulator.ts";
import { HOUR } from "./helpers/fixture.ts";

const RUNS = Number(process.env.FC_RUNS ?? 1);
const fcParams = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * RUNS)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_SEED && process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});

const CAPACITY_W = 5_000_000n;
const WINDOW = 3_600;
const TIMEOUT = 1_000; // between the tiny steps (< 100 s per run) and a jump
const JUMP = WINDOW + 120;
const HOLDERS = ["operator", "alice", "bob"] as const;
type Holder = (typeof HOLDERS)[number];
type Status = "Requested" | "Proposed" | "Challenged" | "Failed" | "Final";

interface ModelPeriod {
  start: bigint;
  end: bigint;
  status: Status;
  energyWh: bigint;
  request: OracleRequest;
  /** Jumps counted when the request was sent / the result proposed. */
  requestedAt: number;
  proposedAt: number;
  issued: boolean;
  units: bigint;
}

interface Model {
  periods: ModelPeriod[];
  superseded: OracleRequest[];
  jumps: number;
  carryWh: bigint;
  balances: Map<string, bigint>; // `${holder}/${periodId}`
  retired: Map<bigint, bigint>; // periodId → retired units
}

type Action =
  | { kind: "request"; hours: number }
  | { kind: "fulfil"; pick: number; energy: "valid" | "max" | "above" | "error"; fraction: number }
  | { kind: "late"; pick: number }
  | { kind: "challenge" | "rerequest" | "resolve" | "finalize" | "issue"; pick: number }
  | { kind: "jump" }
  | { kind: "transfer"; pick: number; from: Holder; to: Holder; fraction: number }
  | { kind: "retire"; pick: number; from: Holder; fraction: number };

const pick = fc.nat(1_000);
/** A share in [0, max], uniform in thousandths (fast-check doubles cluster at the bounds). */
const fraction = (max: number) => fc.integer({ min: 0, max: Math.round(max * 1_000) }).map((n) => n / 1_000);
const holder = fc.constantFrom(...HOLDERS);
const sender = fc.constantFrom<Holder>("operator", "operator", "alice", "bob");
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("request" as const), hours: fc.integer({ min: 1, max: 6 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("fulfil" as const),
      pick,
      energy: fc.constantFrom("valid", "valid", "valid", "max", "above", "error"),
      fraction: fraction(1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("late" as const), pick }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constantFrom("challenge", "rerequest", "resolve", "finalize", "issue", "issue") as fc.Arbitrary<
        "challenge" | "rerequest" | "resolve" | "finalize" | "issue"
      >,
      pick,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("jump" as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("transfer" as const), pick, from: sender, to: holder, fraction: fraction(1.2) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("retire" as const), pick, from: sender, fraction: fraction(1.2) }),
  },
);

const certificateAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("transfer" as const), pick, from: sender, to: holder, fraction: fraction(1.2) }),
  fc.record({ kind: fc.constant("retire" as const), pick, from: sender, fraction: fraction(1.2) }),
);

describe("Metering properties", async () => {
  const connection = await network.create();
  const { loadFixture, time } = connection.networkHelpers;
  const fixture = () => meteringFixture(connection, { requestTimeout: TIMEOUT, disputeWindow: WINDOW });

  const isFinal = (model: Model, p: ModelPeriod) =>
    p.status === "Final" || (p.status === "Proposed" && model.jumps > p.proposedAt);

  async function succeeds(promise: Promise<unknown>) {
    try {
      await promise;
      return true;
    } catch {
      return false;
    }
  }

  async function step(m: MeteringFixture, model: Model, base: bigint, a: Action) {
    const oracle = m.productionOracle;
    const cert = m.energyCertificate;
    const asOps = { account: m.wallets.ops.account };
    const account = (h: Holder) => m.wallets[h].account;
    const periodAt = (n: number) => (model.periods.length ? ((n % model.periods.length) + 1) : 0);
    switch (a.kind) {
      case "request": {
        const start = model.periods.at(-1)?.end ?? base;
        const end = start + BigInt(a.hours) * HOUR;
        const hash = await oracle.write.requestProduction([m.assetId, start, end], asOps);
        const request = await oracleRequestOf(m, hash);
        model.periods.push({ start, end, status: "Requested", energyWh: 0n, request, requestedAt: model.jumps, proposedAt: -1, issued: false, units: 0n });
        return;
      }
      case "fulfil": {
        const pending = model.periods.filter((p) => p.status === "Requested");
        if (!pending.length) return;
        const p = pending[a.pick % pending.length]!;
        const max = (CAPACITY_W * (p.end - p.start)) / HOUR;
        const energyWh =
          a.energy === "max" ? max : a.energy === "above" ? max + 1n : BigInt(Math.floor(Number(max) * a.fraction));
        const outcome = await fulfil(m, p.request, a.energy === "error" ? { error: "relay down" } : { response: encodeResult({ energyWh }) });
        assert.equal(outcome.result, "FULFILLED");
        if (a.energy === "error" || a.energy === "above") p.status = "Failed";
        else Object.assign(p, { status: "Proposed", energyWh, proposedAt: model.jumps });
        return;
      }
      case "late": {
        // An answer to a superseded request is processed by the router and ignored by the oracle.
        if (!model.superseded.length) return;
        const [request] = model.superseded.splice(a.pick % model.superseded.length, 1);
        const outcome = await fulfil(m, request!, { response: encodeResult({ energyWh: 1n }) });
        assert.equal(outcome.result, "FULFILLED");
        return;
      }
      case "jump":
        model.jumps++;
        await time.increase(JUMP);
        return;
      case "challenge": {
        const id = periodAt(a.pick);
        if (!id) return;
        const p = model.periods[id - 1]!;
        const expected = p.status === "Proposed" && !isFinal(model, p);
        assert.equal(await succeeds(oracle.write.challenge([m.assetId, BigInt(id), "property"], asOps)), expected, "challenge");
        if (expected) p.status = "Challenged";
        return;
      }
      case "resolve": {
        const id = periodAt(a.pick);
        if (!id) return;
        const p = model.periods[id - 1]!;
        const expected = p.status === "Challenged";
        assert.equal(await succeeds(oracle.write.resolveChallenge([m.assetId, BigInt(id), "checked"], asOps)), expected, "resolve");
        if (expected) p.status = "Final";
        return;
      }
      case "finalize": {
        const id = periodAt(a.pick);
        if (!id) return;
        const p = model.periods[id - 1]!;
        const expected = p.status === "Proposed" && isFinal(model, p);
        assert.equal(await succeeds(oracle.write.finalizePeriod([m.assetId, BigInt(id)])), expected, "finalize");
        if (expected) p.status = "Final";
        return;
      }
      case "rerequest": {
        const id = periodAt(a.pick);
        if (!id) return;
        const p = model.periods[id - 1]!;
        const expected =
          p.status === "Failed" || p.status === "Challenged" || (p.status === "Requested" && model.jumps > p.requestedAt);
        let hash: `0x${string}` | undefined;
        try {
          hash = await oracle.write.rerequestProduction([m.assetId, BigInt(id)], asOps);
        } catch {
          hash = undefined;
        }
        assert.equal(hash !== undefined, expected, "rerequest");
        if (hash) {
          if (p.status === "Requested") model.superseded.push(p.request);
          Object.assign(p, { status: "Requested", energyWh: 0n, request: await oracleRequestOf(m, hash), requestedAt: model.jumps });
        }
        return;
      }
      case "issue": {
        const id = periodAt(a.pick);
        if (!id) return;
        const p = model.periods[id - 1]!;
        const expected = isFinal(model, p) && !p.issued;
        assert.equal(await succeeds(cert.write.issue([m.assetId, BigInt(id)])), expected, "issue");
        if (expected) {
          const available = model.carryWh + p.energyWh;
          p.issued = true;
          p.units = available / 1_000n;
          model.carryWh = available % 1_000n;
          const key = `operator/${id}`;
          model.balances.set(key, (model.balances.get(key) ?? 0n) + p.units);
        }
        return;
      }
      case "transfer":
      case "retire": {
        const issued = model.periods.map((p, i) => ({ p, id: i + 1 })).filter(({ p }) => p.issued);
        if (!issued.length) return;
        const { id } = issued[a.pick % issued.length]!;
        const fromKey = `${a.from}/${id}`;
        const balance = model.balances.get(fromKey) ?? 0n;
        const amount = BigInt(Math.floor(Number(balance) * a.fraction));
        const tokenId = await cert.read.certificateId([m.assetId, BigInt(id)]);
        if (a.kind === "transfer") {
          const from = account(a.from);
          const expected = amount <= balance;
          const ok = await succeeds(
            cert.write.safeTransferFrom([from.address, account(a.to).address, tokenId, amount, "0x"], { account: from }),
          );
          assert.equal(ok, expected, "transfer");
          if (ok) {
            model.balances.set(fromKey, balance - amount);
            const toKey = `${a.to}/${id}`;
            model.balances.set(toKey, (model.balances.get(toKey) ?? 0n) + amount);
          }
        } else {
          const from = account(a.from);
          const expected = amount > 0n && amount <= balance;
          const ok = await succeeds(cert.write.retire([from.address, tokenId, amount, "beneficiary", "purpose"], { account: from }));
          assert.equal(ok, expected, "retire");
          if (ok) {
            model.balances.set(fromKey, balance - amount);
            model.retired.set(BigInt(id), (model.retired.get(BigInt(id)) ?? 0n) + amount);
          }
        }
        return;
      }
    }
  }

  async function checkInvariants(m: MeteringFixture, model: Model) {
    const oracle = m.productionOracle;
    const cert = m.energyCertificate;
    assert.equal(await oracle.read.periodCount([m.assetId]), BigInt(model.periods.length));
    let previousEnd: bigint | undefined;
    let issuedEnergy = 0n;
    let issuedUnits = 0n;
    for (const [i, p] of model.periods.entries()) {
      const id = BigInt(i + 1);
      const record = await oracle.read.periodRecord([m.assetId, id]);
      // 1. contiguous, disjoint, and exactly the model's accepted result
      assert.ok(record.start < record.end);
      if (previousEnd !== undefined) assert.equal(record.start, previousEnd, "periods contiguous");
      previousEnd = record.end;
      assert.equal(record.energyWh, p.energyWh, `period ${id} energy`);
      const production = await oracle.read.production([m.assetId, id]);
      assert.equal(production.isFinal, isFinal(model, p), `period ${id} finality`);
      // 3. retired + circulating = issued
      const tokenId = await cert.read.certificateId([m.assetId, id]);
      const certificate = await cert.read.certificate([tokenId]);
      assert.equal(certificate.issued, p.issued);
      assert.equal(certificate.units, p.units);
      const supply = await cert.read.totalSupply([tokenId]);
      const retired = await cert.read.totalRetired([tokenId]);
      assert.equal(supply + retired, certificate.units, `id ${tokenId}: retired + circulating = issued`);
      assert.equal(retired, model.retired.get(id) ?? 0n);
      let held = 0n;
      let claimed = 0n;
      for (const h of HOLDERS) {
        const balance = await cert.read.balanceOf([m.wallets[h].account.address as Address, tokenId]);
        assert.equal(balance, model.balances.get(`${h}/${id}`) ?? 0n, `${h} balance of period ${id}`);
        held += balance;
        claimed += await cert.read.retiredBalanceOf([m.wallets[h].account.address as Address, tokenId]);
      }
      // Independent of totalRetired (derived from supply): holders' balances + their claimed (retired) balances.
      assert.equal(held + claimed, certificate.units, `id ${tokenId}: Σ retired balances + Σ holdings = issued`);
      assert.equal(held, supply);
      assert.equal(claimed, retired);
      if (p.issued) {
        issuedEnergy += p.energyWh;
        issuedUnits += certificate.units;
      }
    }
    // 2. certificates issued equal final production (of the issued periods, to the Wh)
    const carry = BigInt(await cert.read.carriedWh([m.assetId]));
    assert.equal(issuedUnits * 1_000n + carry, issuedEnergy, "issued kWh × 1000 + carry = issued final energy");
  }

  it("no period double-counted; certificates equal final production; retired + circulating = issued", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 30 }), fc.array(certificateAction, { maxLength: 10 }), async (actions, tail) => {
        const m = await loadFixture(fixture);
        const base = BigInt(await time.latest()) - 400n * HOUR;
        const model: Model = { periods: [], superseded: [], jumps: 0, carryWh: 0n, balances: new Map(), retired: new Map() };
        for (const a of actions) await step(m, model, base, a);
        await checkInvariants(m, model);
        // Close every window, finalise and issue everything final: the whole final production is certified.
        await step(m, model, base, { kind: "jump" });
        let finalEnergy = 0n;
        for (const [i, p] of model.periods.entries()) {
          if (isFinal(model, p)) {
            finalEnergy += p.energyWh;
            if (!p.issued) await step(m, model, base, { kind: "issue", pick: i });
          }
        }
        // Then certificates move and retire.
        for (const a of tail) await step(m, model, base, a);
        await checkInvariants(m, model);
        const units = model.periods.reduce((sum, p) => sum + p.units, 0n);
        assert.equal(units * 1_000n + BigInt(await m.energyCertificate.read.carriedWh([m.assetId])), finalEnergy);
        if (process.env.FC_STATS) console.log(model.periods.map((p) => `${p.status}${p.issued ? "+" + p.units : ""}`).join(" "), [...model.retired.values()].join(","));
      }),
      fcParams(6),
    );
  });
});
