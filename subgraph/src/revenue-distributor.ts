// RevenueDistributor: revenue deposits, claims and reinvestments.
import { ethereum } from "@graphprotocol/graph-ts";
import { ReinvestmentVenuesSet, RevenueClaimed, RevenueDeposited, RevenueReinvested } from "../generated/RevenueDistributor/RevenueDistributor";
import { ContractConfig, Reinvestment, RevenueClaim, RevenueDeposit } from "../generated/schema";
import { account, asset, eventId, position, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

const NAME = "RevenueDistributor";

export function handleRevenueDeposited(event: RevenueDeposited): void {
  const p = event.params;
  const d = new RevenueDeposit(eventId(event));
  d.asset = asset(p.assetId, event.block.timestamp).id;
  d.distributionId = p.distributionId;
  d.depositor = p.depositor;
  d.amount = p.amount;
  d.sharesOutstanding = p.sharesOutstanding;
  d.blockNumber = event.block.number;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.save();
  const a = asset(p.assetId, event.block.timestamp);
  a.revenueDeposited = a.revenueDeposited.plus(p.amount);
  a.save();
  const s = statistics();
  s.revenueDeposited = s.revenueDeposited.plus(p.amount);
  saveStatistics(s, event.block.timestamp);
}

export function handleRevenueClaimed(event: RevenueClaimed): void {
  const p = event.params;
  const pos = position(p.assetId, p.holder, event.block.timestamp);
  pos.revenueClaimed = pos.revenueClaimed.plus(p.amount);
  pos.updatedAt = event.block.timestamp;
  pos.save();
  const c = new RevenueClaim(eventId(event));
  c.asset = p.assetId.toString();
  c.holder = account(p.holder).id;
  c.position = pos.id;
  c.to = p.to;
  c.amount = p.amount;
  c.timestamp = event.block.timestamp;
  c.transactionHash = event.transaction.hash;
  c.save();
  const a = asset(p.assetId, event.block.timestamp);
  a.revenueClaimed = a.revenueClaimed.plus(p.amount);
  a.save();
  const s = statistics();
  s.revenueClaimed = s.revenueClaimed.plus(p.amount);
  saveStatistics(s, event.block.timestamp);
}

export function handleRevenueReinvested(event: RevenueReinvested): void {
  const p = event.params;
  const r = new Reinvestment(eventId(event));
  r.sourceAsset = p.assetId.toString();
  r.holder = account(p.holder).id;
  r.amount = p.amount;
  r.venue = p.venue;
  const config = ContractConfig.load(event.address);
  r.venueKind = config != null && config.reinvestmentOffering !== null && p.venue.equals(config.reinvestmentOffering!) ? "Offering" : "OrderBook";
  r.venueId = p.venueId;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
  const pos = position(p.assetId, p.holder, event.block.timestamp);
  pos.revenueReinvested = pos.revenueReinvested.plus(p.amount);
  pos.save();
  const a = asset(p.assetId, event.block.timestamp);
  a.revenueReinvested = a.revenueReinvested.plus(p.amount);
  a.save();
  const s = statistics();
  s.revenueReinvested = s.revenueReinvested.plus(p.amount);
  saveStatistics(s, event.block.timestamp);
}

export function handleReinvestmentVenuesSet(event: ReinvestmentVenuesSet): void {
  protocol.onSetting(event, NAME, "ReinvestmentVenuesSet", event.params.offering, []);
  const c = protocol.config(event, NAME);
  c.reinvestmentOffering = event.params.offering;
  c.reinvestmentOrderBook = event.params.orderBook;
  c.save();
}
export function handleUnaccountedTokensRecovered(event: ethereum.Event): void { protocol.onTokensRecovered(event, NAME); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
