/**
 * Mapping tests: the platform is deployed and seeded with the demo data (scripts/lib/deploy.ts + seed.ts)
 * on a Hardhat node, the manifest is rendered from that deployment, the compiled subgraph is indexed by the
 * embedded runtime, and the entities are checked through GraphQL against the chain's own state and logs.
 * Needs `graph codegen` + `graph build` first (the `test` script runs them).
 */
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import hre, { network } from "hardhat";
import { abis } from "@cowatt/deployments";
import type { Address } from "viem";
import { deployPlatform, devAccounts } from "../../scripts/lib/deploy.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { investors } from "../../scripts/seed-data/demo.ts";
import { startHardhatNode } from "../runtime/test/fixtures/chain.ts";
import { assertBuilt, indexChain, type IndexedChain } from "./helpers/indexer.ts";

type Row = Record<string, unknown>;

let stopNode: () => void = () => {};
let indexed: IndexedChain;
let seed: SeedResult;
let platform: Awaited<ReturnType<typeof deployPlatform>>;
let publicClient: Awaited<ReturnType<Awaited<ReturnType<typeof network.connect>>["viem"]["getPublicClient"]>>;
let closeConnection: () => Promise<void> = async () => {};
let wallets: Awaited<ReturnType<Awaited<ReturnType<typeof network.connect>>["viem"]["getWalletClients"]>>;

const query = <T = Row>(q: string) => indexed.query<T>(q);

const lower = (a: string) => a.toLowerCase();

before(async () => {
  assertBuilt("EnergyAsset");
  const node = await startHardhatNode();
  stopNode = node.stop;
  const connection = await network.connect({ network: "localhost", override: { url: node.url } });
  closeConnection = () => connection.close();
  publicClient = await connection.viem.getPublicClient();
  wallets = await connection.viem.getWalletClients();
  platform = await deployPlatform(hre, connection, devAccounts(wallets.map((w) => w.account.address)), "localhost");
  const metadataDir = mkdtempSync(join(tmpdir(), "cowatt-subgraph-metadata-"));
  seed = await seedDemo({ platform, publicClient, wallets, metadataDir });
  rmSync(metadataDir, { recursive: true, force: true });

  // The head first: the runtime indexes on this thread, and a keep-alive socket idle meanwhile may be closed by the node.
  const head = await publicClient.getBlockNumber();
  indexed = await indexChain(platform.deployment, node.url, "platform");
  await indexed.waitForBlock(head);
});

/** Waits until the runtime has indexed the chain's current head (and fails on an indexing error). */
async function waitForHead(): Promise<void> {
  await indexed.waitForBlock(await publicClient.getBlockNumber());
}

after(async () => {
  await indexed?.stop();
  await closeConnection();
  stopNode();
});

describe("CoWatt subgraph over the seeded demo platform", () => {
  it("indexes every asset with its specification, lifecycle state and history", async () => {
    const { assets } = await query<{ assets: { id: string; name: string; status: string; totalShares: string; metadataCID: string; operator: string; history: { kind: string; newStatus: string | null; reason: string | null }[] }[] }>(
      "{ assets(orderBy: registeredAt) { id name status totalShares metadataCID operator history(orderBy: blockNumber) { kind newStatus reason } } }",
    );
    assert.equal(assets.length, 5);
    const energyAsset = { address: platform.deployment.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
    const names = ["None", "Submitted", "UnderReview", "Verified", "Rejected", "Offering", "Active", "Suspended", "Decommissioned"];
    for (const a of assets) {
      const state = await publicClient.readContract({ ...energyAsset, functionName: "asset", args: [BigInt(a.id)] });
      const spec = await publicClient.readContract({ ...energyAsset, functionName: "assetSpec", args: [BigInt(a.id)] });
      assert.equal(a.status, names[state.status], `asset ${a.id} status`);
      assert.equal(a.operator, lower(state.operator));
      assert.equal(a.name, spec.name);
      assert.equal(a.totalShares, spec.totalShares.toString());
      assert.equal(a.metadataCID, spec.metadataCID);
      assert.equal(a.history[0]!.kind, "Registered");
    }
    const byId = new Map(assets.map((a) => [a.id, a]));
    assert.equal(byId.get(String(seed.assetIds.wind))!.status, "Active");
    assert.equal(byId.get(String(seed.assetIds.hydro))!.status, "Submitted");
    const biomass = byId.get(String(seed.assetIds.biomass))!;
    assert.equal(biomass.status, "Rejected");
    assert.deepEqual(biomass.history.filter((h) => h.kind === "StatusChanged").map((h) => h.newStatus), ["Submitted", "UnderReview", "Rejected"]);
    assert.match(biomass.history.at(-1)!.reason!, /Grid access approval/);

    const wind = await query<{ asset: { restrictCountries: boolean; maxBalance: string; allowedCountries: number[]; specifications: { name: string }[] } }>(
      `{ asset(id: "${seed.assetIds.wind}") { restrictCountries maxBalance allowedCountries specifications { name } } }`,
    );
    assert.equal(wind.asset.restrictCountries, true);
    assert.equal(wind.asset.maxBalance, "8000");
    assert.ok(wind.asset.allowedCountries.length > 0);
    assert.equal(wind.asset.specifications.length, 1);
  });

  it("records offerings with their purchases, raised amounts and status as on chain", async () => {
    const { offerings } = await query<{ offerings: { id: string; status: string; raised: string; sharesSold: string; investorCount: number; asset: { id: string }; purchases: { shares: string; cost: string; investor: { id: string } }[] }[] }>(
      "{ offerings(orderBy: createdAt) { id status raised sharesSold investorCount asset { id } purchases(first: 100) { shares cost investor { id } } } }",
    );
    assert.equal(offerings.length, 2);
    const offering = { address: platform.deployment.contracts.Offering.address, abi: abis.Offering } as const;
    for (const o of offerings) {
      const state = await publicClient.readContract({ ...offering, functionName: "state", args: [BigInt(o.id)] });
      assert.equal(o.raised, state.raised.toString(), `offering ${o.id} raised`);
      assert.equal(o.sharesSold, state.sharesSold.toString());
      assert.equal(o.investorCount, state.investorCount);
      assert.equal(o.purchases.reduce((s, p) => s + BigInt(p.cost), 0n).toString(), o.raised);
      assert.equal(o.purchases.reduce((s, p) => s + BigInt(p.shares), 0n).toString(), o.sharesSold);
    }
    const [windOffering, solarOffering] = offerings;
    assert.equal(windOffering!.status, "Succeeded");
    assert.equal(windOffering!.purchases.length, 7);
    assert.equal(solarOffering!.id, String(seed.openOfferingId));
    assert.equal(solarOffering!.status, "Open");
    // Five investors bought directly, Inês once more by reinvesting her wind revenue.
    assert.equal(solarOffering!.purchases.length, 6);
  });

  it("keeps every holder's balance equal to the chain's balanceOf, and holder counts", async () => {
    const { positions } = await query<{ positions: { balance: string; escrowed: string; pendingShares: string; costBasis: string; asset: { id: string }; account: { id: string } }[] }>(
      "{ positions(first: 1000) { balance escrowed pendingShares costBasis asset { id } account { id } } }",
    );
    const energyAsset = { address: platform.deployment.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
    const holders = new Map<string, number>();
    for (const p of positions) {
      const onChain = await publicClient.readContract({ ...energyAsset, functionName: "balanceOf", args: [p.account.id as Address, BigInt(p.asset.id)] });
      assert.equal(p.balance, onChain.toString(), `balance of ${p.account.id} in asset ${p.asset.id}`);
      if (onChain > 0n) holders.set(p.asset.id, (holders.get(p.asset.id) ?? 0) + 1);
    }
    const wind = String(seed.assetIds.wind);
    assert.ok((holders.get(wind) ?? 0) >= 7);
    const { assets } = await query<{ assets: { id: string; holderCount: number; sharesOutstanding: string }[] }>("{ assets { id holderCount sharesOutstanding } }");
    for (const a of assets) assert.equal(a.holderCount, holders.get(a.id) ?? 0, `holders of asset ${a.id}`);
    assert.equal(assets.find((a) => a.id === wind)!.sharesOutstanding, "23000");
    // Solar shares are bought but not delivered until the offering closes: pending, with their cost.
    const solarPending = positions.filter((p) => p.asset.id === String(seed.assetIds.solar) && BigInt(p.pendingShares) > 0n);
    assert.equal(solarPending.length, 5);
    for (const p of solarPending) assert.equal(BigInt(p.costBasis), BigInt(p.pendingShares) * 100_000_000n);
  });

  it("indexes orders, trades with fills, and hourly and daily candles", async () => {
    const orderBook = { address: platform.deployment.contracts.OrderBook.address, abi: abis.OrderBook } as const;
    const { orders } = await query<{ orders: { id: string; status: string; remaining: string; side: string; price: string; fills: { shares: string }[] }[] }>(
      "{ orders(first: 100, orderBy: createdAt) { id status remaining side price fills { shares } } }",
    );
    assert.equal(orders.length, Number(await publicClient.readContract({ ...orderBook, functionName: "orderCount" })));
    const open = orders.filter((o) => o.status === "Open");
    assert.equal(open.length, 7); // six resting orders of the book plus the rest of Inês's ask
    for (const o of open) {
      const onChain = await publicClient.readContract({ ...orderBook, functionName: "order", args: [BigInt(o.id)] });
      assert.equal(o.remaining, onChain.shares.toString(), `order ${o.id} remaining`);
      assert.equal(o.price, onChain.price.toString());
    }
    const logs = await publicClient.getContractEvents({ ...orderBook, eventName: "Trade", fromBlock: 0n });
    const { trades } = await query<{ trades: { price: string; shares: string; value: string; fee: string; takerSide: string; maker: { id: string }; taker: { id: string } }[] }>(
      "{ trades(orderBy: blockNumber) { price shares value fee takerSide maker { id } taker { id } } }",
    );
    assert.equal(trades.length, 3);
    assert.deepEqual(
      trades.map((t) => [t.price, t.shares, t.fee, t.maker.id, t.taker.id]),
      logs.map((l) => [l.args.price!.toString(), l.args.shares!.toString(), l.args.fee!.toString(), lower(l.args.maker!), lower(l.args.taker!)]),
    );
    const filledShares = orders.flatMap((o) => o.fills).reduce((s, f) => s + BigInt(f.shares), 0n);
    assert.equal(filledShares, 2n * trades.reduce((s, t) => s + BigInt(t.shares), 0n));

    // Candles recomputed from the chain's Trade logs and their block times.
    const expected = new Map<string, { open: bigint; high: bigint; low: bigint; close: bigint; volume: bigint; count: number }>();
    for (const l of logs) {
      const ts = (await publicClient.getBlock({ blockNumber: l.blockNumber })).timestamp;
      for (const [kind, size] of [["day", 86400n], ["hour", 3600n]] as const) {
        const key = `${kind}-${(ts / size) * size}`;
        const price = l.args.price!;
        const c = expected.get(key) ?? { open: price, high: price, low: price, close: price, volume: 0n, count: 0 };
        c.high = price > c.high ? price : c.high;
        c.low = price < c.low ? price : c.low;
        c.close = price;
        c.volume += l.args.shares!;
        c.count += 1;
        expected.set(key, c);
      }
    }
    const candles = await query<{ assetDayCandles: Row[]; assetHourCandles: Row[] }>(
      `{ assetDayCandles(where: { asset: "${seed.assetIds.wind}" }) { periodStart open high low close volumeShares tradeCount }
         assetHourCandles(where: { asset: "${seed.assetIds.wind}" }) { periodStart open high low close volumeShares tradeCount } }`,
    );
    const actual = new Map<string, Row>();
    for (const c of candles.assetDayCandles) actual.set(`day-${c.periodStart}`, c);
    for (const c of candles.assetHourCandles) actual.set(`hour-${c.periodStart}`, c);
    assert.equal(actual.size, expected.size);
    for (const [key, e] of expected) {
      const c = actual.get(key)!;
      assert.ok(c, `candle ${key}`);
      assert.deepEqual([c.open, c.high, c.low, c.close, c.volumeShares, c.tradeCount], [e.open.toString(), e.high.toString(), e.low.toString(), e.close.toString(), e.volume.toString(), e.count]);
    }
  });

  it("indexes revenue deposits, claims and the reinvestment, consistent with the settlements", async () => {
    const data = await query<{ settlements: { net: string; period: { energyWh: string } | null }[]; revenueDeposits: { amount: string }[]; revenueClaims: { amount: string; holder: { id: string }; position: { revenueClaimed: string } }[]; reinvestments: { venueKind: string; amount: string; holder: { id: string } }[] }>(
      `{ settlements(orderBy: periodId) { net period { energyWh } }
         revenueDeposits(orderBy: distributionId) { amount }
         revenueClaims { amount holder { id } position { revenueClaimed } }
         reinvestments { venueKind amount holder { id } } }`,
    );
    assert.equal(data.settlements.length, 3);
    assert.deepEqual(data.settlements.map((s) => s.period?.energyWh), ["482300000", "391750000", "523900000"]);
    assert.deepEqual(data.revenueDeposits.map((d) => d.amount), data.settlements.map((s) => s.net));
    const distributor = { address: platform.deployment.contracts.RevenueDistributor.address, abi: abis.RevenueDistributor } as const;
    const claimedLogs = await publicClient.getContractEvents({ ...distributor, eventName: "RevenueClaimed", fromBlock: 0n });
    assert.equal(data.revenueClaims.length, 2);
    assert.deepEqual(
      data.revenueClaims.map((c) => [c.holder.id, c.amount]).sort(),
      claimedLogs.map((l) => [lower(l.args.holder!), l.args.amount!.toString()]).sort(),
    );
    for (const c of data.revenueClaims) assert.equal(c.position.revenueClaimed, c.amount);
    assert.equal(data.reinvestments.length, 1);
    assert.equal(data.reinvestments[0]!.venueKind, "Offering");
    assert.equal(data.reinvestments[0]!.holder.id, lower(seed.investors[4]!.address));
  });

  it("indexes identities with their wallets, and the platform statistics", async () => {
    const { identities } = await query<{ identities: { id: string; country: number; investorClass: string; revoked: boolean; wallets: { id: string }[] }[] }>(
      "{ identities(orderBy: registeredAt) { id country investorClass revoked wallets { id } } }",
    );
    assert.equal(identities.length, investors.length);
    for (const [i, identity] of identities.entries()) {
      assert.equal(identity.country, investors[i]!.country);
      assert.equal(identity.investorClass, ["Retail", "Professional", "Institutional"][investors[i]!.investorClass]);
      assert.ok(identity.wallets.some((w) => w.id === lower(seed.investors[i]!.address)));
    }
    assert.deepEqual(identities[1]!.wallets.map((w) => w.id).sort(), [lower(seed.investors[1]!.address), lower(seed.linkedWallet)].sort());

    const { platformStatistics: s } = await query<{ platformStatistics: Row }>(
      '{ platformStatistics(id: "cowatt") { assetCount activeAssetCount identityCount offeringCount purchaseCount tradeCount settlementCount holderCount totalRaised } }',
    );
    assert.equal(s.assetCount, 5);
    assert.equal(s.activeAssetCount, 1);
    assert.equal(s.identityCount, investors.length);
    assert.equal(s.offeringCount, 2);
    assert.equal(s.purchaseCount, 13);
    assert.equal(s.tradeCount, 3);
    assert.equal(s.settlementCount, 3);
    const { positions } = await query<{ positions: Row[] }>("{ positions(first: 1000, where: { balance_gt: 0 }) { id } }");
    assert.equal(s.holderCount, positions.length);

    // Hourly and daily rollups: the last period holds the current totals, and totals never decrease over periods.
    const rollups = await query<{ platformDayStatistics_collection: Row[]; platformHourStatistics_collection: Row[] }>(
      `{ platformDayStatistics_collection(orderBy: periodStart) { periodStart assetCount tradeCount purchaseCount settlementCount }
         platformHourStatistics_collection(orderBy: periodStart) { periodStart assetCount tradeCount purchaseCount settlementCount } }`,
    );
    for (const periods of [rollups.platformDayStatistics_collection, rollups.platformHourStatistics_collection]) {
      assert.ok(periods.length > 0);
      const last = periods.at(-1)!;
      assert.deepEqual([last.assetCount, last.tradeCount, last.purchaseCount, last.settlementCount], [s.assetCount, s.tradeCount, s.purchaseCount, s.settlementCount]);
      for (let i = 1; i < periods.length; i++) assert.ok(Number(periods[i]!.tradeCount) >= Number(periods[i - 1]!.tradeCount));
    }
    const blocks = await Promise.all([1n, await publicClient.getBlockNumber()].map((n) => publicClient.getBlock({ blockNumber: n })));
    const days = new Set(blocks.map((b) => String((b.timestamp / 86400n) * 86400n)));
    assert.ok(rollups.platformDayStatistics_collection.length >= 1 && rollups.platformDayStatistics_collection.length <= Number((blocks[1]!.timestamp - blocks[0]!.timestamp) / 86400n) + 2);
    assert.ok(rollups.platformDayStatistics_collection.some((d) => days.has(String(d.periodStart))));
  });
});

describe("compliance actions after the seed", () => {
  it("records freezes, a forced transfer and a wallet recovery, and moves balances and cost basis", async () => {
    const energyAsset = { address: platform.deployment.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
    const agent = wallets[1]!; // devAccounts: #1 is the agent
    const wind = seed.assetIds.wind;
    const [alice, jonas, third] = seed.investors.map((i) => i.address);
    const send = async (hash: `0x${string}`) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
    };
    const positionOf = async (holder: string) =>
      (await query<{ position: { balance: string; costBasis: string } | null }>(`{ position(id: "${wind}-${lower(holder)}") { balance costBasis } }`)).position;
    const jonasBefore = (await positionOf(jonas!))!;

    await send(await agent.writeContract({ ...energyAsset, functionName: "setAddressFrozen", args: [third!, true, "KYC review"] }));
    await send(await agent.writeContract({ ...energyAsset, functionName: "forcedTransfer", args: [wind, alice!, third!, 5n, "court order 12/3"] }));
    await send(await agent.writeContract({ ...energyAsset, functionName: "setAddressFrozen", args: [third!, false, "review done"] }));
    await send(await agent.writeContract({ ...energyAsset, functionName: "recoverWallet", args: [jonas!, seed.linkedWallet, [wind], "lost device"] }));
    await waitForHead();

    const { complianceEvents } = await query<{ complianceEvents: { kind: string; account: { id: string } | null; counterparty: string | null; amount: string | null; reason: string | null }[] }>(
      '{ complianceEvents(orderBy: blockNumber, where: { kind_in: [Frozen, Unfrozen, ForcedTransfer, WalletRecovered] }) { kind account { id } counterparty amount reason } }',
    );
    const recoveredAmount = await publicClient.readContract({ ...energyAsset, functionName: "balanceOf", args: [seed.linkedWallet, wind] });
    assert.deepEqual(
      complianceEvents.map((e) => [e.kind, e.account?.id, e.reason]),
      [
        ["Frozen", lower(third!), "KYC review"],
        ["ForcedTransfer", lower(alice!), "court order 12/3"],
        ["Unfrozen", lower(third!), "review done"],
        ["Frozen", lower(jonas!), "lost device"], // recovery freezes the lost wallet
        ["WalletRecovered", lower(jonas!), "lost device"],
      ],
    );
    assert.equal(complianceEvents[1]!.counterparty, lower(third!));
    assert.equal(complianceEvents[1]!.amount, "5");
    assert.equal(complianceEvents[4]!.counterparty, lower(seed.linkedWallet));

    for (const holder of [alice!, third!, jonas!, seed.linkedWallet]) {
      const onChain = await publicClient.readContract({ ...energyAsset, functionName: "balanceOf", args: [holder, wind] });
      assert.equal((await positionOf(holder))?.balance ?? "0", onChain.toString(), `balance of ${holder}`);
    }
    const { account } = await query<{ account: { frozen: boolean } }>(`{ account(id: "${lower(jonas!)}") { frozen } }`);
    assert.equal(account.frozen, true);
    // Jonas's cost basis followed his shares to the recovered wallet.
    assert.equal((await positionOf(jonas!))!.costBasis, "0");
    assert.ok(BigInt((await positionOf(seed.linkedWallet))!.costBasis) >= BigInt(jonasBefore.costBasis));
    assert.ok(recoveredAmount > 300n);
  });
});
