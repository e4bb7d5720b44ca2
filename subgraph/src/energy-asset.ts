// EnergyAsset: asset registry (specification, lifecycle), ERC-1155 share balances, escrow, freezes,
// forced transfers and recoveries, votes delegation.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  AddressFrozen, ApprovalForAll, AssetGovernanceSet, AssetPauseSet, AssetRegistered, AssetSpecUpdated, AssetStatusChanged,
  DelegateChanged, DelegateVotesChanged, ForcedTransfer, OperatorChanged, SharesEscrowed, SharesReleased,
  ShareObserverSet, TransferBatch, TransferSingle, URI, WalletRecovered,
  AssetRegisteredSpecStruct,
} from "../generated/EnergyAsset/EnergyAsset";
import { Asset, AssetEvent, AssetSpecVersion, ComplianceEvent } from "../generated/schema";
import {
  account, asset, assetStatusName, changeBalance, eventId, position, recordOperatorApproval, saveStatistics, statistics, technologyName,
  ZERO, ZERO_ADDRESS,
} from "./common";
import * as protocol from "./protocol";

const NAME = "EnergyAsset";

// AssetRegistered's and AssetSpecUpdated's spec tuples have the same layout.
function applySpec(a: Asset, spec: AssetRegisteredSpecStruct, event: ethereum.Event): void {
  a.name = spec.name;
  a.technology = technologyName(spec.technology);
  a.capacityW = spec.capacityW;
  a.country = spec.country;
  a.latitudeE6 = spec.latitudeE6;
  a.longitudeE6 = spec.longitudeE6;
  a.commissionedAt = spec.commissionedAt;
  a.expectedAnnualKWh = spec.expectedAnnualKWh;
  a.emissionFactorGPerKWh = spec.emissionFactorGPerKWh;
  a.totalShares = spec.totalShares;
  a.metadataCID = spec.metadataCID;
  a.updatedAt = event.block.timestamp;

  const v = new AssetSpecVersion(eventId(event));
  v.asset = a.id;
  v.name = a.name;
  v.technology = a.technology;
  v.capacityW = a.capacityW;
  v.country = a.country;
  v.latitudeE6 = a.latitudeE6;
  v.longitudeE6 = a.longitudeE6;
  v.commissionedAt = a.commissionedAt;
  v.expectedAnnualKWh = a.expectedAnnualKWh;
  v.emissionFactorGPerKWh = a.emissionFactorGPerKWh;
  v.totalShares = a.totalShares;
  v.metadataCID = a.metadataCID;
  v.blockNumber = event.block.number;
  v.timestamp = event.block.timestamp;
  v.save();
}

function assetEvent(event: ethereum.Event, assetId: BigInt, kind: string): AssetEvent {
  const e = new AssetEvent(eventId(event));
  e.asset = assetId.toString();
  e.kind = kind;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

function complianceEvent(event: ethereum.Event, kind: string): ComplianceEvent {
  const e = new ComplianceEvent(eventId(event));
  e.kind = kind;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

export function handleAssetRegistered(event: AssetRegistered): void {
  const a = asset(event.params.assetId, event.block.timestamp);
  a.operator = event.params.operator;
  a.status = "Submitted";
  a.registeredAt = event.block.timestamp;
  applySpec(a, changetype<AssetRegisteredSpecStruct>(event.params.spec), event);
  a.save();
  const e = assetEvent(event, event.params.assetId, "Registered");
  e.newStatus = "Submitted";
  e.newOperator = event.params.operator;
  e.actor = event.transaction.from;
  e.save();
  const s = statistics();
  s.assetCount += 1;
  saveStatistics(s, event.block.timestamp);
}

export function handleAssetSpecUpdated(event: AssetSpecUpdated): void {
  const a = asset(event.params.assetId, event.block.timestamp);
  applySpec(a, changetype<AssetRegisteredSpecStruct>(event.params.spec), event);
  a.save();
  const e = assetEvent(event, event.params.assetId, "SpecUpdated");
  e.actor = event.transaction.from;
  e.save();
}

export function handleAssetStatusChanged(event: AssetStatusChanged): void {
  const previous = assetStatusName(event.params.previous);
  const next = assetStatusName(event.params.next);
  const a = asset(event.params.assetId, event.block.timestamp);
  a.status = next;
  a.updatedAt = event.block.timestamp;
  a.save();
  const e = assetEvent(event, event.params.assetId, "StatusChanged");
  e.previousStatus = previous;
  e.newStatus = next;
  e.reason = event.params.reason;
  e.actor = event.params.actor;
  e.save();
  if ((previous == "Active") != (next == "Active")) {
    const s = statistics();
    s.activeAssetCount += next == "Active" ? 1 : -1;
    saveStatistics(s, event.block.timestamp);
  }
}

export function handleAssetPauseSet(event: AssetPauseSet): void {
  const a = asset(event.params.assetId, event.block.timestamp);
  a.paused = event.params.paused;
  a.updatedAt = event.block.timestamp;
  a.save();
  const e = assetEvent(event, event.params.assetId, "PauseSet");
  e.paused = event.params.paused;
  e.actor = event.params.actor;
  e.save();
}

export function handleOperatorChanged(event: OperatorChanged): void {
  const a = asset(event.params.assetId, event.block.timestamp);
  a.operator = event.params.newOperator;
  a.updatedAt = event.block.timestamp;
  a.save();
  const e = assetEvent(event, event.params.assetId, "OperatorChanged");
  e.previousOperator = event.params.previousOperator;
  e.newOperator = event.params.newOperator;
  e.actor = event.transaction.from;
  e.save();
}

export function handleAssetGovernanceSet(event: AssetGovernanceSet): void {
  const a = asset(event.params.assetId, event.block.timestamp);
  a.governance = event.params.governance;
  a.updatedAt = event.block.timestamp;
  a.save();
  const e = assetEvent(event, event.params.assetId, "GovernanceSet");
  e.governance = event.params.governance;
  e.actor = event.transaction.from;
  e.save();
}

export function handleURI(event: URI): void {
  const a = asset(event.params.id, event.block.timestamp);
  a.uri = event.params.value;
  a.save();
  const e = assetEvent(event, event.params.id, "UriSet");
  e.reason = event.params.value;
  e.save();
}

function transfer(assetId: BigInt, from: Address, to: Address, amount: BigInt, timestamp: BigInt): void {
  if (from.equals(ZERO_ADDRESS) || to.equals(ZERO_ADDRESS)) {
    const a = asset(assetId, timestamp);
    a.sharesOutstanding = from.equals(ZERO_ADDRESS) ? a.sharesOutstanding.plus(amount) : a.sharesOutstanding.minus(amount);
    a.save();
  }
  if (!from.equals(ZERO_ADDRESS)) changeBalance(assetId, from, amount.neg(), timestamp);
  if (!to.equals(ZERO_ADDRESS)) changeBalance(assetId, to, amount, timestamp);
}

export function handleTransferSingle(event: TransferSingle): void {
  transfer(event.params.id, event.params.from, event.params.to, event.params.value, event.block.timestamp);
}

export function handleTransferBatch(event: TransferBatch): void {
  const ids = event.params.ids;
  const values = event.params.values;
  for (let i = 0; i < ids.length; i++) transfer(ids[i], event.params.from, event.params.to, values[i], event.block.timestamp);
}

export function handleSharesEscrowed(event: SharesEscrowed): void {
  const p = position(event.params.assetId, event.params.owner, event.block.timestamp);
  p.escrowed = p.escrowed.plus(event.params.amount);
  p.save();
}

export function handleSharesReleased(event: SharesReleased): void {
  const p = position(event.params.assetId, event.params.owner, event.block.timestamp);
  p.escrowed = p.escrowed.minus(event.params.amount);
  p.save();
}

export function handleAddressFrozen(event: AddressFrozen): void {
  const a = account(event.params.wallet);
  a.frozen = event.params.frozen;
  a.save();
  const e = complianceEvent(event, event.params.frozen ? "Frozen" : "Unfrozen");
  e.account = event.params.wallet;
  e.agent = event.params.agent;
  e.reason = event.params.reason;
  e.save();
}

export function handleForcedTransfer(event: ForcedTransfer): void {
  account(event.params.to);
  const e = complianceEvent(event, "ForcedTransfer");
  e.asset = event.params.assetId.toString();
  e.account = account(event.params.from).id;
  e.counterparty = event.params.to;
  e.amount = event.params.amount;
  e.reason = event.params.reason;
  e.agent = event.params.agent;
  e.save();
}

export function handleWalletRecovered(event: WalletRecovered): void {
  const e = complianceEvent(event, "WalletRecovered");
  e.asset = event.params.assetId.toString();
  e.account = account(event.params.lostWallet).id;
  e.counterparty = event.params.newWallet;
  e.amount = event.params.amount;
  e.reason = event.params.reason;
  e.agent = event.params.agent;
  e.save();
  // The holding moves wholesale: its cost basis and revenue history follow it to the new wallet.
  const lost = position(event.params.assetId, event.params.lostWallet, event.block.timestamp);
  const recovered = position(event.params.assetId, event.params.newWallet, event.block.timestamp);
  recovered.costBasis = recovered.costBasis.plus(lost.costBasis);
  recovered.revenueClaimed = recovered.revenueClaimed.plus(lost.revenueClaimed);
  lost.costBasis = ZERO;
  lost.save();
  recovered.save();
}

export function handleApprovalForAll(event: ApprovalForAll): void {
  recordOperatorApproval(event, event.params.account, event.params.operator, event.params.approved);
}

export function handleDelegateChanged(event: DelegateChanged): void {
  const p = position(event.params.id, event.params.delegator, event.block.timestamp);
  p.delegate = event.params.toDelegate;
  p.save();
}

export function handleDelegateVotesChanged(event: DelegateVotesChanged): void {
  const p = position(event.params.id, event.params.delegate, event.block.timestamp);
  p.votes = event.params.newVotes;
  p.save();
}

export function handleShareObserverSet(event: ShareObserverSet): void {
  protocol.onSetting(event, NAME, "ShareObserverSet", event.params.observer, []);
}
export function handlePaused(event: ethereum.Event): void { protocol.onPauseChange(event, NAME, true); }
export function handleUnpaused(event: ethereum.Event): void { protocol.onPauseChange(event, NAME, false); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
