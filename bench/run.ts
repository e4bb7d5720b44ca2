/**
 * `npm run bench`: gas per key operation of the ownership core, beside plain OpenZeppelin contracts
 * deployed in the same run, on Hardhat's in-process network (one transaction per block, as on a live
 * chain, so vote checkpoints are new entries). Prints a table and writes bench/results.json.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { createWalletClient, custom, keccak256, toHex, type Hash } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { deployPlatform, devAccounts } from "../scripts/lib/deploy.ts";
import { solarSpec, eur } from "../test/helpers/fixture.ts";
import { ARGS_ECHO_SOURCE, encodeResult } from "../test/helpers/metering.ts";
import { deployMetering } from "../scripts/lib/production.ts";
import { createDonSimulator } from "../oracle-relay/don-simulator/simulator.ts";
import { benchGovernance } from "./governance.ts";

const resultsPath = join(dirname(fileURLToPath(import.meta.url)), "results.json");
const connection = await hre.network.create();
const { viem, networkHelpers } = connection;
const publicClient = await viem.getPublicClient();
const wallets = await viem.getWalletClients();
// Test accounts as devAccounts() assigns them: #1 platform operations, #2 an asset provider, #6+ investors.
const [, ops, operator, , , , alice, bob, carol, dave] = wallets.map((w) => w.account);
if (!ops || !operator || !alice || !bob || !carol || !dave) throw new Error("need 10 accounts");

interface Measure {
  value: number;
  unit: string;
  /** The measure this one is compared with, and value / baseline. */
  baseline?: string;
  ratio?: number;
  /** A target the issue sets for the ratio. */
  target?: number;
  /** A published figure of another system, quoted for comparison (not measured here), and value / it. */
  anchor?: { name: string; value: number; ratio?: number };
  /** An absolute gas target the issue sets. */
  limit?: number;
  note?: string;
}
const measures: Record<string, Measure> = {};

async function gasOf(hash: Promise<Hash>): Promise<number> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new Error(`benchmarked transaction reverted: ${receipt.transactionHash}`);
  return Number(receipt.gasUsed);
}
function record(name: string, value: number, extra: Omit<Measure, "value" | "unit"> = {}) {
  measures[name] = { value, unit: "gas", ...extra };
}
function compare(name: string, baseline: string, target?: number) {
  const measure = measures[name]!;
  measure.baseline = baseline;
  measure.ratio = Math.round((measure.value / measures[baseline]!.value) * 1000) / 1000;
  if (target !== undefined) measure.target = target;
}

// ------------------------------------------------------------------ baselines (plain OpenZeppelin)
const plain1155 = await viem.deployContract("PlainERC1155");
await plain1155.write.mint([alice.address, 1n, 10_000n]);
await plain1155.write.mint([bob.address, 1n, 10_000n]);
record(
  "baseline: OZ ERC1155 safeTransferFrom (recipient holds)",
  await gasOf(plain1155.write.safeTransferFrom([alice.address, bob.address, 1n, 100n, "0x"], { account: alice })),
);
record(
  "baseline: OZ ERC1155 safeTransferFrom (new recipient)",
  await gasOf(plain1155.write.safeTransferFrom([alice.address, carol.address, 1n, 100n, "0x"], { account: alice })),
);
const plainVotes = await viem.deployContract("PlainERC20Votes");
await plainVotes.write.mint([alice.address, 10_000n]);
await plainVotes.write.mint([bob.address, 10_000n]);
record("baseline: OZ ERC20Votes delegate", await gasOf(plainVotes.write.delegate([alice.address], { account: alice })));
await plainVotes.write.delegate([bob.address], { account: bob });
await networkHelpers.mine();
record(
  "baseline: OZ ERC20Votes transfer (both delegated)",
  await gasOf(plainVotes.write.transfer([bob.address, 100n], { account: alice })),
);

// ------------------------------------------------------------------ CoWatt ownership core
const platform = await deployPlatform(hre, connection, devAccounts(wallets.map((w) => w.account.address)), "hardhat");
const { identityRegistry, compliance, energyAsset, offering, stablecoin } = platform;
const expiry = BigInt(await networkHelpers.time.latest()) + 365n * 24n * 3600n;
for (const [i, investor] of [alice, bob, carol, dave].entries()) {
  await identityRegistry.write.registerIdentity([investor.address, [724, 276, 250, 528][i]!, 0, expiry], { account: ops });
  await stablecoin.write.faucet([investor.address, eur(1_000_000)]);
  await stablecoin.write.faucet([investor.address, eur(1_000_000)]);
  await stablecoin.write.approve([offering.address, 2n ** 256n - 1n], { account: investor });
}

record("registerAsset", await gasOf(energyAsset.write.registerAsset([solarSpec()], { account: operator })));
const assetId = await energyAsset.read.assetCount();
record("startReview", await gasOf(energyAsset.write.startReview([assetId], { account: ops })));
record("verifyAsset", await gasOf(energyAsset.write.verifyAsset([assetId], { account: ops })));
// Realistic rules: EU countries only, a per-wallet maximum, a holder cap.
await compliance.write.setCountriesAllowed([assetId, [724, 276, 250, 528], true], { account: ops });
await compliance.write.setRules(
  [assetId, { restrictCountries: true, allowedClassesMask: 0, maxHolders: 1_000, lockUpPeriod: 0, maxBalance: 20_000n, minHolding: 0n }],
  { account: ops },
);

const now = BigInt(await networkHelpers.time.latest());
record(
  "createOffering",
  await gasOf(
    offering.write.createOffering(
      [
        {
          assetId,
          pricePerShare: eur(100),
          softCapShares: 1_000n,
          hardCapShares: 30_000n,
          minPurchaseShares: 1n,
          maxSharesPerInvestor: 0n,
          startTime: now,
          endTime: now + 30n * 24n * 3600n,
          treasury: operator.address,
        },
      ],
      { account: operator },
    ),
  ),
);
const offeringId = await offering.read.offeringCount();
record("purchase (first by an investor)", await gasOf(offering.write.purchase([offeringId, 10_000n], { account: alice })));
record("purchase (repeat by an investor)", await gasOf(offering.write.purchase([offeringId, 100n], { account: alice })));
await offering.write.purchase([offeringId, 10_000n], { account: bob });
await offering.write.purchase([offeringId, 9_900n], { account: carol });
record("finalizeOffering (success, fee + treasury payouts)", await gasOf(offering.write.finalizeOffering([offeringId])));
record("deliverShares (one investor)", await gasOf(offering.write.deliverShares([offeringId, [alice.address]])));
await offering.write.deliverShares([offeringId, [bob.address, carol.address]]);

record("delegate (per asset)", await gasOf(energyAsset.write.delegate([assetId, alice.address], { account: alice })));
compare("delegate (per asset)", "baseline: OZ ERC20Votes delegate");
await energyAsset.write.delegate([assetId, bob.address], { account: bob });
await networkHelpers.mine();

record(
  "compliant share transfer, both delegated (vote checkpoints)",
  await gasOf(energyAsset.write.safeTransferFrom([alice.address, bob.address, assetId, 100n, "0x"], { account: alice })),
);
compare("compliant share transfer, both delegated (vote checkpoints)", "baseline: OZ ERC1155 safeTransferFrom (recipient holds)", 1.6);
// The like-for-like comparison: OpenZeppelin's own vote-checkpointing transfer, without compliance.
record("compliant share transfer, both delegated, vs ERC20Votes", measures["compliant share transfer, both delegated (vote checkpoints)"]!.value);
compare("compliant share transfer, both delegated, vs ERC20Votes", "baseline: OZ ERC20Votes transfer (both delegated)");
record(
  "compliant share transfer, neither delegated",
  await gasOf(energyAsset.write.safeTransferFrom([carol.address, dave.address, assetId, 100n, "0x"], { account: carol })),
  { note: "new holder (holder count, zero-to-nonzero balance)" },
);
compare("compliant share transfer, neither delegated", "baseline: OZ ERC1155 safeTransferFrom (new recipient)");
await networkHelpers.mine();
record(
  "compliant share transfer, neither delegated (recipient holds)",
  await gasOf(energyAsset.write.safeTransferFrom([carol.address, dave.address, assetId, 100n, "0x"], { account: carol })),
);
compare("compliant share transfer, neither delegated (recipient holds)", "baseline: OZ ERC1155 safeTransferFrom (recipient holds)");

// ------------------------------------------------------------------ secondary market (OrderBook)
const { orderBook } = platform;
const SELL = 1;
const BUY = 0;
const GTC = 0;
const IOC = 1;
for (const investor of [alice, bob, carol, dave]) {
  await stablecoin.write.approve([orderBook.address, 2n ** 256n - 1n], { account: investor });
}
const order = (side: number, price: number, shares: bigint, timeInForce = GTC) => ({
  assetId,
  side,
  price: eur(price),
  shares,
  expiry: 0n,
  timeInForce,
  maxFills: 0,
});
record(
  "OrderBook: place resting sell (new price level)",
  await gasOf(orderBook.write.placeOrder([order(SELL, 110, 100n)], { account: alice })),
);
record(
  "OrderBook: place resting sell (existing price level)",
  await gasOf(orderBook.write.placeOrder([order(SELL, 110, 100n)], { account: bob })),
);
// Warm-up trade so the treasury and seller balances exist, as on a live market.
await orderBook.write.placeOrder([order(BUY, 110, 10n, IOC)], { account: dave });
record(
  "OrderBook: market buy filling one resting sell",
  await gasOf(orderBook.write.placeOrder([order(BUY, 200, 20n, IOC)], { account: dave })),
  {
    anchor: { name: "Seaport fill of an on-chain ERC-1155 listing for ERC-20, no compliance (published)", value: 84_535 },
    limit: 130_000,
    note: "includes compliance, vote checkpoints (buyer delegated) and the revenue hook when deployed",
  },
);
for (const [i, price] of [111, 112, 113, 114, 115].entries()) {
  await orderBook.write.placeOrder([order(SELL, price, 10n)], { account: i % 2 === 0 ? carol : bob });
}
await orderBook.write.cancelOrder([1n], { account: alice }); // leave bob's 110 level and the five new levels
const levelsBefore = (await orderBook.read.depth([assetId, SELL, 10n])).length;
record(
  "OrderBook: market buy across 5 price levels",
  await gasOf(orderBook.write.placeOrder([order(BUY, 115, 150n, IOC)], { account: dave })),
  { note: `swept ${levelsBefore - (await orderBook.read.depth([assetId, SELL, 10n])).length} of ${levelsBefore} levels` },
);
await orderBook.write.placeOrder([order(SELL, 120, 50n)], { account: alice });
const cancelId = await orderBook.read.orderCount();
record("OrderBook: cancel a resting sell", await gasOf(orderBook.write.cancelOrder([cancelId], { account: alice })));

// ------------------------------------------------------------------ revenue distribution
const { revenueDistributor } = platform;
const depositor = wallets[15]!.account;
await stablecoin.write.faucet([depositor.address, eur(1_000_000)]);
await stablecoin.write.approve([revenueDistributor.address, 2n ** 256n - 1n], { account: depositor });
// Room for a thousand holders.
await compliance.write.setRules(
  [assetId, { restrictCountries: true, allowedClassesMask: 0, maxHolders: 5_000, lockUpPeriod: 0, maxBalance: 20_000n, minHolding: 0n }],
  { account: ops },
);
/** Gives one share to KYC'd wallets until the asset has `target` holders (recipients never sign). */
const growHolders = async (target: bigint) => {
  let index = Number(await energyAsset.read.holderCount([assetId]));
  for (; BigInt(index) < target; index++) {
    const holder = `0x${keccak256(toHex(`cowatt-bench-holder-${index}`)).slice(26)}` as const;
    await identityRegistry.write.registerIdentity([holder, 724, 0, expiry], { account: ops });
    await energyAsset.write.safeTransferFrom([carol.address, holder, assetId, 1n, "0x"], { account: carol });
  }
};
const deposit = (amount: number) => revenueDistributor.write.deposit([assetId, eur(amount)], { account: depositor });
await deposit(1_000); // the first deposit initialises the asset's accumulator
await growHolders(10n);
record("RevenueDistributor: deposit (10 holders)", await gasOf(deposit(1_234.56)));
await growHolders(1_000n);
record("RevenueDistributor: deposit (1,000 holders)", await gasOf(deposit(1_234.56)), {
  note: `${await energyAsset.read.holderCount([assetId])} holders`,
});
compare("RevenueDistributor: deposit (1,000 holders)", "RevenueDistributor: deposit (10 holders)");

// Claims: both holders have claimed before (a repeat claim), then one claims after 1 deposit, the other
// after 50.
await revenueDistributor.write.claim([assetId, alice.address], { account: alice });
await revenueDistributor.write.claim([assetId, bob.address], { account: bob });
await deposit(777.77);
record(
  "RevenueDistributor: claim after 1 deposit",
  await gasOf(revenueDistributor.write.claim([assetId, alice.address], { account: alice })),
);
for (let i = 0; i < 49; i++) await deposit(100 + i);
record(
  "RevenueDistributor: claim after 50 deposits",
  await gasOf(revenueDistributor.write.claim([assetId, bob.address], { account: bob })),
  { anchor: { name: "Uniswap merkle-distributor claim, average (published)", value: 77_000 }, limit: 70_000 },
);
compare("RevenueDistributor: claim after 50 deposits", "RevenueDistributor: claim after 1 deposit");
record(
  "RevenueDistributor: first claim of a holder",
  await gasOf(revenueDistributor.write.claim([assetId, dave.address], { account: dave })),
  { note: "writes the holder's claim record for the first time" },
);

// ------------------------------------------------------------------ metered production and certificates
// Chainlink's real router and coordinator; fulfilments go through the coordinator's OCR2 transmit (signature
// checks, billing, router callback) exactly as the DON simulator sends them.
const relay = wallets[16]!.account;
const metering = await deployMetering(hre, connection, platform, devAccounts(wallets.map((w) => w.account.address)), {
  source: ARGS_ECHO_SOURCE,
  relay: relay.address,
  relayUrl: "http://127.0.0.1:8788",
  requesters: [ops.address],
  disputeWindow: 60,
});
const transmitter = createWalletClient({
  account: privateKeyToAccount(metering.don.transmitterKeys[0]!),
  chain: hardhat,
  transport: custom(connection.provider),
});
const don = createDonSimulator({
  publicClient,
  transmitter,
  coordinator: metering.functions.coordinator.address,
  signerKeys: metering.don.signerKeys,
  f: metering.don.f,
  execute: async () => ({ response: encodeResult({ energyWh: 1_234_567n }) }),
});
const { productionOracle, energyCertificate } = metering;
const periodStart = BigInt(await networkHelpers.time.latest()) - 48n * 3_600n;
await don.poll(); // from here on
record(
  "ProductionOracle: requestProduction (source on-chain)",
  await gasOf(productionOracle.write.requestProduction([assetId, periodStart, periodStart + 3_600n], { account: ops })),
  { note: `${(await productionOracle.read.source()).length}-character source, CBOR-encoded with 6 args` },
);
const [oracleFulfilment] = await don.poll();
if (oracleFulfilment?.result !== "FULFILLED") throw new Error(`oracle fulfilment: ${oracleFulfilment?.result}`);
record("ProductionOracle: Functions fulfilment (transmit → router → fulfillRequest)", Number(oracleFulfilment.gasUsed), {
  note: "whole OCR2 transmit: 3 signature checks, billing, router callback recording the 192-byte result",
});
// Baseline: Chainlink's own minimal consumer (stores 32 bytes of the response), same subscription and DON.
const example = await viem.deployContract(
  "@chainlink/contracts/src/v0.8/functions/v1_0_0/example/FunctionsClientExample.sol:FunctionsClientExample",
  [metering.functions.router.address],
);
await metering.functions.router.write.addConsumer([metering.subscriptionId, example.address]);
await example.write.sendRequest(["return Functions.encodeUint256(1n)", "0x", [], metering.subscriptionId, metering.functions.donId]);
const [exampleFulfilment] = await don.poll();
if (exampleFulfilment?.result !== "FULFILLED") throw new Error(`example fulfilment: ${exampleFulfilment?.result}`);
record("baseline: Chainlink FunctionsClientExample fulfilment (same path)", Number(exampleFulfilment.gasUsed));
compare("ProductionOracle: Functions fulfilment (transmit → router → fulfillRequest)", "baseline: Chainlink FunctionsClientExample fulfilment (same path)");

await networkHelpers.time.increase(61);
record("EnergyCertificate: issue a final period (1,234 kWh to the operator)", await gasOf(energyCertificate.write.issue([assetId, 1n])));
const certificateId = await energyCertificate.read.certificateId([assetId, 1n]);
await energyCertificate.write.safeTransferFrom([operator.address, alice.address, certificateId, 500n, "0x"], { account: operator });
await energyCertificate.write.retire([alice.address, certificateId, 1n, "warm-up", "first retirement"], { account: alice });
record(
  "EnergyCertificate: retire (burn, claimed balance, CO2, event)",
  await gasOf(energyCertificate.write.retire([alice.address, certificateId, 100n, "Alice's bakery", "2026 scope 2"], { account: alice })),
);
await plain1155.write.burn([alice.address, 1n, 1n]);
record("baseline: OZ ERC1155 burn", await gasOf(plain1155.write.burn([alice.address, 1n, 100n])));
compare("EnergyCertificate: retire (burn, claimed balance, CO2, event)", "baseline: OZ ERC1155 burn");
record("baseline: ReportedProduction.reportProduction (interim, no oracle)", await gasOf(
  platform.reportedProduction.write.reportProduction([assetId, periodStart, periodStart + 3_600n, 1_234_567n, "bafkreievidence"], { account: ops }),
));
await benchGovernance(connection, { gasOf, record, compare });

// ------------------------------------------------------------------ report
for (const measure of Object.values(measures)) {
  if (measure.anchor) measure.anchor.ratio = Math.round((measure.value / measure.anchor.value) * 1000) / 1000;
}
const rows = Object.entries(measures).map(([name, m]) => ({
  operation: name,
  gas: m.value.toLocaleString("en"),
  "vs baseline": m.ratio === undefined ? "" : `${m.ratio.toFixed(2)}×${m.target ? ` (target ≤ ${m.target}×)` : ""}`,
  "vs anchor": m.anchor?.ratio === undefined ? "" : `${m.anchor.ratio.toFixed(2)}× ${m.anchor.value.toLocaleString("en")}`,
  target: m.limit ? `≤ ${m.limit.toLocaleString("en")} ${m.value <= m.limit ? "met" : "NOT met"}` : "",
}));
console.log("\nGas per operation (Hardhat in-process network, solc-js optimizer on):");
console.table(rows);

const previous = existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, "utf8")) as { measures?: Record<string, Measure> }) : {};
const results = { machine: "2 cores; Hardhat EDR in-process network", measuredAt: new Date().toISOString(), measures: { ...(previous.measures ?? {}), ...measures } };
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + "\n");
console.log(`wrote ${Object.keys(measures).length} measures to ${resultsPath}`);
