/**
 * Shared test fixtures: the platform deployed by the same library the dev chain uses
 * (scripts/lib/deploy.ts), named accounts, KYC'd investors and assets in each lifecycle state.
 */
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { parseSignature, parseUnits, type Address } from "viem";
import { deployPlatform, type AssetSpecInput } from "../../scripts/lib/deploy.ts";

export type { AssetSpecInput };

export const COUNTRY = { ES: 724, DE: 276, FR: 250, NL: 528, PT: 620, US: 840 } as const;
export const INVESTOR_CLASS = { Retail: 0, Professional: 1, Institutional: 2 } as const;
export const STATUS = {
  None: 0,
  Submitted: 1,
  UnderReview: 2,
  Verified: 3,
  Rejected: 4,
  Offering: 5,
  Active: 6,
  Suspended: 7,
  Decommissioned: 8,
} as const;
export const OFFERING_STATUS = { None: 0, Open: 1, Succeeded: 2, Failed: 3, Cancelled: 4 } as const;
export const RESTRICTION = {
  None: 0,
  Paused: 1,
  AssetPaused: 2,
  SharesNotTransferable: 3,
  SenderFrozen: 4,
  RecipientFrozen: 5,
  InsufficientBalance: 6,
  RecipientNotVerified: 7,
  CountryNotAllowed: 8,
  InvestorClassNotAllowed: 9,
  MaxBalanceExceeded: 10,
  BelowMinimumHolding: 11,
  LockedUp: 12,
  MaxHoldersReached: 13,
  InvalidRecipient: 14,
} as const;

export const ONE_YEAR = 365n * 24n * 3600n;
export const eur = (amount: number | string) => parseUnits(String(amount), 6);

/** A 5 MW solar farm in Spain; override any field. */
export function solarSpec(overrides: Partial<AssetSpecInput> = {}): AssetSpecInput {
  return {
    name: "Sol de Castilla 5 MW",
    technology: 0,
    capacityW: 5_000_000n,
    country: COUNTRY.ES,
    latitudeE6: 41_652_000,
    longitudeE6: -4_724_000,
    commissionedAt: 1_700_000_000n,
    expectedAnnualKWh: 8_700_000n,
    emissionFactorGPerKWh: 190,
    totalShares: 50_000n,
    metadataCID: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
    ...overrides,
  };
}

/** Deploys the platform on a fresh in-process network and names the accounts. */
export async function deployFixture(connection: NetworkConnection) {
  const { viem, networkHelpers } = connection;
  const wallets = await viem.getWalletClients();
  const [admin, ops, operator, alice, bob, carol, dave, eve, treasury, assetTreasury] = wallets as [
    (typeof wallets)[number],
    ...(typeof wallets)[number][],
  ] & { length: 10 };
  const platform = await deployPlatform(
    hre,
    connection,
    {
      admin: admin.account.address,
      kycAgent: ops!.account.address,
      verifier: ops!.account.address,
      complianceOfficer: ops!.account.address,
      agent: ops!.account.address,
      pauser: ops!.account.address,
      reporter: ops!.account.address,
      treasury: treasury!.account.address,
      assetProviders: [operator!.account.address],
    },
    "hardhat",
  );
  const publicClient = await viem.getPublicClient();
  return {
    ...platform,
    viem,
    networkHelpers,
    publicClient,
    wallets: { admin, ops: ops!, operator: operator!, alice: alice!, bob: bob!, carol: carol!, dave: dave!, eve: eve!, treasury: treasury!, assetTreasury: assetTreasury! },
  };
}

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** Registers a KYC identity valid for a year. */
export async function verify(
  f: Fixture,
  wallet: Address,
  country: number = COUNTRY.ES,
  investorClass: number = INVESTOR_CLASS.Retail,
) {
  const now = BigInt(await f.networkHelpers.time.latest());
  await f.identityRegistry.write.registerIdentity([wallet, country, investorClass, now + ONE_YEAR], {
    account: f.wallets.ops.account,
  });
}

/** Platform + alice (ES), bob (DE), carol (FR), dave (NL) verified; eve never verified. */
export async function investorsFixture(connection: NetworkConnection) {
  const f = await deployFixture(connection);
  const { alice, bob, carol, dave } = f.wallets;
  await verify(f, alice.account.address, COUNTRY.ES);
  await verify(f, bob.account.address, COUNTRY.DE);
  await verify(f, carol.account.address, COUNTRY.FR);
  await verify(f, dave.account.address, COUNTRY.NL, INVESTOR_CLASS.Professional);
  for (const wallet of [alice, bob, carol, dave, f.wallets.eve]) {
    await f.stablecoin.write.faucet([wallet.account.address, eur(1_000_000)]);
    await f.stablecoin.write.approve([f.offering.address, 2n ** 256n - 1n], { account: wallet.account });
  }
  return f;
}

/** Registers an asset as the operator and takes it through review to Verified; returns its id. */
export async function verifiedAsset(f: Fixture, spec: AssetSpecInput = solarSpec()) {
  const { operator, ops } = f.wallets;
  await f.energyAsset.write.registerAsset([spec], { account: operator.account });
  const assetId = await f.energyAsset.read.assetCount();
  await f.energyAsset.write.startReview([assetId], { account: ops.account });
  await f.energyAsset.write.verifyAsset([assetId], { account: ops.account });
  return assetId;
}

export interface OfferingTermsInput {
  assetId: bigint;
  pricePerShare: bigint;
  softCapShares: bigint;
  hardCapShares: bigint;
  minPurchaseShares: bigint;
  maxSharesPerInvestor: bigint;
  startTime: bigint;
  endTime: bigint;
  treasury: Address;
}

/** Offering terms starting now for 30 days at 100 dEUR per share. */
export async function offeringTerms(f: Fixture, assetId: bigint, overrides: Partial<OfferingTermsInput> = {}) {
  const now = BigInt(await f.networkHelpers.time.latest());
  return {
    assetId,
    pricePerShare: eur(100),
    softCapShares: 1_000n,
    hardCapShares: 10_000n,
    minPurchaseShares: 1n,
    maxSharesPerInvestor: 0n,
    startTime: now,
    endTime: now + 30n * 24n * 3600n,
    treasury: f.wallets.assetTreasury.account.address,
    ...overrides,
  } satisfies OfferingTermsInput;
}

/** A Verified asset with an open offering; returns asset and offering ids. */
export async function openOffering(f: Fixture, overrides: Partial<OfferingTermsInput> = {}, spec?: AssetSpecInput) {
  const assetId = await verifiedAsset(f, spec);
  await f.offering.write.createOffering([await offeringTerms(f, assetId, overrides)], {
    account: f.wallets.operator.account,
  });
  return { assetId, offeringId: await f.offering.read.offeringCount() };
}

/**
 * An Active asset whose offering sold out to alice (4,000), bob (3,000) and carol (3,000), shares
 * delivered; nobody has delegated yet.
 */
export async function activeAssetFixture(connection: NetworkConnection) {
  const f = await investorsFixture(connection);
  const { alice, bob, carol } = f.wallets;
  const { assetId, offeringId } = await openOffering(f, { hardCapShares: 10_000n });
  await f.offering.write.purchase([offeringId, 4_000n], { account: alice.account });
  await f.offering.write.purchase([offeringId, 3_000n], { account: bob.account });
  await f.offering.write.purchase([offeringId, 3_000n], { account: carol.account });
  await f.offering.write.finalizeOffering([offeringId]);
  await f.offering.write.deliverShares([
    offeringId,
    [alice.account.address, bob.account.address, carol.account.address],
  ]);
  return { ...f, assetId, offeringId };
}

/**
 * An EIP-2612 permit for the platform stablecoin signed by `owner` (eth_signTypedData_v4), split into
 * v, r, s. The nonce defaults to the owner's current one.
 */
export async function signPermit(
  f: Fixture,
  owner: Fixture["wallets"]["alice"],
  spender: Address,
  value: bigint,
  deadline: bigint,
  nonce?: bigint,
) {
  const signature = await owner.signTypedData({
    account: owner.account,
    domain: {
      name: "CoWatt Dev Euro",
      version: "1",
      chainId: await f.publicClient.getChainId(),
      verifyingContract: f.stablecoin.address,
    },
    types: {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    primaryType: "Permit",
    message: {
      owner: owner.account.address,
      spender,
      value,
      nonce: nonce ?? (await f.stablecoin.read.nonces([owner.account.address])),
      deadline,
    },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s, signature };
}

/** A 2 MW wind turbine in Germany; override any field. */
export function windSpec(overrides: Partial<AssetSpecInput> = {}): AssetSpecInput {
  return solarSpec({
    name: "Viento del Norte 2 MW",
    technology: 1,
    capacityW: 2_000_000n,
    country: COUNTRY.DE,
    latitudeE6: 53_551_000,
    longitudeE6: 9_993_000,
    expectedAnnualKWh: 5_000_000n,
    emissionFactorGPerKWh: 380,
    totalShares: 20_000n,
    metadataCID: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    ...overrides,
  });
}

/**
 * {activeAssetFixture} plus a second Active asset (`secondAssetId`, a wind turbine) whose offering sold
 * out to alice (1,000) and dave (2,000), shares delivered; nobody has delegated.
 */
export async function twoActiveAssetsFixture(connection: NetworkConnection) {
  const f = await activeAssetFixture(connection);
  const { alice, dave } = f.wallets;
  const second = await openOffering(f, { hardCapShares: 3_000n }, windSpec());
  await f.offering.write.purchase([second.offeringId, 1_000n], { account: alice.account });
  await f.offering.write.purchase([second.offeringId, 2_000n], { account: dave.account });
  await f.offering.write.finalizeOffering([second.offeringId]);
  await f.offering.write.deliverShares([second.offeringId, [alice.account.address, dave.account.address]]);
  return { ...f, secondAssetId: second.assetId, secondOfferingId: second.offeringId };
}

/** Per-asset compliance rules (ICompliance.AssetRules); everything off unless overridden. */
export interface AssetRulesInput {
  restrictCountries: boolean;
  allowedClassesMask: number;
  maxHolders: number;
  lockUpPeriod: number;
  maxBalance: bigint;
  minHolding: bigint;
}

export function assetRules(overrides: Partial<AssetRulesInput> = {}): AssetRulesInput {
  return {
    restrictCountries: false,
    allowedClassesMask: 0,
    maxHolders: 0,
    lockUpPeriod: 0,
    maxBalance: 0n,
    minHolding: 0n,
    ...overrides,
  };
}

// ---------------------------------------------------------------------------- revenue

export const HOUR = 3_600n;
/** EUR/MWh with the price feed's 8 decimals: `price(72.35)` is 7_235_000_000n. */
export const price = (eurPerMWh: number | string) => parseUnits(String(eurPerMWh), 8);

/**
 * {activeAssetFixture} with revenue flowing: the operator holds 1,000,000 dEUR and has approved the
 * RevenueDistributor and RevenueSettlement for all of it. The price feed answers 72.35 EUR/MWh (fresh).
 */
export async function revenueFixture(connection: NetworkConnection) {
  const f = await activeAssetFixture(connection);
  const { operator } = f.wallets;
  await f.stablecoin.write.faucet([operator.account.address, eur(1_000_000)]);
  for (const spender of [f.revenueDistributor.address, f.revenueSettlement.address]) {
    await f.stablecoin.write.approve([spender, 2n ** 256n - 1n], { account: operator.account });
  }
  return f;
}

/**
 * Reports an asset's next production period of `hours` (as the ops account, the reporter): it starts where
 * the previous one ended, or `hours` before now for the first; time moves on to its end when needed.
 * Returns the period id.
 */
export async function reportPeriod(f: Fixture, assetId: bigint, energyWh: bigint, hours = 24n, evidenceCID = "bafkreievidence") {
  const now = BigInt(await f.networkHelpers.time.latest());
  const last = await f.reportedProduction.read.lastPeriodEnd([assetId]);
  const start = last === 0n ? now - hours * HOUR : last;
  const end = start + hours * HOUR;
  if (end > now) await f.networkHelpers.time.increaseTo(end);
  await f.reportedProduction.write.reportProduction([assetId, start, end, energyWh, evidenceCID], {
    account: f.wallets.ops.account,
  });
  return f.reportedProduction.read.periodCount([assetId]);
}

// ---------------------------------------------------------------------------- order book

/** IOrderBook enums. */
export const SIDE = { Buy: 0, Sell: 1 } as const;
export const TIME_IN_FORCE = { GoodTillCancelled: 0, ImmediateOrCancel: 1 } as const;
export const CANCEL_REASON = {
  ByOwner: 0,
  Expired: 1,
  ImmediateOrCancel: 2,
  SelfTrade: 3,
  Unfillable: 4,
  ByAgent: 5,
  Replaced: 6,
  FillLimitReached: 7,
} as const;

/** IOrderBook.OrderParams: good-till-cancelled, no expiry, the default fill bound; override any field. */
export function orderParams(
  assetId: bigint,
  side: number,
  price: bigint,
  shares: bigint,
  overrides: Partial<{ expiry: bigint; timeInForce: number; maxFills: number }> = {},
) {
  return { assetId, side, price, shares, expiry: 0n, timeInForce: TIME_IN_FORCE.GoodTillCancelled, maxFills: 0, ...overrides };
}

/** {activeAssetFixture} with alice, bob, carol, dave and eve having approved the order book for their dEUR. */
export async function orderBookFixture(connection: NetworkConnection) {
  const f = await activeAssetFixture(connection);
  const { alice, bob, carol, dave, eve } = f.wallets;
  for (const wallet of [alice, bob, carol, dave, eve]) {
    await f.stablecoin.write.approve([f.orderBook.address, 2n ** 256n - 1n], { account: wallet.account });
  }
  return f;
}

/** Every open order of the order book (ids 1 to orderCount that are still open), oldest first. */
export async function openOrders(f: Fixture) {
  const count = await f.orderBook.read.orderCount();
  const open = [];
  for (let id = 1n; id <= count; id++) {
    try {
      open.push({ id, ...(await f.orderBook.read.order([id])) });
    } catch (error) {
      if (!String(error).includes("UnknownOrder")) throw error; // otherwise filled or cancelled
    }
  }
  return open;
}
