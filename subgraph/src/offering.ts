// Offering: primary sales, purchase receipts, deliveries and refunds; positions' pending shares and cost.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  OfferingCancelled, OfferingCreated, OfferingFinalized, PlatformFeeUpdated, PlatformTreasuryUpdated, Refunded,
  SharesDelivered, SharesPurchased,
} from "../generated/Offering/Offering";
import { Delivery, Investment, Offering, Purchase, Refund } from "../generated/schema";
import { account, asset, eventId, minBigInt, offeringStatusName, position, saveStatistics, statistics, ZERO } from "./common";
import * as protocol from "./protocol";

const NAME = "Offering";

function investment(offeringId: BigInt, investor: Address): Investment {
  const id = offeringId.toString() + "-" + investor.toHexString();
  let i = Investment.load(id);
  if (i == null) {
    i = new Investment(id);
    i.offering = offeringId.toString();
    i.investor = account(investor).id;
    i.shares = ZERO;
    i.paid = ZERO;
    i.delivered = false;
    i.refunded = false;
  }
  return i;
}

export function handleOfferingCreated(event: OfferingCreated): void {
  const t = event.params.terms;
  const o = new Offering(event.params.offeringId.toString());
  o.asset = asset(event.params.assetId, event.block.timestamp).id;
  o.pricePerShare = t.pricePerShare;
  o.softCapShares = t.softCapShares;
  o.hardCapShares = t.hardCapShares;
  o.minPurchaseShares = t.minPurchaseShares;
  o.maxSharesPerInvestor = t.maxSharesPerInvestor;
  o.startTime = t.startTime;
  o.endTime = t.endTime;
  o.treasury = t.treasury;
  o.feeBps = event.params.feeBps;
  o.status = "Open";
  o.sharesSold = ZERO;
  o.raised = ZERO;
  o.investorCount = 0;
  o.createdAt = event.block.timestamp;
  o.save();
  const s = statistics();
  s.offeringCount += 1;
  saveStatistics(s, event.block.timestamp);
}

export function handleSharesPurchased(event: SharesPurchased): void {
  const p = event.params;
  const purchase = new Purchase(eventId(event));
  purchase.offering = p.offeringId.toString();
  purchase.asset = p.assetId.toString();
  purchase.investor = account(p.investor).id;
  purchase.receiptId = p.receiptId;
  purchase.shares = p.shares;
  purchase.cost = p.cost;
  purchase.blockNumber = event.block.number;
  purchase.timestamp = event.block.timestamp;
  purchase.transactionHash = event.transaction.hash;
  purchase.save();

  const o = Offering.load(p.offeringId.toString());
  const i = investment(p.offeringId, p.investor);
  if (o != null) {
    if (i.shares.isZero()) o.investorCount += 1;
    o.sharesSold = o.sharesSold.plus(p.shares);
    o.raised = o.raised.plus(p.cost);
    o.save();
  }
  i.shares = i.shares.plus(p.shares);
  i.paid = i.paid.plus(p.cost);
  i.save();

  const pos = position(p.assetId, p.investor, event.block.timestamp);
  pos.pendingShares = pos.pendingShares.plus(p.shares);
  pos.costBasis = pos.costBasis.plus(p.cost);
  pos.sharesBought = pos.sharesBought.plus(p.shares);
  pos.updatedAt = event.block.timestamp;
  pos.save();

  const a = asset(p.assetId, event.block.timestamp);
  a.totalRaised = a.totalRaised.plus(p.cost);
  a.save();
  const s = statistics();
  s.purchaseCount += 1;
  s.totalRaised = s.totalRaised.plus(p.cost);
  saveStatistics(s, event.block.timestamp);
}

export function handleOfferingFinalized(event: OfferingFinalized): void {
  const o = Offering.load(event.params.offeringId.toString());
  if (o == null) return;
  o.status = offeringStatusName(event.params.status);
  o.sharesSold = event.params.sharesSold;
  o.raised = event.params.raised;
  o.platformFee = event.params.platformFee;
  o.closedAt = event.block.timestamp;
  o.save();
  const s = statistics();
  s.offeringFees = s.offeringFees.plus(event.params.platformFee);
  saveStatistics(s, event.block.timestamp);
}

export function handleOfferingCancelled(event: OfferingCancelled): void {
  const o = Offering.load(event.params.offeringId.toString());
  if (o == null) return;
  o.status = "Cancelled";
  o.cancelReason = event.params.reason;
  o.closedAt = event.block.timestamp;
  o.save();
}

export function handleSharesDelivered(event: SharesDelivered): void {
  const d = new Delivery(eventId(event));
  d.offering = event.params.offeringId.toString();
  d.investor = account(event.params.investor).id;
  d.shares = event.params.shares;
  d.timestamp = event.block.timestamp;
  d.transactionHash = event.transaction.hash;
  d.save();
  const i = investment(event.params.offeringId, event.params.investor);
  i.delivered = true;
  i.save();
  const o = Offering.load(event.params.offeringId.toString());
  if (o == null) return;
  // The shares themselves arrive with the ERC-1155 mint (TransferSingle).
  const pos = position(BigInt.fromString(o.asset), event.params.investor, event.block.timestamp);
  pos.pendingShares = pos.pendingShares.minus(minBigInt(pos.pendingShares, event.params.shares));
  pos.save();
}

export function handleRefunded(event: Refunded): void {
  const r = new Refund(eventId(event));
  r.offering = event.params.offeringId.toString();
  r.investor = account(event.params.investor).id;
  r.amount = event.params.amount;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
  const i = investment(event.params.offeringId, event.params.investor);
  i.refunded = true;
  i.save();
  const o = Offering.load(event.params.offeringId.toString());
  if (o == null) return;
  const pos = position(BigInt.fromString(o.asset), event.params.investor, event.block.timestamp);
  pos.pendingShares = pos.pendingShares.minus(minBigInt(pos.pendingShares, i.shares));
  pos.costBasis = pos.costBasis.minus(minBigInt(pos.costBasis, event.params.amount));
  pos.sharesBought = pos.sharesBought.minus(minBigInt(pos.sharesBought, i.shares));
  pos.save();
  const a = asset(BigInt.fromString(o.asset), event.block.timestamp);
  a.totalRaised = a.totalRaised.minus(event.params.amount);
  a.save();
  const s = statistics();
  s.totalRaised = s.totalRaised.minus(event.params.amount);
  saveStatistics(s, event.block.timestamp);
}

export function handlePlatformFeeUpdated(event: PlatformFeeUpdated): void {
  protocol.onFeeSet(event, NAME, event.params.newFeeBps);
}
export function handlePlatformTreasuryUpdated(event: PlatformTreasuryUpdated): void {
  protocol.onTreasurySet(event, NAME, event.params.newTreasury);
}
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
