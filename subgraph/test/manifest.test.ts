/**
 * The rendered manifest and the compiled mappings: every event of every indexed contract's ABI has a handler
 * that the compiled WASM exports, and addresses / start blocks / network come from the deployment record.
 * Needs `npm run build:subgraph` first (the `test` script runs it).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import type { DeploymentRecord } from "@cowatt/deployments";
import {
  INDEXED_CONTRACTS, OPTIONAL_GROUPS, TEMPLATES, abiOf, contractEvents, eventSignature, renderManifest, subgraphDir,
  vestingDataSourceName, writeNetworksJson,
} from "../scripts/render-manifest.ts";
import { ALLOCATION_TABLE } from "../../scripts/lib/allocation.ts";

/** The zero-address build compiles one vesting data source per row of the allocation table. */
const zeroVestingNames = ALLOCATION_TABLE.vesting.map((row) => vestingDataSourceName(row.name));

// The project's TypeScript lib (es2023, no DOM) does not declare Node's WebAssembly global.
interface WasmApi { Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string }[] } }
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface DataSource {
  name: string;
  network: string;
  source: { address: string; startBlock: number; abi: string };
  context?: Record<string, { type: string; data: string }>;
  mapping: { file: string; eventHandlers: { event: string; handler: string }[] };
}
interface Manifest { dataSources: DataSource[]; templates?: { name: string }[] }

function record(chainId: number, network: string): DeploymentRecord {
  const contracts: Record<string, { address: string; startBlock: number }> = {};
  INDEXED_CONTRACTS.forEach(([name], i) => {
    contracts[name] = { address: `0x${(i + 1).toString(16).padStart(40, "0")}`, startBlock: 100 + i };
  });
  return { network, chainId, deployedAt: "2026-01-01T00:00:00.000Z", contracts } as unknown as DeploymentRecord;
}

function render(r: DeploymentRecord | null): Manifest {
  const out = join(subgraphDir, `subgraph-manifest-test-${process.pid}.yaml`);
  try {
    renderManifest({ record: r, out });
    return parse(readFileSync(out, "utf8")) as Manifest;
  } finally {
    rmSync(out, { force: true });
  }
}

describe("rendered manifest", () => {
  it("takes addresses and start blocks from the record and names the network by chain id", () => {
    const r = record(84532, "baseSepolia");
    const manifest = render(r);
    assert.deepEqual(manifest.dataSources.map((d) => d.name), INDEXED_CONTRACTS.map(([name]) => name));
    for (const ds of manifest.dataSources) {
      const deployed = (r.contracts as unknown as Record<string, { address: string; startBlock: number }>)[ds.name]!;
      assert.equal(ds.source.address, deployed.address);
      assert.equal(ds.source.startBlock, deployed.startBlock);
      assert.equal(ds.network, "base-sepolia");
    }
    assert.equal(render(record(31337, "localhost")).dataSources[0]!.network, "localhost");
  });

  it("has a handler for every event of every indexed contract's ABI", () => {
    const manifest = render(null);
    for (const ds of manifest.dataSources) {
      assert.equal(ds.source.abi, abiOf(ds.name));
      const expected = contractEvents(ds.source.abi).map((e) => ({ event: eventSignature(e), handler: `handle${e.name}` }));
      assert.ok(expected.length > 0, `${ds.name} has events`);
      assert.deepEqual(ds.mapping.eventHandlers, expected, ds.name);
      assert.equal(ds.source.address, "0x0000000000000000000000000000000000000000");
    }
  });

  it("writes graph-cli's networks.json with one entry per deployment record", () => {
    const out = join(subgraphDir, `networks-test-${process.pid}.json`);
    try {
      const local = record(31337, "localhost");
      const testnet = record(84532, "baseSepolia");
      const written = writeNetworksJson([local, testnet], out);
      assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), written);
      assert.deepEqual(Object.keys(written), ["localhost", "base-sepolia"]);
      assert.deepEqual(Object.keys(written["base-sepolia"]!), INDEXED_CONTRACTS.map(([name]) => name));
      assert.deepEqual(written["base-sepolia"]!["OrderBook"], (testnet.contracts as unknown as Record<string, unknown>)["OrderBook"]);
    } finally {
      rmSync(out, { force: true });
    }
  });

  it("refuses a record that lacks an indexed contract", () => {
    const r = record(31337, "localhost");
    delete (r.contracts as unknown as Record<string, unknown>)["OrderBook"];
    assert.throws(() => render(r), /has no OrderBook/);
  });

  const without = (r: DeploymentRecord, names: readonly string[]) => {
    for (const name of names) delete (r.contracts as unknown as Record<string, unknown>)[name];
    return r;
  };
  const names = (m: Manifest) => m.dataSources.map((d) => d.name);

  it("indexes the metering contracts (devices, production oracle, certificates) with every event", () => {
    const manifest = render(record(31337, "localhost"));
    for (const name of ["DeviceRegistry", "ProductionOracle", "EnergyCertificate", "OracleRevenueSettlement"]) {
      const ds = manifest.dataSources.find((d) => d.name === name);
      assert.ok(ds, `${name} is a data source`);
      assert.equal(ds.mapping.eventHandlers.length, contractEvents(abiOf(name)).length);
    }
    const oracleSettlement = manifest.dataSources.find((d) => d.name === "OracleRevenueSettlement")!;
    assert.equal(oracleSettlement.source.abi, "RevenueSettlement", "a second RevenueSettlement deployment");
    assert.equal(oracleSettlement.mapping.file, "./src/oracle-revenue-settlement.ts");
    const oracle = manifest.dataSources.find((d) => d.name === "ProductionOracle")!;
    assert.ok(oracle.mapping.eventHandlers.some((h) => h.event.startsWith("ProductionProposed(indexed uint256,indexed uint256,indexed bytes32,uint128")));
  });

  it("renders a record deployed without metering (no Functions source) without the oracle and certificates", () => {
    const r = without(record(31337, "localhost"), OPTIONAL_GROUPS.metering!);
    const manifest = render(r);
    assert.deepEqual(names(manifest), INDEXED_CONTRACTS.map(([name]) => name).filter((n) => !OPTIONAL_GROUPS.metering!.includes(n)));
    assert.ok(names(manifest).includes("DeviceRegistry"), "devices are part of every platform deployment");
    const out = join(subgraphDir, `networks-test-metering-${process.pid}.json`);
    try {
      assert.deepEqual(Object.keys(writeNetworksJson([r], out).localhost!), names(manifest));
    } finally {
      rmSync(out, { force: true });
    }
  });

  it("renders a record without governance without its contracts and templates, and one without both groups", () => {
    const noGovernance = render(without(record(31337, "localhost"), OPTIONAL_GROUPS.governance!));
    assert.ok(!names(noGovernance).some((n) => OPTIONAL_GROUPS.governance!.includes(n)));
    assert.ok(names(noGovernance).includes("ProductionOracle"));
    assert.equal(noGovernance.templates, undefined);
    const core = render(without(record(31337, "localhost"), [...OPTIONAL_GROUPS.governance!, ...OPTIONAL_GROUPS.metering!]));
    assert.deepEqual(names(core), INDEXED_CONTRACTS.map(([name]) => name).filter((n) => !Object.values(OPTIONAL_GROUPS).flat().includes(n)));
  });

  it("refuses a record with only part of an optional group", () => {
    assert.throws(() => render(without(record(31337, "localhost"), ["EnergyCertificate"])), /has no EnergyCertificate/);
    assert.throws(() => render(without(record(31337, "localhost"), ["ProductionOracle"])), /has no ProductionOracle/);
    assert.throws(() => render(without(record(31337, "localhost"), ["OracleRevenueSettlement"])), /has no OracleRevenueSettlement/);
    assert.throws(() => render(without(record(31337, "localhost"), ["WattStaking"])), /has no WattStaking/);
  });

  it("always includes every group and template in the zero-address build check", () => {
    const manifest = render(null);
    assert.deepEqual(names(manifest), [...INDEXED_CONTRACTS.map(([name]) => name), ...zeroVestingNames]);
    assert.deepEqual(manifest.templates?.map((t) => t.name), TEMPLATES.map(([name]) => name));
  });

  it("gives each vesting wallet of the record a data source with its schedule as context, and a networks.json entry", () => {
    const base = record(31337, "localhost");
    const wallets = [
      { name: "team", address: "0x00000000000000000000000000000000000000a1", beneficiary: "0x00000000000000000000000000000000000000b1", allocation: "150", start: 1000, durationSeconds: 400, cliffSeconds: 100, startBlock: 7 },
      { name: "ecosystem-launch", address: "0x00000000000000000000000000000000000000a2", beneficiary: "0x00000000000000000000000000000000000000b2", allocation: "50", start: 1000, durationSeconds: 0, cliffSeconds: 0, startBlock: 8 },
    ] as DeploymentRecord["vestingWallets"];
    const withVesting = { ...base, vestingWallets: wallets };
    const manifest = render(withVesting);
    const vesting = manifest.dataSources.filter((ds) => ds.source.abi === "VotingVestingWallet");
    assert.deepEqual(vesting.map((ds) => ds.name), ["VestingWallet_team", "VestingWallet_ecosystem_launch"]);
    assert.equal(vesting[1]!.source.address, wallets![1]!.address);
    assert.equal(vesting[1]!.source.startBlock, 8);
    assert.deepEqual(vesting[0]!.context, {
      name: { type: "String", data: "team" },
      watt: { type: "Bytes", data: base.contracts.WattToken.address },
      allocation: { type: "BigInt", data: "150" },
      start: { type: "BigInt", data: "1000" },
      cliffEnd: { type: "BigInt", data: "1100" },
      durationSeconds: { type: "BigInt", data: "400" },
    });
    // The WattToken data source carries the vesting ABI, so the vesting mapping's generated imports exist.
    const wattToken = manifest.dataSources.find((ds) => ds.name === "WattToken")! as unknown as { mapping: { abis: { name: string }[] } };
    assert.ok(wattToken.mapping.abis.some((a) => a.name === "VotingVestingWallet"));
    const networks = writeNetworksJson([withVesting], join(mkdtempSync(join(tmpdir(), "cowatt-networks-")), "networks.json"));
    assert.deepEqual(networks.localhost!["VestingWallet_team"], { address: wallets![0]!.address, startBlock: 7 });
    // A record without governance has no vesting data sources.
    assert.equal(render(without(withVesting, OPTIONAL_GROUPS.governance!)).dataSources.filter((ds) => ds.source.abi === "VotingVestingWallet").length, 0);
  });

  it("formats tuple parameters the way graph-cli matches them", () => {
    assert.equal(
      eventSignature({ type: "event", name: "E", inputs: [
        { type: "uint256", indexed: true },
        { type: "tuple[]", components: [{ type: "uint8" }, { type: "tuple", components: [{ type: "address" }] }] },
      ] }),
      "E(indexed uint256,(uint8,(address))[])",
    );
  });
});

describe("compiled mappings", () => {
  const built = join(subgraphDir, "build", "subgraph.yaml");
  it("export every handler the built manifest names", { skip: !existsSync(built) && "run npm run build:subgraph first" }, async () => {
    const manifest = parse(readFileSync(built, "utf8")) as Manifest;
    assert.equal(manifest.dataSources.length, INDEXED_CONTRACTS.length + zeroVestingNames.length);
    for (const ds of manifest.dataSources) {
      const wasm = readFileSync(join(subgraphDir, "build", ds.mapping.file));
      const exported = new Set(Wasm.Module.exports(new Wasm.Module(wasm)).map((e) => e.name));
      for (const { handler } of ds.mapping.eventHandlers) assert.ok(exported.has(handler), `${ds.name}.wasm exports ${handler}`);
    }
  });
});
