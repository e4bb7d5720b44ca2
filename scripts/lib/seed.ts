/**
 * Seeds the demo state the dApp shows: KYC'd investors, assets in five lifecycle states, a sold-out
 * offering with holders, delegations and secondary transfers, and an open offering with purchases.
 * Everything goes through the contracts' public functions, as real users would.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { parseUnits, type Address, type PublicClient, type WalletClient } from "viem";
import type { Platform } from "./deploy.ts";
import { confirmer } from "./confirm.ts";
import { assets, EU_COUNTRIES, investors, type DemoAsset } from "../seed-data/demo.ts";

const DAY = 24n * 3600n;
const eur = (amount: number) => parseUnits(String(amount), 6);

type SeedAccount = NonNullable<WalletClient["account"]>;

export interface SeedContext {
  platform: Platform;
  publicClient: PublicClient;
  /** The node's test accounts: 0 admin, 1 platform operations, 2-5 asset operators, 6+ investors. */
  wallets: WalletClient[];
  /** Where asset metadata documents are written, named by their CID. */
  metadataDir: string;
}

export interface SeedResult {
  assetIds: Record<DemoAsset["key"], bigint>;
  investors: { name: string; address: Address }[];
  /** Second wallet linked to the second investor's identity. */
  linkedWallet: Address;
  unverifiedVisitor: Address;
  openOfferingId: bigint;
}

/** CIDv1 (raw, sha2-256) of a document: the CID IPFS gives the same bytes added with raw leaves. */
export async function cidOf(bytes: Uint8Array): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(bytes)).toString();
}

export async function seedDemo(ctx: SeedContext): Promise<SeedResult> {
  const { platform, publicClient, wallets } = ctx;
  const { identityRegistry, compliance, energyAsset, offering, stablecoin } = platform;
  const account = (index: number) => {
    const wallet = wallets[index];
    if (!wallet?.account) throw new Error(`seed needs test account #${index}`);
    return wallet.account;
  };
  const send = confirmer(publicClient, "seed");
  const ops = account(1);
  const investorAccounts = investors.map((_, i) => account(6 + i));
  const linkedWallet = account(13);
  const now = async () => (await publicClient.getBlock()).timestamp;

  // KYC: every investor verified for a year; the second investor links a second wallet.
  for (const [i, investor] of investors.entries()) {
    const wallet = investorAccounts[i]!;
    await send(
      identityRegistry.write.registerIdentity(
        [wallet.address, investor.country, investor.investorClass, (await now()) + 365n * DAY],
        { account: ops },
      ),
    );
    await send(stablecoin.write.faucet([wallet.address, eur(1_000_000)]));
    await send(stablecoin.write.faucet([wallet.address, eur(1_000_000)]));
    await send(stablecoin.write.approve([offering.address, 2n ** 256n - 1n], { account: wallet }));
  }
  await send(identityRegistry.write.linkWallet([2n, linkedWallet.address], { account: ops }));

  // Assets, each with its metadata document addressed by CID.
  mkdirSync(ctx.metadataDir, { recursive: true });
  const assetIds = {} as Record<DemoAsset["key"], bigint>;
  for (const demo of assets) {
    const document = new TextEncoder().encode(
      JSON.stringify(
        { name: demo.spec.name, ...demo.metadata, capacityW: demo.spec.capacityW.toString() },
        null,
        2,
      ),
    );
    const metadataCID = await cidOf(document);
    writeFileSync(join(ctx.metadataDir, `${metadataCID}.json`), document);
    await send(energyAsset.write.registerAsset([{ ...demo.spec, metadataCID }], { account: account(demo.operatorAccount) }));
    assetIds[demo.key] = await energyAsset.read.assetCount();
  }

  // Lifecycle: hydro stays Submitted, rooftop UnderReview, biomass Rejected, wind and solar Verified.
  await send(energyAsset.write.startReview([assetIds.rooftop], { account: ops }));
  await send(energyAsset.write.startReview([assetIds.biomass], { account: ops }));
  await send(
    energyAsset.write.rejectAsset(
      [assetIds.biomass, "Grid access approval from the distribution operator is missing; resubmit with it attached."],
      { account: ops },
    ),
  );
  for (const key of ["wind", "solar"] as const) {
    await send(energyAsset.write.startReview([assetIds[key]], { account: ops }));
    await send(energyAsset.write.verifyAsset([assetIds[key]], { account: ops }));
    await send(compliance.write.setCountriesAllowed([assetIds[key], EU_COUNTRIES, true], { account: ops }));
  }
  await send(
    compliance.write.setRules(
      [assetIds.wind, { restrictCountries: true, allowedClassesMask: 0, maxHolders: 500, lockUpPeriod: 0, maxBalance: 8_000n, minHolding: 0n }],
      { account: ops },
    ),
  );
  await send(
    compliance.write.setRules(
      [assetIds.solar, { restrictCountries: true, allowedClassesMask: 0, maxHolders: 2_000, lockUpPeriod: Number(180n * DAY), maxBalance: 5_000n, minHolding: 5n }],
      { account: ops },
    ),
  );

  // Wind: an offering that sold out, shares delivered, holders voting and trading.
  const windOperator = account(3);
  const start = await now();
  await send(
    offering.write.createOffering(
      [
        {
          assetId: assetIds.wind,
          pricePerShare: eur(150),
          softCapShares: 15_000n,
          hardCapShares: 23_000n,
          minPurchaseShares: 10n,
          maxSharesPerInvestor: 8_000n,
          startTime: start,
          endTime: start + 21n * DAY,
          treasury: windOperator.address,
        },
      ],
      { account: windOperator },
    ),
  );
  const windOfferingId = await offering.read.offeringCount();
  const windPurchases = [3_000n, 4_000n, 2_500n, 5_000n, 1_500n, 1_000n, 6_000n];
  for (const [i, shares] of windPurchases.entries()) {
    await send(offering.write.purchase([windOfferingId, shares], { account: investorAccounts[i]! }));
  }
  await send(offering.write.finalizeOffering([windOfferingId]));
  await send(offering.write.deliverShares([windOfferingId, investorAccounts.map((wallet) => wallet.address)]));

  const [lucia, jonas, camille, daan, , marco, rheinland] = investorAccounts as [
    (typeof investorAccounts)[number],
    ...(typeof investorAccounts)[number][],
  ];
  for (const holder of [lucia, jonas, daan, rheinland]) {
    await send(energyAsset.write.delegate([assetIds.wind, holder!.address], { account: holder! }));
  }
  await send(energyAsset.write.delegate([assetIds.wind, jonas!.address], { account: camille! }));
  await send(
    energyAsset.write.safeTransferFrom([marco!.address, lucia.address, assetIds.wind, 200n, "0x"], { account: marco! }),
  );
  await send(
    energyAsset.write.safeTransferFrom([jonas!.address, linkedWallet.address, assetIds.wind, 300n, "0x"], {
      account: jonas!,
    }),
  );

  // Solar: an open offering, partly subscribed.
  const solarOperator = account(2);
  const solarStart = await now();
  await send(
    offering.write.createOffering(
      [
        {
          assetId: assetIds.solar,
          pricePerShare: eur(100),
          softCapShares: 20_000n,
          hardCapShares: 45_000n,
          minPurchaseShares: 5n,
          maxSharesPerInvestor: 5_000n,
          startTime: solarStart,
          endTime: solarStart + 30n * DAY,
          treasury: solarOperator.address,
        },
      ],
      { account: solarOperator },
    ),
  );
  const openOfferingId = await offering.read.offeringCount();
  const solarPurchases: [number, bigint][] = [[0, 2_500n], [2, 1_200n], [3, 5_000n], [4, 800n], [6, 4_000n]];
  for (const [i, shares] of solarPurchases) {
    await send(offering.write.purchase([openOfferingId, shares], { account: investorAccounts[i]! }));
  }

  await seedMarket(ctx, assetIds.wind, investorAccounts);
  await seedRevenue(ctx, assetIds.wind, openOfferingId, investorAccounts);

  return {
    assetIds,
    investors: investors.map((investor, i) => ({ name: investor.name, address: investorAccounts[i]!.address })),
    linkedWallet: linkedWallet.address,
    unverifiedVisitor: account(14).address,
    openOfferingId,
  };
}

/** Side and time-in-force values of IOrderBook. */
const BUY = 0;
const SELL = 1;
const GOOD_TILL_CANCELLED = 0;
const IMMEDIATE_OR_CANCEL = 1;

/**
 * Secondary market on the active wind turbine: trades that happened, then resting orders on both sides
 * (asks from €155, bids up to €149 — a €6 spread around the €150 offering price).
 */
async function seedMarket(ctx: SeedContext, assetId: bigint, investorAccounts: SeedAccount[]) {
  const { orderBook, stablecoin } = ctx.platform;
  const [lucia, jonas, camille, daan, ines, marco, rheinland] = investorAccounts;
  if (!lucia || !jonas || !camille || !daan || !ines || !marco || !rheinland) throw new Error("seed needs 7 investors");
  const send = confirmer(ctx.publicClient, "seed");
  for (const wallet of investorAccounts) {
    await send(stablecoin.write.approve([orderBook.address, 2n ** 256n - 1n], { account: wallet }));
  }
  const order = (account: SeedAccount, side: number, price: number, shares: bigint, timeInForce = GOOD_TILL_CANCELLED) =>
    send(
      orderBook.write.placeOrder(
        [{ assetId, side, price: eur(price), shares, expiry: 0n, timeInForce, maxFills: 0 }],
        { account },
      ),
    );

  // Trades: Marco's ask taken by Lucía; Inês's ask partly taken by Daan (at her price, below his limit).
  await order(marco, SELL, 152, 150n);
  await order(lucia, BUY, 152, 150n, IMMEDIATE_OR_CANCEL);
  await order(ines, SELL, 155, 100n);
  await order(daan, BUY, 156, 60n, IMMEDIATE_OR_CANCEL);
  await order(jonas, BUY, 150, 40n);
  await order(rheinland, SELL, 150, 40n, IMMEDIATE_OR_CANCEL);

  // The book as the dApp shows it.
  await order(rheinland, SELL, 158, 200n);
  await order(jonas, SELL, 160, 120n);
  await order(marco, SELL, 165, 75n);
  await order(camille, BUY, 149, 80n);
  await order(daan, BUY, 147, 120n);
  await order(lucia, BUY, 145, 50n);
}

/** Three past months of the wind turbine: production, price, expenses and the settlement of each. */
const windMonths = [
  { energyKWh: 482_300n, priceEurPerMWh: 78.4, expenses: [["maintenance", 4_200], ["insurance", 1_150], ["land lease", 2_000]] },
  { energyKWh: 391_750n, priceEurPerMWh: 71.15, expenses: [["maintenance", 3_650], ["land lease", 2_000]] },
  { energyKWh: 523_900n, priceEurPerMWh: 85.9, expenses: [["maintenance", 9_800], ["insurance", 1_150], ["land lease", 2_000]] },
] as const;

/**
 * Revenue on the wind turbine: three monthly periods reported, priced, expensed and settled into the
 * distributor; then some holders claim (one for several assets at once), one reinvests into the solar
 * offering, the others leave their revenue unclaimed.
 */
async function seedRevenue(ctx: SeedContext, assetId: bigint, solarOfferingId: bigint, investorAccounts: SeedAccount[]) {
  const { reportedProduction, revenueSettlement, revenueDistributor, priceFeed, stablecoin } = ctx.platform;
  const send = confirmer(ctx.publicClient, "seed");
  const admin = ctx.wallets[0]?.account;
  const ops = ctx.wallets[1]?.account;
  const operator = ctx.wallets[3]?.account;
  if (!admin || !ops || !operator) throw new Error("seed needs the admin, operations and wind operator accounts");
  await send(stablecoin.write.faucet([operator.address, eur(200_000)]));
  await send(stablecoin.write.approve([revenueSettlement.address, 2n ** 256n - 1n], { account: operator }));

  const now = (await ctx.publicClient.getBlock()).timestamp;
  const month = 30n * DAY;
  let start = now - 3n * month - DAY;
  for (const [i, period] of windMonths.entries()) {
    const end = start + month;
    const evidence = await cidOf(
      new TextEncoder().encode(JSON.stringify({ assetId: String(assetId), start: String(start), end: String(end), energyKWh: String(period.energyKWh), meter: "DE-EIFEL-WEA1-MAIN" })),
    );
    await send(
      reportedProduction.write.reportProduction([assetId, start, end, period.energyKWh * 1_000n, evidence], { account: ops }),
    );
    const periodId = BigInt(i + 1);
    await send(priceFeed.write.pushAnswer([BigInt(Math.round(period.priceEurPerMWh * 1e8))], { account: admin }));
    for (const [category, amount] of period.expenses) {
      const invoice = await cidOf(new TextEncoder().encode(JSON.stringify({ assetId: String(assetId), periodId: String(periodId), category, amount })));
      await send(
        revenueSettlement.write.recordExpense([assetId, periodId, eur(amount), category, invoice], { account: operator }),
      );
    }
    await send(revenueSettlement.write.settle([assetId, periodId], { account: operator }));
    start = end;
  }

  // Lucía claims; Jonas claims all his assets at once; Inês reinvests into the solar offering.
  const [lucia, jonas, , , ines] = investorAccounts;
  if (!lucia || !jonas || !ines) throw new Error("seed needs the investors");
  await send(revenueDistributor.write.claim([assetId, lucia.address], { account: lucia }));
  await send(revenueDistributor.write.claimMany([[assetId], jonas.address], { account: jonas }));
  await send(revenueDistributor.write.reinvestInOffering([assetId, solarOfferingId, 20n], { account: ines }));
}
