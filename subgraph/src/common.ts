// Shared helpers: event ids, loaders with defaults, enum names, platform statistics.
import { Address, BigInt, Bytes, Entity, ethereum } from "@graphprotocol/graph-ts";
import {
  Account, Asset, OperatorApproval, PlatformDayStatistics, PlatformHourStatistics, PlatformStatistics, Position,
} from "../generated/schema";

export const ZERO = BigInt.zero();
export const ONE = BigInt.fromI32(1);
export const ZERO_ADDRESS = Address.zero();
const STATS_ID = "cowatt";

const ASSET_STATUS: string[] = ["None", "Submitted", "UnderReview", "Verified", "Rejected", "Offering", "Active", "Suspended", "Decommissioned"];
const TECHNOLOGY: string[] = ["Solar", "Wind", "Hydro", "Biomass", "Geothermal", "Storage"];
const OFFERING_STATUS: string[] = ["None", "Open", "Succeeded", "Failed", "Cancelled"];
const CANCEL_REASON: string[] = ["ByOwner", "Expired", "ImmediateOrCancel", "SelfTrade", "Unfillable", "ByAgent", "Replaced", "FillLimitReached"];
const INVESTOR_CLASS: string[] = ["Retail", "Professional", "Institutional"];

function nameOf(names: string[], index: i32, what: string): string {
  if (index < 0 || index >= names.length) throw new Error("unknown " + what + " " + index.toString());
  return names[index];
}
export function assetStatusName(i: i32): string { return nameOf(ASSET_STATUS, i, "asset status"); }
export function technologyName(i: i32): string { return nameOf(TECHNOLOGY, i, "technology"); }
export function offeringStatusName(i: i32): string { return nameOf(OFFERING_STATUS, i, "offering status"); }
export function cancelReasonName(i: i32): string { return nameOf(CANCEL_REASON, i, "cancel reason"); }
export function investorClassName(i: i32): string { return nameOf(INVESTOR_CLASS, i, "investor class"); }
export function sideName(i: i32): string { return i == 0 ? "Buy" : "Sell"; }

/** Immutable records are keyed by transaction hash ++ log index. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

export function statistics(): PlatformStatistics {
  let s = PlatformStatistics.load(STATS_ID);
  if (s == null) {
    s = new PlatformStatistics(STATS_ID);
    s.assetCount = 0;
    s.activeAssetCount = 0;
    s.identityCount = 0;
    s.holderCount = 0;
    s.offeringCount = 0;
    s.purchaseCount = 0;
    s.totalRaised = ZERO;
    s.orderCount = 0;
    s.tradeCount = 0;
    s.tradeVolume = ZERO;
    s.tradingFees = ZERO;
    s.revenueDeposited = ZERO;
    s.revenueClaimed = ZERO;
    s.revenueReinvested = ZERO;
    s.settlementCount = 0;
    s.settledNet = ZERO;
    s.settlementFees = ZERO;
    s.offeringFees = ZERO;
    s.energyReportedWh = ZERO;
    s.gatewayCount = 0;
    s.meterCount = 0;
    s.activeDeviceCount = 0;
    s.productionRequestCount = 0;
    s.productionRejectionCount = 0;
    s.challengeCount = 0;
    s.verifiedPeriodCount = 0;
    s.energyVerifiedWh = ZERO;
    s.certificatesIssued = ZERO;
    s.certificatesRetired = ZERO;
    s.retirementCount = 0;
    s.co2AvoidedGrams = ZERO;
  }
  return s;
}

export function account(address: Address): Account {
  let a = Account.load(address);
  if (a == null) {
    a = new Account(address);
    a.frozen = false;
    a.certificatesRetired = ZERO;
    a.co2AvoidedGrams = ZERO;
    a.save();
  }
  return a;
}

/** The asset, created blank if an event precedes its registration (never on a consistent chain). */
export function asset(id: BigInt, timestamp: BigInt): Asset {
  let a = Asset.load(id.toString());
  if (a == null) {
    a = new Asset(id.toString());
    a.operator = ZERO_ADDRESS;
    a.status = "None";
    a.paused = false;
    a.name = "";
    a.technology = "Solar";
    a.capacityW = ZERO;
    a.country = 0;
    a.latitudeE6 = 0;
    a.longitudeE6 = 0;
    a.commissionedAt = ZERO;
    a.expectedAnnualKWh = ZERO;
    a.emissionFactorGPerKWh = ZERO;
    a.totalShares = ZERO;
    a.metadataCID = "";
    a.sharesOutstanding = ZERO;
    a.holderCount = 0;
    a.restrictCountries = false;
    a.allowedClassesMask = 0;
    a.maxHolders = ZERO;
    a.lockUpPeriod = ZERO;
    a.maxBalance = ZERO;
    a.minHolding = ZERO;
    a.allowedCountries = [];
    a.totalRaised = ZERO;
    a.tradeCount = 0;
    a.tradeVolume = ZERO;
    a.revenueDeposited = ZERO;
    a.revenueClaimed = ZERO;
    a.revenueReinvested = ZERO;
    a.energyReportedWh = ZERO;
    a.activeDeviceCount = 0;
    a.verifiedPeriodCount = 0;
    a.energyVerifiedWh = ZERO;
    a.certificatesIssued = ZERO;
    a.certificatesRetired = ZERO;
    a.co2AvoidedGrams = ZERO;
    a.certificateCarriedWh = 0;
    a.registeredAt = timestamp;
    a.updatedAt = timestamp;
  }
  return a;
}

export function positionId(assetId: BigInt, holder: Address): string {
  return assetId.toString() + "-" + holder.toHexString();
}

export function position(assetId: BigInt, holder: Address, timestamp: BigInt): Position {
  const id = positionId(assetId, holder);
  let p = Position.load(id);
  if (p == null) {
    account(holder);
    p = new Position(id);
    p.asset = assetId.toString();
    p.account = holder;
    p.balance = ZERO;
    p.escrowed = ZERO;
    p.pendingShares = ZERO;
    p.costBasis = ZERO;
    p.sharesBought = ZERO;
    p.sharesSold = ZERO;
    p.saleProceeds = ZERO;
    p.realizedTradingPnl = ZERO;
    p.revenueClaimed = ZERO;
    p.revenueReinvested = ZERO;
    p.votes = ZERO;
    p.updatedAt = timestamp;
  }
  return p;
}

/** Moves a holder's balance; keeps the asset's and the platform's holder counts. */
export function changeBalance(assetId: BigInt, holder: Address, delta: BigInt, timestamp: BigInt): void {
  const p = position(assetId, holder, timestamp);
  const before = p.balance;
  p.balance = before.plus(delta);
  p.updatedAt = timestamp;
  p.save();
  const wasHolder = before.gt(ZERO);
  const isHolder = p.balance.gt(ZERO);
  if (wasHolder == isHolder) return;
  const a = asset(assetId, timestamp);
  const s = statistics();
  const step = isHolder ? 1 : -1;
  a.holderCount += step;
  s.holderCount += step;
  a.save();
  saveStatistics(s, timestamp);
}

export function minBigInt(a: BigInt, b: BigInt): BigInt {
  return a.lt(b) ? a : b;
}

function periodStart(timestamp: BigInt, seconds: i64): BigInt {
  return BigInt.fromI64(timestamp.toI64() - (timestamp.toI64() % seconds));
}

/** Copies every platform total (all fields but the id) into a rollup with the same fields. */
function snapshot(s: PlatformStatistics, rollup: Entity, start: BigInt): void {
  const entries = s.entries;
  for (let i = 0; i < entries.length; i++) {
    if (entries[i].key != "id") rollup.set(entries[i].key, entries[i].value);
  }
  rollup.setBigInt("periodStart", start);
}

/** Saves the platform totals and their hourly and daily snapshots (totals at the end of each period). */
export function saveStatistics(s: PlatformStatistics, timestamp: BigInt): void {
  s.save();
  const dayStart = periodStart(timestamp, 86400);
  const d = new PlatformDayStatistics(dayStart.toString());
  snapshot(s, d, dayStart);
  d.save();
  const hourStart = periodStart(timestamp, 3600);
  const h = new PlatformHourStatistics(hourStart.toString());
  snapshot(s, h, hourStart);
  h.save();
}

/** ERC-1155 setApprovalForAll of any token contract (EnergyAsset shares, EnergyCertificate certificates). */
export function recordOperatorApproval(event: ethereum.Event, owner: Address, operator: Address, approved: boolean): void {
  const id = event.address.concat(owner).concat(operator);
  let a = OperatorApproval.load(id);
  if (a == null) {
    a = new OperatorApproval(id);
    a.contract = event.address;
    a.owner = owner;
    a.operator = operator;
  }
  a.approved = approved;
  a.save();
}
