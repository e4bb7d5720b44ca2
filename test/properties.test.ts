/**
 * Property tests (fast-check, model-based): random sequences of purchases, transfers, delegations,
 * freezes, forced transfers, recoveries, KYC changes, rule changes, pauses, offering closes, refunds and
 * deliveries run against a fresh chain and against the reference model in helpers/share-model.ts.
 * After every step the chain must match the model, and these invariants must hold on the chain itself:
 *  1. per asset, total supply == sum of the balances of every account that ever held shares
 *     (and never exceeds the asset's total shares);
 *  2. every wallet that received shares through a non-agent path (transfer, batch, delivery) was
 *     KYC-verified, in an allowed country and of an allowed class at that moment; a forced transfer
 *     delivers only to a verified wallet; a recovery only to a verified wallet of the lost wallet's identity;
 *  3. per asset, getVotes(d) == sum of the balances delegating to d, and the sum of all votes == the
 *     sum of the balances of accounts with a non-zero delegate;
 *  4. Offering.escrowBalance() == stablecoin.balanceOf(offering) == sum of the unsettled payments of
 *     open, failed and cancelled offerings;
 *  5. a refund returns exactly what the investor paid into that offering; once every failed or
 *     cancelled offering is refunded, each investor holds its initial stablecoin minus what it paid
 *     into succeeded offerings;
 *  and holderCount == number of non-zero balances; a reverted action changes no observable state.
 * Replay a failure with the seed and path fast-check prints: FC_SEED=<seed> FC_PATH=<path> (a path
 * belongs to one property). FC_RUNS=<factor> scales the number of runs; FC_STATS=1 prints how often each
 * action succeeded or reverted (and why, per the model).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import fc from "fast-check";
import type { Abi, Address } from "viem";
import {
  COUNTRY,
  INVESTOR_CLASS,
  ONE_YEAR,
  eur,
  investorsFixture,
  offeringTerms,
  openOffering,
  solarSpec,
  verifiedAsset,
  windSpec,
  type Fixture,
} from "./helpers/fixture.ts";
import { batchReader } from "./helpers/batch-reader.ts";
import * as M from "./helpers/share-model.ts";
import { ZERO, type Model, type Reason } from "./helpers/share-model.ts";

const COUNTRIES = [COUNTRY.ES, COUNTRY.DE, COUNTRY.FR, COUNTRY.NL, COUNTRY.US] as const;
const ACTOR_NAMES = ["alice", "bob", "carol", "dave", "eve", "xavier", "yara"] as const;
const ACTORS = ACTOR_NAMES.length;
const DAY = 86_400;
const DEADLINE_MARGIN = 3_600n; // no transaction lands within an hour of a deadline
const RUNS = Number(process.env.FC_RUNS ?? 1);
const fcParams = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * RUNS)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
  ...(process.env.FC_SEED && process.env.FC_PATH ? { path: process.env.FC_PATH } : {}),
});

const STATS = process.env.FC_STATS ? new Map<string, number>() : undefined;

type Wallet = Fixture["wallets"]["alice"];

/** Funds and approves the two spare wallets (xavier, yara): unlinked, recovery and KYC candidates. */
async function withSpareWallets(f: Fixture) {
  const spare = (await f.viem.getWalletClients()).slice(10, 12) as Wallet[];
  for (const wallet of spare) {
    await f.stablecoin.write.faucet([wallet.account.address, eur(1_000_000)]);
    await f.stablecoin.write.approve([f.offering.address, 2n ** 256n - 1n], { account: wallet.account });
  }
  const { alice, bob, carol, dave, eve } = f.wallets;
  return [alice, bob, carol, dave, eve, ...spare];
}

/**
 * Two Active assets: solar (1,000 shares: alice 400, bob 300, carol 300; alice self-delegates, bob
 * delegates to alice) and wind (600 shares, 300 sold: bob 100, dave 200; dave self-delegates; only ES,
 * DE and NL residents, at most 400 shares per wallet).
 */
async function marketFixture(connection: Parameters<typeof investorsFixture>[0]) {
  const f = await investorsFixture(connection);
  const actors = await withSpareWallets(f);
  const { alice, bob, carol, dave, ops } = f.wallets;
  const sell = async (spec: ReturnType<typeof solarSpec>, hard: bigint, buys: [Wallet, bigint][]) => {
    const terms = { hardCapShares: hard, softCapShares: 1n, pricePerShare: eur(1) };
    const { assetId, offeringId } = await openOffering(f, terms, spec);
    for (const [wallet, shares] of buys) await f.offering.write.purchase([offeringId, shares], { account: wallet.account });
    await f.offering.write.finalizeOffering([offeringId]);
    await f.offering.write.deliverShares([offeringId, buys.map(([w]) => w.account.address)]);
    return assetId;
  };
  const solar = await sell(solarSpec({ totalShares: 1_000n }), 1_000n, [[alice, 400n], [bob, 300n], [carol, 300n]]);
  const wind = await sell(windSpec({ totalShares: 600n }), 300n, [[bob, 100n], [dave, 200n]]);
  await f.energyAsset.write.delegate([solar, alice.account.address], { account: alice.account });
  await f.energyAsset.write.delegate([solar, alice.account.address], { account: bob.account });
  await f.energyAsset.write.delegate([wind, dave.account.address], { account: dave.account });
  const rules = {
    restrictCountries: true,
    allowedClassesMask: 0,
    maxHolders: 0,
    lockUpPeriod: 0,
    maxBalance: 400n,
    minHolding: 0n,
  };
  await f.compliance.write.setRules([wind, rules], { account: ops.account });
  await f.compliance.write.setCountriesAllowed([wind, [COUNTRY.ES, COUNTRY.DE, COUNTRY.NL], true], { account: ops.account });
  return { ...f, actors };
}

/** Investors and two Verified assets (300 and 200 shares) awaiting their offerings; no rules yet. */
async function primaryFixture(connection: Parameters<typeof investorsFixture>[0]) {
  const f = await investorsFixture(connection);
  const actors = await withSpareWallets(f);
  await verifiedAsset(f, solarSpec({ totalShares: 300n }));
  await verifiedAsset(f, windSpec({ totalShares: 200n }));
  return { ...f, actors };
}

type World = Awaited<ReturnType<typeof marketFixture>>;

// ---------------------------------------------------------------------------------------------- chain state

interface AssetSnap {
  status: number;
  paused: boolean;
  supply: bigint;
  holders: bigint;
  totalShares: bigint;
  rules: M.RulesM;
  countryAllowed: boolean[];
  bal: bigint[];
  del: number[];
  votes: bigint[];
  locked: bigint[];
}

interface OfferingSnap {
  status: number;
  feeBps: bigint;
  sold: bigint;
  raised: bigint;
  investorCount: number;
  contrib: M.ContributionM[];
}

/** Everything the properties observe, read from the chain (or computed from the model). */
interface Snap {
  paused: boolean;
  frozen: boolean[];
  links: number[];
  identities: M.IdentityM[];
  assets: AssetSnap[];
  offerings: OfferingSnap[];
  stable: bigint[];
  stableOffering: bigint;
  stablePlatform: bigint;
  stableAssetTreasury: bigint;
  escrow: bigint;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);


async function readChain(w: World, addr: Address[]): Promise<Snap> {
  const { energyAsset: token, compliance, identityRegistry: registry, offering, stablecoin } = w;
  const UNKNOWN = -2;
  const actorIndex = (a: Address) => {
    if (BigInt(a) === 0n) return ZERO;
    const i = addr.findIndex((x) => x.toLowerCase() === a.toLowerCase());
    return i < 0 ? UNKNOWN : i;
  };
  const [assetCount, offeringCount, identityCount] = await Promise.all([
    token.read.assetCount(),
    offering.read.offeringCount(),
    registry.read.identityCount(),
  ]);
  const q = batchReader(w.publicClient, 60);
  const each = <T>(contract: { address: Address; abi: Abi }, fn: string, args: (a: Address) => readonly unknown[]) =>
    addr.map((a) => q.read<T>(contract, fn, args(a)));
  const get = <T>(getters: (() => T)[]) => getters.map((g) => g());
  const assets = range(Number(assetCount)).map((i) => {
    const id = BigInt(i + 1);
    return {
      state: q.read<{ status: number; paused: boolean }>(token, "asset", [id]),
      supply: q.read<bigint>(token, "totalSupply", [id]),
      holders: q.read<bigint>(token, "holderCount", [id]),
      spec: q.read<{ totalShares: bigint }>(token, "assetSpec", [id]),
      rules: q.read<M.RulesM>(compliance, "rules", [id]),
      countryAllowed: COUNTRIES.map((c) => q.read<boolean>(compliance, "isCountryAllowed", [id, c])),
      bal: q.read<readonly bigint[]>(token, "balanceOfBatch", [addr, addr.map(() => id)]),
      del: each<Address>(token, "delegates", (a) => [id, a]),
      votes: each<bigint>(token, "getVotes", (a) => [id, a]),
      locked: each<bigint>(compliance, "lockedUntil", (a) => [id, a]),
    };
  });
  const offerings = range(Number(offeringCount)).map((i) => ({
    state: q.read<{ status: number; feeBps: number; sharesSold: bigint; raised: bigint; investorCount: number }>(
      offering,
      "state",
      [BigInt(i + 1)],
    ),
    contrib: each<M.ContributionM>(offering, "contribution", (a) => [BigInt(i + 1), a]),
  }));
  const identities = range(Number(identityCount)).map((i) =>
    q.read<{ country: number; investorClass: number; expiresAt: bigint; revoked: boolean }>(registry, "identity", [
      BigInt(i + 1),
    ]),
  );
  const paused = q.read<boolean>(token, "paused");
  const frozen = each<boolean>(token, "isFrozen", (a) => [a]);
  const links = each<bigint>(registry, "identityOf", (a) => [a]);
  const stable = each<bigint>(stablecoin, "balanceOf", (a) => [a]);
  const others = [offering.address, w.wallets.treasury.account.address, w.wallets.assetTreasury.account.address].map(
    (a) => q.read<bigint>(stablecoin, "balanceOf", [a]),
  );
  const escrow = q.read<bigint>(offering, "escrowBalance");
  await q.run();
  return {
    paused: paused(),
    frozen: get(frozen),
    links: get(links).map(Number),
    identities: identities.map((g) => {
      const r = g();
      return { country: r.country, cls: r.investorClass, expiresAt: r.expiresAt, revoked: r.revoked };
    }),
    assets: assets.map((a) => {
      const r = a.rules();
      return {
        status: a.state().status,
        paused: a.state().paused,
        supply: a.supply(),
        holders: a.holders(),
        totalShares: a.spec().totalShares,
        rules: {
          restrictCountries: r.restrictCountries,
          allowedClassesMask: r.allowedClassesMask,
          maxHolders: r.maxHolders,
          lockUpPeriod: r.lockUpPeriod,
          maxBalance: r.maxBalance,
          minHolding: r.minHolding,
        },
        countryAllowed: get(a.countryAllowed),
        bal: [...a.bal()],
        del: get(a.del).map(actorIndex),
        votes: get(a.votes),
        locked: get(a.locked).map(BigInt),
      };
    }),
    offerings: offerings.map((o) => {
      const st = o.state();
      return {
        status: st.status,
        feeBps: BigInt(st.feeBps),
        sold: st.sharesSold,
        raised: st.raised,
        investorCount: st.investorCount,
        contrib: get(o.contrib).map((c) => ({ shares: c.shares, paid: c.paid, settled: c.settled })),
      };
    }),
    stable: get(stable),
    stableOffering: others[0]!(),
    stablePlatform: others[1]!(),
    stableAssetTreasury: others[2]!(),
    escrow: escrow(),
  };
}

/** The snapshot the model expects the chain to show. */
function expected(m: Model): Snap {
  return {
    paused: m.paused,
    frozen: [...m.frozen],
    links: [...m.link],
    identities: m.identities.map((i) => ({ ...i })),
    assets: m.assets.map((a) => ({
      status: a.status,
      paused: a.paused,
      supply: a.supply,
      holders: BigInt(M.holderCount(a)),
      totalShares: a.totalShares,
      rules: { ...a.rules },
      countryAllowed: COUNTRIES.map((c) => M.countryAllowed(a, c)),
      bal: [...a.bal],
      del: [...a.del],
      votes: range(ACTORS).map((d) => M.votes(a, d)),
      locked: [...a.locked],
    })),
    offerings: m.offerings.map((o) => ({
      status: o.status,
      feeBps: o.feeBps,
      sold: o.sold,
      raised: o.raised,
      investorCount: o.investorCount,
      contrib: o.contrib.map((c) => ({ ...c })),
    })),
    stable: [...m.stable],
    stableOffering: m.stableOffering,
    stablePlatform: m.stablePlatform,
    stableAssetTreasury: m.stableAssetTreasury,
    escrow: m.escrow,
  };
}

/** Builds the model from the chain at the start of a run (the fixture's state is taken as given). */
async function modelFromChain(w: World, addr: Address[], s: Snap): Promise<Model> {
  const approvals = await Promise.all(
    addr.map((owner) => Promise.all(addr.map((op) => w.energyAsset.read.isApprovedForAll([owner, op])))),
  );
  const terms = await Promise.all(s.offerings.map((_, i) => w.offering.read.terms([BigInt(i + 1)])));
  return {
    now: BigInt(await w.networkHelpers.time.latest()),
    paused: s.paused,
    frozen: [...s.frozen],
    approvals,
    identities: s.identities.map((i) => ({ ...i })),
    link: [...s.links],
    assets: s.assets.map((a, i) => ({
      id: BigInt(i + 1),
      status: a.status,
      paused: a.paused,
      totalShares: a.totalShares,
      supply: a.supply,
      rules: { ...a.rules },
      // Raw allowances are only observable while countries are restricted; fixtures set none otherwise.
      allowed: new Set(a.rules.restrictCountries ? COUNTRIES.filter((_, k) => a.countryAllowed[k]) : []),
      bal: [...a.bal],
      del: [...a.del],
      locked: [...a.locked],
      everHeld: new Set(range(ACTORS).filter((k) => a.bal[k] !== 0n)),
    })),
    offerings: s.offerings.map((o, i) => {
      const t = terms[i]!;
      return {
        id: BigInt(i + 1),
        asset: Number(t.assetId) - 1,
        price: t.pricePerShare,
        soft: t.softCapShares,
        hard: t.hardCapShares,
        min: t.minPurchaseShares,
        maxPer: t.maxSharesPerInvestor,
        start: t.startTime,
        end: t.endTime,
        feeBps: o.feeBps,
        status: o.status,
        sold: o.sold,
        raised: o.raised,
        investorCount: o.investorCount,
        contrib: o.contrib.map((c) => ({ ...c })),
      };
    }),
    feeBps: BigInt(await w.offering.read.platformFeeBps()),
    stable: [...s.stable],
    stableOffering: s.stableOffering,
    stablePlatform: s.stablePlatform,
    stableAssetTreasury: s.stableAssetTreasury,
    escrow: s.escrow,
  };
}

/** Invariants 1, 3, 4 and the holder count, on the chain's own numbers. */
function checkChainInvariants(s: Snap, m: Model, where: string) {
  s.assets.forEach((a, i) => {
    const everHeld = m.assets[i]!.everHeld;
    const held = [...everHeld].reduce((sum, k) => sum + a.bal[k]!, 0n);
    assert.equal(held, a.supply, `${where}: asset ${i + 1} supply != sum of balances of past holders`);
    a.bal.forEach((b, k) => assert.ok(b === 0n || everHeld.has(k), `${where}: ${ACTOR_NAMES[k]} holds unseen shares`));
    assert.ok(a.supply <= a.totalShares, `${where}: asset ${i + 1} supply above total shares`);
    assert.equal(a.holders, BigInt(a.bal.filter((b) => b !== 0n).length), `${where}: asset ${i + 1} holderCount`);
    assert.ok(a.del.every((d) => d >= ZERO), `${where}: asset ${i + 1} delegates to an unknown account`);
    let delegated = 0n;
    let allVotes = 0n;
    range(ACTORS).forEach((d) => {
      const expectedVotes = a.bal.reduce((sum, b, k) => (a.del[k] === d ? sum + b : sum), 0n);
      assert.equal(a.votes[d], expectedVotes, `${where}: asset ${i + 1} votes of ${ACTOR_NAMES[d]}`);
      allVotes += a.votes[d]!;
      if (a.del[d] !== ZERO) delegated += a.bal[d]!;
    });
    assert.equal(allVotes, delegated, `${where}: asset ${i + 1} total votes != delegated balances`);
  });
  const unsettled = s.offerings
    .filter((o) => o.status === M.OFFER.Open || o.status === M.OFFER.Failed || o.status === M.OFFER.Cancelled)
    .flatMap((o) => o.contrib.filter((c) => !c.settled).map((c) => c.paid))
    .reduce((sum, p) => sum + p, 0n);
  assert.equal(s.escrow, s.stableOffering, `${where}: escrowBalance != stablecoin held by Offering`);
  assert.equal(s.escrow, unsettled, `${where}: escrowBalance != unsettled contributions`);
}

// ---------------------------------------------------------------------------------------------- actions

/**
 * [fit, i]: with fit, the i-th (cyclically) of the candidates that make sense in the current state (a
 * holder to send from, a verified wallet to send to, an open offering to buy from...); without fit, or
 * when there is none, the i-th of everything. Unfit picks exercise the revert paths.
 */
type Pick = [fit: boolean, i: number];
type Amount = { kind: "part" | "all" | "half" | "one" | "zero" | "over" | "n"; n: number };
type Rules = { restrict: boolean; mask: number; maxHolders: number; lockDays: number; maxBalance: number; minHolding: number };

type Action =
  | { t: "transfer"; byOwner: boolean; caller: number; from: Pick; to: Pick; asset: number; amount: Amount }
  | { t: "batch"; from: Pick; to: Pick; legs: { asset: number; amount: Amount }[] }
  | { t: "approve"; owner: number; operator: number; approved: boolean }
  | { t: "delegate"; holder: Pick; asset: number; delegatee: number }
  | { t: "freeze"; wallet: number; frozen: boolean }
  | { t: "forced"; from: Pick; to: Pick; asset: number; amount: Amount }
  | { t: "recover"; lost: Pick; to: Pick; linkFirst: boolean; assets: number[] }
  | { t: "link"; identity: number; wallet: Pick }
  | { t: "unlink"; wallet: Pick }
  | { t: "register"; wallet: Pick; country: number; cls: number }
  | { t: "revoke"; identity: number }
  | { t: "renew"; identity: number; country: number; cls: number; days: number }
  | { t: "rules"; asset: number; rules: Rules }
  | { t: "countries"; asset: number; countries: number[]; allowed: boolean }
  | { t: "pauseAsset"; asset: number; paused: boolean }
  | { t: "pauseAll"; paused: boolean }
  | { t: "suspend"; asset: number; suspend: boolean }
  | { t: "time"; seconds: number }
  | { t: "create"; asset: Pick; price: number; soft: number; hard: number; min: number; maxPer: number; days: number }
  | { t: "purchase"; investor: Pick; offering: Pick; shares: number }
  | { t: "finalize"; offering: Pick }
  | { t: "cancel"; offering: Pick; byOperator: boolean }
  | { t: "refund"; offering: Pick; investors: Pick[] }
  | { t: "deliver"; offering: Pick; investors: Pick[] };

const actor = fc.nat({ max: ACTORS - 1 });
const idx = fc.nat({ max: 7 }); // resolved modulo the current number of assets / offerings / identities
const mostly = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });
const pick: fc.Arbitrary<Pick> = fc.tuple(mostly, fc.nat({ max: 11 }));
const amount: fc.Arbitrary<Amount> = fc.record({
  kind: fc.constantFrom("part", "part", "part", "all", "half", "one", "zero", "over", "n"),
  n: fc.integer({ min: 1, max: 450 }),
});
const country = fc.constantFrom(...COUNTRIES);
const cls = fc.constantFrom(INVESTOR_CLASS.Retail, INVESTOR_CLASS.Professional, INVESTOR_CLASS.Institutional);
const rules: fc.Arbitrary<Rules> = fc.record({
  restrict: fc.boolean(),
  mask: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 })),
  maxHolders: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })),
  lockDays: fc.constantFrom(0, 0, 2, 20),
  maxBalance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600 })),
  minHolding: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 60 })),
});

const arbs = {
  transfer: fc.record({
    t: fc.constant("transfer" as const),
    byOwner: mostly,
    caller: actor,
    from: pick,
    to: pick,
    asset: idx,
    amount,
  }),
  batch: fc.record({
    t: fc.constant("batch" as const),
    from: pick,
    to: pick,
    // Both fixtures have two assets: mostly distinct legs, sometimes the same asset twice.
    legs: fc.oneof(
      {
        arbitrary: fc.uniqueArray(fc.record({ asset: idx, amount }), { minLength: 1, maxLength: 2, selector: (l) => l.asset % 2 }),
        weight: 2,
      },
      { arbitrary: fc.array(fc.record({ asset: idx, amount }), { minLength: 2, maxLength: 3 }), weight: 1 },
    ),
  }),
  approve: fc.record({ t: fc.constant("approve" as const), owner: actor, operator: actor, approved: fc.boolean() }),
  delegate: fc.record({
    t: fc.constant("delegate" as const),
    holder: pick,
    asset: idx,
    delegatee: fc.integer({ min: ZERO, max: ACTORS - 1 }),
  }),
  freeze: fc.record({ t: fc.constant("freeze" as const), wallet: actor, frozen: fc.boolean() }),
  forced: fc.record({
    t: fc.constant("forced" as const),
    from: fc.oneof({ arbitrary: pick, weight: 6 }, { arbitrary: fc.constant<Pick>([false, ZERO]), weight: 1 }),
    to: pick,
    asset: idx,
    amount,
  }),
  recover: fc.record({
    t: fc.constant("recover" as const),
    lost: pick,
    to: pick,
    linkFirst: mostly,
    assets: fc.array(fc.oneof({ arbitrary: idx, weight: 8 }, { arbitrary: fc.constant(-1), weight: 1 }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  link: fc.record({ t: fc.constant("link" as const), identity: idx, wallet: pick }),
  unlink: fc.record({ t: fc.constant("unlink" as const), wallet: pick }),
  register: fc.record({ t: fc.constant("register" as const), wallet: pick, country, cls }),
  revoke: fc.record({ t: fc.constant("revoke" as const), identity: idx }),
  renew: fc.record({
    t: fc.constant("renew" as const),
    identity: idx,
    country,
    cls,
    days: fc.constantFrom(3, 45, 365),
  }),
  rules: fc.record({ t: fc.constant("rules" as const), asset: idx, rules }),
  countries: fc.record({
    t: fc.constant("countries" as const),
    asset: idx,
    countries: fc.uniqueArray(country, { minLength: 1, maxLength: 3 }),
    allowed: fc.boolean(),
  }),
  pauseAsset: fc.record({ t: fc.constant("pauseAsset" as const), asset: idx, paused: fc.boolean() }),
  pauseAll: fc.record({ t: fc.constant("pauseAll" as const), paused: fc.boolean() }),
  suspend: fc.record({ t: fc.constant("suspend" as const), asset: idx, suspend: fc.boolean() }),
  time: fc.record({ t: fc.constant("time" as const), seconds: fc.constantFrom(3_600, DAY, 7 * DAY, 40 * DAY, 200 * DAY) }),
  create: fc.record({
    t: fc.constant("create" as const),
    asset: pick,
    price: fc.constantFrom(1, 2, 5),
    hard: fc.oneof(
      { arbitrary: fc.integer({ min: 20, max: 250 }), weight: 4 },
      { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 },
    ),
    soft: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 260 }), weight: 1 }, // sometimes invalid: 0, or above the hard cap
    ),
    min: fc.constantFrom(1, 1, 2, 5),
    maxPer: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 150 })),
    days: fc.constantFrom(2, 10, 30),
  }),
  purchase: fc.record({
    t: fc.constant("purchase" as const),
    investor: pick,
    offering: pick,
    shares: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 30 }), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 8 }), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 160 }), weight: 1 },
    ),
  }),
  finalize: fc.record({ t: fc.constant("finalize" as const), offering: pick }),
  cancel: fc.record({ t: fc.constant("cancel" as const), offering: pick, byOperator: mostly }),
  refund: fc.record({
    t: fc.constant("refund" as const),
    offering: pick,
    investors: fc.array(pick, { minLength: 1, maxLength: 3 }),
  }),
  deliver: fc.record({
    t: fc.constant("deliver" as const),
    offering: pick,
    investors: fc.array(pick, { minLength: 1, maxLength: 3 }),
  }),
} satisfies { [K in Action["t"]]: fc.Arbitrary<Extract<Action, { t: K }>> };

function weighted(
  weights: Partial<Record<Action["t"], number>>,
  overrides: Partial<Record<Action["t"], fc.Arbitrary<Action>>> = {},
): fc.Arbitrary<Action> {
  return fc.oneof(
    ...Object.entries(weights).map(([t, weight]) => ({
      arbitrary: overrides[t as Action["t"]] ?? (arbs[t as Action["t"]] as fc.Arbitrary<Action>),
      weight,
    })),
  );
}

function resolveAmount(a: Amount, balance: bigint): bigint {
  switch (a.kind) {
    case "part":
      return balance === 0n ? BigInt(a.n) : 1n + (BigInt(a.n) % balance);
    case "all":
      return balance;
    case "half":
      return balance / 2n;
    case "one":
      return 1n;
    case "zero":
      return 0n;
    case "over":
      return balance + 1n;
    case "n":
      return BigInt(a.n);
  }
}

/** Resolves a pick among `candidates`, or among 0..total-1. A ZERO pick stays ZERO. */
function choose([fit, i]: Pick, candidates: number[], total: number): number {
  if (i === ZERO) return ZERO;
  if (fit && candidates.length > 0) return candidates[i % candidates.length]!;
  return i % total;
}

// ---------------------------------------------------------------------------------------------- interpreter

interface Run {
  w: World;
  addr: Address[];
  model: Model;
  snap: Snap;
  log: string[];
  /** stablecoin paid per offering and investor, from the purchases' own costs */
  paidLog: Map<string, bigint>;
}

const name = (i: number) => (i === ZERO ? "0x0" : ACTOR_NAMES[i]!);
const ZERO_ADDRESS = `0x${"00".repeat(20)}` as Address;

async function succeeds(send: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await send();
    return { ok: true };
  } catch (error) {
    const e = error as { name?: string; shortMessage?: string; message?: string };
    const text = e.shortMessage ?? e.message ?? String(error);
    // Only contract reverts are expected failures; anything else is a broken test.
    if (!/revert|ContractFunctionExecutionError/i.test(`${e.name} ${text}`)) throw error;
    const details = (e.message ?? "").match(/reverted with (?:custom error|reason string|panic code) .*/)?.[0];
    return { ok: false, error: details ?? text.split("\n")[0] };
  }
}

/** Non-agent receipt facts read from the chain just before the transaction (invariant 2). */
async function receiptFacts(r: Run, assetId: bigint, wallet: number) {
  const [investorOf, rules] = await Promise.all([
    r.w.identityRegistry.read.investorOf([r.addr[wallet]!]),
    r.w.compliance.read.rules([assetId]),
  ]);
  const [, verified, country, investorClass] = investorOf;
  const countryAllowed = await r.w.compliance.read.isCountryAllowed([assetId, country]);
  const classAllowed = rules.allowedClassesMask === 0 || ((rules.allowedClassesMask >> investorClass) & 1) === 1;
  return { wallet, assetId, verified, countryAllowed, classAllowed };
}

function assertReceipt(facts: Awaited<ReturnType<typeof receiptFacts>>, where: string) {
  const who = `${where}: ${name(facts.wallet)} received asset ${facts.assetId}`;
  assert.ok(facts.verified, `${who} while not KYC-verified`);
  assert.ok(facts.countryAllowed, `${who} from a country not allowed`);
  assert.ok(facts.classAllowed, `${who} as an investor class not allowed`);
}

async function step(r: Run, action: Action): Promise<void> {
  const { w, addr } = r;
  const m = r.model;
  const next = structuredClone(m);
  const as = (i: number) => ({ account: w.actors[i]!.account });
  const ops = { account: w.wallets.ops.account };
  const assetIndex = (i: number) => i % m.assets.length;
  const assetId = (i: number) => BigInt(assetIndex(i) + 1);
  const identityId = (i: number) => (i % m.identities.length) + 1;
  const all = range(ACTORS);
  const holdersOf = (a: number) => all.filter((i) => m.assets[a]!.bal[i] !== 0n);
  const verifiedActors = all.filter((i) => M.verified(m, i));
  const offeringsIn = (...statuses: number[]) => range(m.offerings.length).filter((o) => statuses.includes(m.offerings[o]!.status));
  const where = `step ${r.log.length} ${JSON.stringify(action)}`;

  let reason: Reason;
  let send: () => Promise<unknown>;
  let resolved: unknown = undefined; // what the picks resolved to, for the log
  let receipts: { assetId: bigint; wallet: number }[] = []; // non-agent receipts to check
  let afterSuccess: (() => Promise<void>) | undefined;

  switch (action.t) {
    case "transfer": {
      const a = assetIndex(action.asset);
      const from = choose(action.from, holdersOf(a), ACTORS);
      const to = choose(action.to, verifiedActors, ACTORS);
      const caller = action.byOwner ? from : action.caller;
      const value = resolveAmount(action.amount, m.assets[a]!.bal[from]!);
      resolved = { caller: name(caller), from: name(from), to: name(to), asset: a + 1, value };
      reason = M.transfer(next, caller, from, to, a, value);
      send = () => w.energyAsset.write.safeTransferFrom([addr[from]!, addr[to]!, assetId(a), value, "0x"], as(caller));
      receipts = [{ assetId: assetId(a), wallet: to }];
      break;
    }
    case "batch": {
      const first = assetIndex(action.legs[0]!.asset);
      const from = choose(action.from, holdersOf(first), ACTORS);
      const to = choose(action.to, verifiedActors, ACTORS);
      const legs = action.legs.map((leg) => {
        const a = assetIndex(leg.asset);
        return { asset: a, amount: resolveAmount(leg.amount, m.assets[a]!.bal[from]!) };
      });
      resolved = { from: name(from), to: name(to), legs };
      reason = M.batchTransfer(next, from, to, legs);
      send = () =>
        w.energyAsset.write.safeBatchTransferFrom(
          [addr[from]!, addr[to]!, legs.map((l) => BigInt(l.asset + 1)), legs.map((l) => l.amount), "0x"],
          as(from),
        );
      receipts = legs.map((l) => ({ assetId: BigInt(l.asset + 1), wallet: to }));
      break;
    }
    case "approve":
      reason = null;
      next.approvals[action.owner]![action.operator] = action.approved;
      send = () => w.energyAsset.write.setApprovalForAll([addr[action.operator]!, action.approved], as(action.owner));
      break;
    case "delegate": {
      const a = assetIndex(action.asset);
      const holder = choose(action.holder, holdersOf(a), ACTORS);
      resolved = { holder: name(holder) };
      reason = M.delegate(next, holder, a, action.delegatee);
      const to = action.delegatee === ZERO ? ZERO_ADDRESS : addr[action.delegatee]!;
      send = () => w.energyAsset.write.delegate([assetId(a), to], as(holder));
      break;
    }
    case "freeze":
      reason = null;
      next.frozen[action.wallet] = action.frozen;
      send = () => w.energyAsset.write.setAddressFrozen([addr[action.wallet]!, action.frozen, "property"], ops);
      break;
    case "forced": {
      const a = assetIndex(action.asset);
      const from = choose(action.from, holdersOf(a), ACTORS);
      const to = choose(action.to, verifiedActors, ACTORS);
      const value = resolveAmount(action.amount, from === ZERO ? 0n : m.assets[a]!.bal[from]!);
      resolved = { from: name(from), to: name(to), asset: a + 1, value };
      reason = M.forcedTransfer(next, from, to, a, value);
      const toVerified = await w.identityRegistry.read.isVerified([addr[to]!]);
      const fromAddress = from === ZERO ? ZERO_ADDRESS : addr[from]!;
      send = () => w.energyAsset.write.forcedTransfer([assetId(a), fromAddress, addr[to]!, value, "property"], ops);
      afterSuccess = async () => assert.ok(toVerified, `${where}: forced transfer to an unverified wallet`);
      break;
    }
    case "recover": {
      const lost = choose(action.lost, all.filter((i) => m.link[i] !== 0 && m.assets.some((a) => a.bal[i] !== 0n)), ACTORS);
      // Fit: another wallet of the same identity, or an unlinked one (linked first when linkFirst).
      const to = choose(action.to, all.filter((i) => i !== lost && (m.link[i] === 0 || m.link[i] === m.link[lost])), ACTORS);
      if (action.linkFirst && m.link[lost] !== 0 && m.link[to] === 0) {
        // The KYC agent links the replacement wallet to the lost wallet's identity first.
        await step(r, { t: "link", identity: m.link[lost]! - 1, wallet: [false, to] });
        return step(r, { ...action, lost: [false, lost], to: [false, to], linkFirst: false });
      }
      const assets = action.assets.map((i) => (i < 0 ? -1 : assetIndex(i)));
      resolved = { lost: name(lost), to: name(to), assets: assets.map((a) => a + 1) };
      reason = M.recoverWallet(next, lost, to, assets);
      const ids = assets.map((i) => (i < 0 ? 999n : BigInt(i + 1)));
      const [lostIdentity, newIdentity] = await Promise.all(
        [lost, to].map((i) => w.identityRegistry.read.identityOf([addr[i]!])),
      );
      const recipientVerified = await w.identityRegistry.read.isVerified([addr[to]!]);
      send = () => w.energyAsset.write.recoverWallet([addr[lost]!, addr[to]!, ids, "property"], ops);
      afterSuccess = async () => {
        assert.ok(lostIdentity !== 0n && lostIdentity === newIdentity, `${where}: recovery across identities`);
        assert.ok(recipientVerified, `${where}: recovery to an unverified wallet`);
      };
      break;
    }
    case "link": {
      const id = identityId(action.identity);
      const wallet = choose(action.wallet, all.filter((i) => m.link[i] === 0), ACTORS);
      resolved = { identity: id, wallet: name(wallet) };
      reason = M.linkWallet(next, id, wallet);
      send = () => w.identityRegistry.write.linkWallet([BigInt(id), addr[wallet]!], ops);
      break;
    }
    case "unlink": {
      const wallet = choose(action.wallet, all.filter((i) => m.link[i] !== 0), ACTORS);
      resolved = { wallet: name(wallet) };
      reason = M.unlinkWallet(next, wallet);
      send = () => w.identityRegistry.write.unlinkWallet([addr[wallet]!], ops);
      break;
    }
    case "register": {
      const wallet = choose(action.wallet, all.filter((i) => m.link[i] === 0), ACTORS);
      const expiresAt = m.now + ONE_YEAR;
      resolved = { wallet: name(wallet) };
      reason = M.registerIdentity(next, wallet, action.country, action.cls, expiresAt);
      send = () => w.identityRegistry.write.registerIdentity([addr[wallet]!, action.country, action.cls, expiresAt], ops);
      break;
    }
    case "revoke": {
      const id = identityId(action.identity);
      reason = M.revokeIdentity(next, id);
      send = () => w.identityRegistry.write.revokeIdentity([BigInt(id), "property"], ops);
      break;
    }
    case "renew": {
      const id = identityId(action.identity);
      const expiresAt = m.now + BigInt(action.days * DAY);
      reason = M.updateIdentity(next, id, action.country, action.cls, expiresAt);
      send = () => w.identityRegistry.write.updateIdentity([BigInt(id), action.country, action.cls, expiresAt], ops);
      break;
    }
    case "rules": {
      const a = assetIndex(action.asset);
      const x = action.rules;
      const newRules: M.RulesM = {
        restrictCountries: x.restrict,
        allowedClassesMask: x.mask,
        maxHolders: x.maxHolders,
        lockUpPeriod: x.lockDays * DAY,
        maxBalance: BigInt(x.maxBalance),
        minHolding: BigInt(x.minHolding),
      };
      reason = M.setRules(next, a, newRules);
      send = () => w.compliance.write.setRules([assetId(a), newRules], ops);
      break;
    }
    case "countries": {
      const a = assetIndex(action.asset);
      reason = M.setCountriesAllowed(next, a, action.countries, action.allowed);
      send = () => w.compliance.write.setCountriesAllowed([assetId(a), action.countries, action.allowed], ops);
      break;
    }
    case "pauseAsset": {
      const a = assetIndex(action.asset);
      reason = null;
      next.assets[a]!.paused = action.paused;
      send = () => w.energyAsset.write.setAssetPaused([assetId(a), action.paused], ops);
      break;
    }
    case "pauseAll":
      reason = M.setPaused(next, action.paused);
      send = () => (action.paused ? w.energyAsset.write.pause(ops) : w.energyAsset.write.unpause(ops));
      break;
    case "suspend": {
      const a = assetIndex(action.asset);
      reason = M.setSuspended(next, a, action.suspend);
      send = () =>
        action.suspend
          ? w.energyAsset.write.suspendAsset([assetId(a), "property"], ops)
          : w.energyAsset.write.resumeAsset([assetId(a), "property"], ops);
      break;
    }
    case "time": {
      // Land at least an hour away from every deadline, so the model knows each outcome for sure.
      let target = m.now + BigInt(action.seconds);
      const near = (t: bigint) => M.deadlines(m).some((d) => (d > t ? d - t : t - d) < DEADLINE_MARGIN);
      while (near(target)) target += DEADLINE_MARGIN;
      reason = null;
      send = () => w.networkHelpers.time.increaseTo(target);
      break;
    }
    case "create": {
      const verifiedAssets = range(m.assets.length).filter((a) => m.assets[a]!.status === M.ASSET.Verified);
      const a = choose(action.asset, verifiedAssets, m.assets.length);
      const t: M.TermsM = {
        asset: a,
        price: eur(action.price),
        soft: BigInt(action.soft),
        hard: BigInt(action.hard),
        min: BigInt(action.min),
        maxPer: BigInt(action.maxPer),
        start: m.now,
        end: m.now + BigInt(action.days * DAY),
      };
      resolved = { asset: a + 1 };
      reason = M.createOffering(next, t, ACTORS);
      const terms = await offeringTerms(w, assetId(a), {
        pricePerShare: t.price,
        softCapShares: t.soft,
        hardCapShares: t.hard,
        minPurchaseShares: t.min,
        maxSharesPerInvestor: t.maxPer,
        startTime: t.start,
        endTime: t.end,
      });
      send = () => w.offering.write.createOffering([terms], { account: w.wallets.operator.account });
      break;
    }
    case "purchase":
    case "finalize":
    case "cancel":
    case "refund":
    case "deliver": {
      if (m.offerings.length === 0) return; // nothing to act on yet
      const fitting =
        action.t === "deliver"
          ? offeringsIn(M.OFFER.Succeeded)
          : action.t === "refund"
            ? offeringsIn(M.OFFER.Failed, M.OFFER.Cancelled)
            : offeringsIn(M.OFFER.Open);
      const o = choose(action.offering, fitting, m.offerings.length);
      const id = BigInt(o + 1);
      const offeringAssetId = BigInt(m.offerings[o]!.asset + 1);
      const unsettled = all.filter((i) => m.offerings[o]!.contrib[i]!.shares !== 0n && !m.offerings[o]!.contrib[i]!.settled);
      if (action.t === "purchase") {
        const investor = choose(action.investor, verifiedActors, ACTORS);
        resolved = { offering: o + 1, investor: name(investor) };
        reason = M.purchase(next, investor, o, BigInt(action.shares));
        send = () => w.offering.write.purchase([id, BigInt(action.shares)], as(investor));
        afterSuccess = async () => {
          const key = `${o}:${investor}`;
          r.paidLog.set(key, (r.paidLog.get(key) ?? 0n) + BigInt(action.shares) * m.offerings[o]!.price);
        };
      } else if (action.t === "finalize") {
        resolved = { offering: o + 1 };
        reason = M.finalizeOffering(next, o);
        send = () => w.offering.write.finalizeOffering([id]);
      } else if (action.t === "cancel") {
        resolved = { offering: o + 1 };
        reason = M.cancelOffering(next, o, action.byOperator);
        const caller = action.byOperator ? w.wallets.operator.account : w.wallets.alice.account;
        send = () => w.offering.write.cancelOffering([id, "property"], { account: caller });
      } else {
        // Fit picks list each pending investor at most once; unfit ones may repeat or have nothing due.
        const investors = action.investors.map((p) => choose(p, unsettled, ACTORS));
        const list = action.investors.every(([fit]) => fit) ? [...new Set(investors)] : investors;
        resolved = { offering: o + 1, investors: list.map(name) };
        if (action.t === "refund") {
          reason = M.refund(next, o, list);
          send = () => w.offering.write.refund([id, list.map((i) => addr[i]!)]);
          const before = await Promise.all(list.map((i) => w.stablecoin.read.balanceOf([addr[i]!])));
          afterSuccess = async () => {
            // Invariant 5: each refund is exactly what the investor paid into this offering.
            const after = await Promise.all(list.map((i) => w.stablecoin.read.balanceOf([addr[i]!])));
            list.forEach((i, k) => {
              const paid = r.paidLog.get(`${o}:${i}`) ?? 0n;
              assert.equal(after[k]! - before[k]!, paid, `${where}: ${name(i)} refunded != paid`);
            });
          };
        } else {
          reason = M.deliverShares(next, o, list);
          send = () => w.offering.write.deliverShares([id, list.map((i) => addr[i]!)]);
          receipts = list.map((i) => ({ assetId: offeringAssetId, wallet: i }));
          afterSuccess = async () => {
            // The lock-up starts at the delivery block: take its exact timestamp from the chain.
            const a = next.assets[m.offerings[o]!.asset]!;
            for (const i of list) {
              if (a.rules.lockUpPeriod === 0) continue;
              const locked = BigInt(await w.compliance.read.lockedUntil([a.id, addr[i]!]));
              const drift = locked - a.locked[i]!;
              assert.ok(drift >= 0n && drift < 300n, `${where}: lock-up of ${name(i)} ${locked} vs ${a.locked[i]}`);
              a.locked[i] = locked;
            }
          };
        }
      }
      break;
    }
  }

  const facts = await Promise.all(receipts.map((x) => receiptFacts(r, x.assetId, x.wallet)));
  const t0 = performance.now();
  const outcome = await succeeds(send);
  const t1 = performance.now();
  if (STATS) {
    const key = `${action.t} ${outcome.ok ? "ok" : `revert ${reason ?? "?"}`}`;
    STATS.set(key, (STATS.get(key) ?? 0) + 1);
  }
  const shown = resolved === undefined ? "" : ` ${JSON.stringify(resolved, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`;
  r.log.push(`${r.log.length}: ${action.t}${shown} -> ${outcome.ok ? "ok" : outcome.error}`);
  if (outcome.ok !== (reason === null)) {
    assert.fail(
      `${where}: model expected ${reason ?? "success"}, chain ${outcome.ok ? "succeeded" : `reverted: ${outcome.error}`}\n` +
        `steps (picks resolved):\n${r.log.join("\n")}`,
    );
  }
  const snap = await readChain(w, addr);
  if (STATS) {
    STATS.set("ms tx", (STATS.get("ms tx") ?? 0) + (t1 - t0));
    STATS.set("ms read", (STATS.get("ms read") ?? 0) + (performance.now() - t1));
  }
  if (outcome.ok) {
    for (const f of facts) assertReceipt(f, where);
    if (afterSuccess) await afterSuccess();
    r.model = next;
  } else {
    // A failed action changes nothing.
    assert.deepStrictEqual(snap, r.snap, `${where}: reverted action changed state`);
  }
  r.model.now = BigInt(await w.networkHelpers.time.latest());
  try {
    checkChainInvariants(snap, r.model, where);
    assert.deepStrictEqual(snap, expected(r.model), `${where}: chain != model`);
  } catch (error) {
    if (error instanceof assert.AssertionError) error.message += `\nsteps (picks resolved):\n${r.log.join("\n")}`;
    throw error;
  }
  r.snap = snap;
}

async function startRun(w: World): Promise<Run> {
  const addr = w.actors.map((a) => a.account.address);
  const snap = await readChain(w, addr);
  const model = await modelFromChain(w, addr, snap);
  assert.deepStrictEqual(snap, expected(model));
  checkChainInvariants(snap, model, "start");
  return { w, addr, model, snap, log: [], paidLog: new Map() };
}

/**
 * Closes every offering (after every window), refunds every failed or cancelled one and delivers every
 * succeeded one, investor by investor; then escrow is empty and each investor is back to its initial
 * stablecoin minus what it paid into succeeded offerings (invariant 5).
 */
async function closeAll(r: Run, initialStable: bigint[]) {
  const latestEnd = r.model.offerings.reduce((max, o) => (o.end > max ? o.end : max), 0n);
  if (latestEnd >= r.model.now) await step(r, { t: "time", seconds: Number(latestEnd - r.model.now) + DAY });
  for (const o of range(r.model.offerings.length)) {
    if (r.model.offerings[o]!.status === M.OFFER.Open) await step(r, { t: "finalize", offering: [false, o] });
    assert.notEqual(r.model.offerings[o]!.status, M.OFFER.Open, "an offering stayed open");
  }
  for (const o of range(r.model.offerings.length)) {
    const status = r.model.offerings[o]!.status;
    if (status !== M.OFFER.Failed && status !== M.OFFER.Cancelled) continue;
    for (const i of range(ACTORS)) {
      const c = r.model.offerings[o]!.contrib[i]!;
      if (c.shares !== 0n && !c.settled) await step(r, { t: "refund", offering: [false, o], investors: [[false, i]] });
    }
  }
  // Deliver what can be delivered (the model says which deliveries compliance must refuse).
  for (const o of range(r.model.offerings.length)) {
    if (r.model.offerings[o]!.status !== M.OFFER.Succeeded) continue;
    for (const i of range(ACTORS)) {
      const c = r.model.offerings[o]!.contrib[i]!;
      if (c.shares !== 0n && !c.settled) await step(r, { t: "deliver", offering: [false, o], investors: [[false, i]] });
    }
  }
  assert.equal(r.snap.escrow, 0n, "escrow not empty after every offering closed and refunded");
  range(ACTORS).forEach((i) => {
    const spent = r.model.offerings
      .filter((o) => o.status === M.OFFER.Succeeded)
      .reduce((sum, o) => sum + o.contrib[i]!.paid, 0n);
    assert.equal(r.snap.stable[i], initialStable[i]! - spent, `${name(i)} did not get back what failed offerings took`);
  });
}

// ---------------------------------------------------------------------------------------------- properties

describe("properties", async () => {
  const connection = await network.create();
  const market = () => marketFixture(connection);
  const primary = () => primaryFixture(connection);

  it("secondary market: transfers, delegations, freezes, forced transfers, recoveries, KYC and rule changes", async () => {
    const action = weighted({
      transfer: 10,
      batch: 4,
      approve: 1,
      delegate: 5,
      freeze: 2,
      forced: 3,
      recover: 2,
      link: 2,
      unlink: 1,
      register: 1,
      revoke: 2,
      renew: 2,
      rules: 2,
      countries: 2,
      pauseAsset: 1,
      pauseAll: 1,
      suspend: 1,
      time: 1,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30, size: "max" }), async (actions) => {
        const w = await connection.networkHelpers.loadFixture(market);
        const r = await startRun(w);
        for (const a of actions) await step(r, a);
      }),
      fcParams(60),
    );
  });

  it("primary offerings: purchases, closes, cancellations, refunds and deliveries under changing KYC and rules", async () => {
    const action = weighted({
      create: 2,
      purchase: 12,
      time: 2,
      finalize: 3,
      cancel: 1,
      refund: 3,
      deliver: 3,
      revoke: 1,
      renew: 1,
      register: 1,
      rules: 2,
      countries: 1,
      freeze: 1,
      transfer: 2,
      delegate: 1,
      forced: 1,
    }, {
      // Mostly shorter than the offering windows (2 to 30 days), so several purchases fit in one.
      time: fc.record({
        t: fc.constant("time" as const),
        seconds: fc.constantFrom(3_600, DAY, DAY, 4 * DAY, 12 * DAY, 40 * DAY),
      }),
    });
    const firstOffering = arbs.create.map((c) => ({ ...c, soft: Math.max(1, Math.min(c.soft, c.hard)) }));
    await fc.assert(
      fc.asyncProperty(firstOffering, fc.array(action, { minLength: 1, maxLength: 30, size: "max" }), async (first, actions) => {
        const w = await connection.networkHelpers.loadFixture(primary);
        const r = await startRun(w);
        const initialStable = [...r.snap.stable];
        await step(r, first);
        for (const a of actions) await step(r, a);
        await closeAll(r, initialStable);
      }),
      fcParams(60),
    );
  });

  if (STATS) {
    it("statistics", () => console.log([...STATS.entries()].sort().map(([k, v]) => `${k}: ${Math.round(v)}`).join("\n")));
  }
});
