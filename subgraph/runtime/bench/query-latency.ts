/**
 * Query latency with 100,000 stored entities: p50/p95 over HTTP for a portfolio, an order book and a
 * production time series query (the dApp's heaviest), at the latest block and with time travel.
 * Entities are written through the SubgraphStore API in blocks, with updates so tables hold history.
 *
 *   node subgraph/runtime/bench/query-latency.ts [--postgres] [--entities 100000] [--runs 300] [--explain] [--cpu-prof <file>]
 *   (--cpu-prof: a V8 CPU profile of the query phase only, without the initial writes)
 *   (--postgres: DATABASE_URL or postgres://postgres@127.0.0.1:5432/test; skipped when unreachable)
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { buildApi } from "../src/graphql/api.ts";
import { runQuery, startQueryServer } from "../src/graphql/index.ts";
import { openStore } from "../src/store/index.ts";
import type { BlockPtr, Entity, StoreValue } from "../src/store/types.ts";
import { benchDatabaseUrl, postgresReachable } from "./postgres.ts";

const { values: args } = parseArgs({
  options: {
    postgres: { type: "boolean", default: false },
    entities: { type: "string", default: "100000" },
    runs: { type: "string", default: "300" },
    explain: { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});
const TOTAL = Number(args.entities);
const RUNS = Number(args.runs);

const SCHEMA = `
enum Side { Buy Sell }
enum OrderStatus { Open Filled Cancelled }
type Asset @entity { id: ID! name: String! symbol: String! capacityKw: BigInt! positions: [Position!]! @derivedFrom(field: "asset") }
type Account @entity { id: Bytes! positions: [Position!]! @derivedFrom(field: "holder") orders: [Order!]! @derivedFrom(field: "maker") }
type Position @entity { id: ID! asset: Asset! holder: Account! balance: BigInt! costBasis: BigDecimal! claimed: BigInt! updatedAt: Timestamp! }
type Order @entity { id: ID! asset: Asset! maker: Account! side: Side! status: OrderStatus! price: BigDecimal! amount: BigInt! remaining: BigInt! createdAt: Timestamp! }
type ProductionPeriod @entity(immutable: true) { id: Bytes! asset: Asset! periodStart: Timestamp! energyWh: BigInt! co2AvoidedG: BigInt! }
`;

const str = (value: string): StoreValue => ({ kind: "String", value });
const big = (value: number | bigint): StoreValue => ({ kind: "BigInt", value: BigInt(value) });
const dec = (value: string): StoreValue => ({ kind: "BigDecimal", value });
const ts = (value: number): StoreValue => ({ kind: "Timestamp", value: BigInt(value) * 1_000_000n });
const bytes = (hex: string): StoreValue => ({ kind: "Bytes", value: new Uint8Array(Buffer.from(hex.slice(2), "hex")) });
const hex = (n: number, width = 40) => "0x" + n.toString(16).padStart(width, "0");
const ent = (o: Record<string, StoreValue>): Entity => new Map(Object.entries(o));
const blockPtr = (n: number): BlockPtr => ({ number: n, hash: hex(n, 64) as `0x${string}`, parentHash: hex(n - 1, 64) as `0x${string}`, timestamp: 1_700_000_000 + n * 12 });

// Shape: 100 assets, 2,000 accounts; the rest split between positions, orders and production periods.
const ASSETS = 100;
const ACCOUNTS = Math.round(TOTAL * 0.02);
const rest = TOTAL - ASSETS - ACCOUNTS;
const POSITIONS = Math.round(rest * 0.3);
const ORDERS = Math.round(rest * 0.35);
const PERIODS = rest - POSITIONS - ORDERS;

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = (n: number) => Math.floor(rnd() * n);

const deployment = `QmBenchQueries${Date.now().toString(36)}`;
if (args.postgres && !(await postgresReachable(benchDatabaseUrl))) {
  console.log(`PostgreSQL at ${benchDatabaseUrl} is not reachable: query latency on PostgreSQL skipped`);
  process.exit(0);
}
const store = await openStore({ schema: SCHEMA, deployment, ...(args.postgres ? { databaseUrl: benchDatabaseUrl } : {}) });

const writes: (() => void)[] = [];
for (let i = 0; i < ASSETS; i++) writes.push(() => store.set("Asset", `asset-${i}`, ent({ name: str(`Solar park ${i}`), symbol: str(`SP${i}`), capacityKw: big(500 + i) })));
for (let i = 0; i < ACCOUNTS; i++) writes.push(() => store.set("Account", hex(i + 1), ent({})));
for (let i = 0; i < POSITIONS; i++) {
  const asset = `asset-${pick(ASSETS)}`;
  const holder = hex(pick(ACCOUNTS) + 1);
  writes.push(() =>
    store.set("Position", `${asset}-${holder}-${i}`, ent({ asset: str(asset), holder: bytes(holder), balance: big(1 + pick(10_000)), costBasis: dec(`${pick(100000)}.${pick(100)}`), claimed: big(pick(1000)), updatedAt: ts(1_700_000_000 + i) })),
  );
}
for (let i = 0; i < ORDERS; i++) {
  const asset = `asset-${pick(ASSETS)}`;
  const amount = 1 + pick(500);
  writes.push(() =>
    store.set("Order", `order-${i}`, ent({ asset: str(asset), maker: bytes(hex(pick(ACCOUNTS) + 1)), side: str(rnd() < 0.5 ? "Buy" : "Sell"), status: str(rnd() < 0.6 ? "Open" : rnd() < 0.5 ? "Filled" : "Cancelled"), price: dec(`${1 + pick(200)}.${pick(100)}`), amount: big(amount), remaining: big(pick(amount)), createdAt: ts(1_700_000_000 + i) })),
  );
}
for (let i = 0; i < PERIODS; i++) {
  const asset = i % ASSETS;
  const period = Math.floor(i / ASSETS);
  writes.push(() => store.set("ProductionPeriod", hex(i + 1, 64), ent({ asset: str(`asset-${asset}`), periodStart: ts(1_700_000_000 + period * 3600), energyWh: big(pick(500_000)), co2AvoidedG: big(pick(200_000)) })));
}

const PER_BLOCK = 1000;
const t0 = performance.now();
let blockNumber = 0;
for (let i = 0; i < writes.length; i += PER_BLOCK) {
  for (const w of writes.slice(i, i + PER_BLOCK)) w();
  await store.transact(blockPtr(++blockNumber));
}
// History: update a tenth of the orders over later blocks (fills), so queries read tables with closed ranges.
const historyBlock = blockNumber;
for (let i = 0; i < ORDERS / 10; i += 500) {
  for (let j = i; j < Math.min(i + 500, ORDERS / 10); j++) store.set("Order", `order-${j * 10}`, ent({ remaining: big(0), status: str("Filled") }));
  await store.transact(blockPtr(++blockNumber));
}
const writeMs = performance.now() - t0;
const stored = TOTAL + Math.floor(ORDERS / 10);

// --explain: print the plan of every SQL statement one run of each query issues.
const captured: [string, unknown[]][] = [];
if (args.explain) {
  const query = store.db.query.bind(store.db);
  store.db.query = (async (sql: string, params?: unknown[]) => {
    if (sql.startsWith("select")) captured.push([sql, params ?? []]);
    return query(sql, params);
  }) as typeof store.db.query;
}

const server = await startQueryServer({ store, port: 0, subgraphName: "cowatt/bench" });

async function post(query: string): Promise<void> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

const holderWithMost = hex(pick(ACCOUNTS) + 1);
const QUERIES: [string, (i: number) => string][] = [
  [
    "portfolio (account → positions ↔ asset)",
    (i) => `{ account(id: "${hex(((i * 7919) % ACCOUNTS) + 1)}") { id positions(first: 100, orderBy: balance, orderDirection: desc) { id balance costBasis claimed asset { id name symbol capacityKw } } orders(first: 20, where: { status: Open }) { id price remaining } } }`,
  ],
  [
    "order book (open sells of an asset by price)",
    (i) => `{ sells: orders(first: 50, orderBy: price, orderDirection: asc, where: { asset: "asset-${i % ASSETS}", side: Sell, status: Open }) { id price remaining maker { id } } buys: orders(first: 50, orderBy: price, orderDirection: desc, where: { asset: "asset-${i % ASSETS}", side: Buy, status: Open }) { id price remaining } }`,
  ],
  [
    "production time series (asset, last 200 periods)",
    (i) => `{ productionPeriods(first: 200, orderBy: periodStart, orderDirection: desc, where: { asset: "asset-${i % ASSETS}", periodStart_gte: "${(1_700_000_000 + 3600) * 1_000_000}" }) { periodStart energyWh co2AvoidedG } }`,
  ],
  [
    "order book at a past block (time travel)",
    (i) => `{ orders(block: { number: ${historyBlock} }, first: 50, orderBy: price, where: { asset: "asset-${i % ASSETS}", side: Sell, status: Open }) { id price remaining } }`,
  ],
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const api = buildApi(store);
const profiler = args["cpu-prof"] ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const results: { query: string; p50: number; p95: number; max: number; "CPU ms/query": number; "in-process p50": number; "in-process p95": number }[] = [];
for (const [name, make] of QUERIES) {
  for (let i = 0; i < 20; i++) await post(make(i)); // warm-up
  if (args.explain) {
    captured.length = 0;
    await post(make(7));
    for (const [sql, params] of captured.splice(0)) {
      const plan = await store.db.query<Record<string, string>>(`explain analyze ${sql}`, params);
      console.log(`-- ${name}\n${sql}\n${plan.map((r) => Object.values(r)[0]).join("\n")}\n`);
    }
  }
  const samples: number[] = [];
  // CPU time of this process (server and client) per HTTP query: less sensitive to other load than wall time.
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const q = make(i + 1000);
    const s = performance.now();
    await post(q);
    samples.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpuBefore);
  samples.sort((a, b) => a - b);
  // The same queries without HTTP (parse/validate cached, execution + SQL only).
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const q = make(i + 1000);
    const s = performance.now();
    const res = await runQuery(api, store, q);
    direct.push(performance.now() - s);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  direct.sort((a, b) => a - b);
  results.push({
    query: name,
    p50: +percentile(samples, 50).toFixed(2),
    p95: +percentile(samples, 95).toFixed(2),
    max: +samples[samples.length - 1]!.toFixed(2),
    "CPU ms/query": +((cpu.user + cpu.system) / 1000 / RUNS).toFixed(2),
    "in-process p50": +percentile(direct, 50).toFixed(2),
    "in-process p95": +percentile(direct, 95).toFixed(2),
  });
}
void holderWithMost;
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  await writeFile(args["cpu-prof"]!, JSON.stringify(profile));
  profiler.disconnect();
}

console.log(`backend: ${args.postgres ? "PostgreSQL" : "PGlite (in-memory)"}; entities: ${TOTAL} (+${Math.floor(ORDERS / 10)} historical versions) in ${blockNumber} blocks`);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; peak rss ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
console.log(`writes: ${(writeMs / 1000).toFixed(1)} s (${Math.round(stored / (writeMs / 1000))} entity versions/s); heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`);
console.table(results);

await server.close();
if (args.postgres) await store.dropDeployment();
await store.close();
