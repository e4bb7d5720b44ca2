// EnergyCertificate: ERC-1155 certificates per asset and oracle period (1 = 1 kWh) — issuance, holders' balances,
// retirements with beneficiary, purpose and CO2 avoided.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  ApprovalForAll, CertificatesIssued, CertificatesRetired, TransferBatch, TransferSingle, URI, URISet,
} from "../generated/EnergyCertificate/EnergyCertificate";
import { Certificate, CertificateBalance, CertificateRetirement, CertificateTransfer, OraclePeriod } from "../generated/schema";
import { account, asset, eventId, recordOperatorApproval, saveStatistics, statistics, ZERO, ZERO_ADDRESS } from "./common";
import { oraclePeriodId } from "./production-oracle";
import * as protocol from "./protocol";

const NAME = "EnergyCertificate";

function certificate(tokenId: BigInt): Certificate {
  const c = Certificate.load(tokenId.toString());
  if (c == null) throw new Error("event for an unissued certificate " + tokenId.toString());
  return c;
}

function balance(c: Certificate, holder: Address, timestamp: BigInt): CertificateBalance {
  const id = c.id + "-" + holder.toHexString();
  let b = CertificateBalance.load(id);
  if (b == null) {
    b = new CertificateBalance(id);
    b.certificate = c.id;
    b.account = account(holder).id;
    b.balance = ZERO;
    b.retired = ZERO;
    b.updatedAt = timestamp;
  }
  return b;
}

/** Issued before the mint it announces (the contract emits CertificatesIssued, then TransferSingle). */
export function handleCertificatesIssued(event: CertificatesIssued): void {
  const e = event.params;
  const now = event.block.timestamp;
  const a = asset(e.assetId, now);
  const c = new Certificate(e.id.toString());
  c.tokenId = e.id;
  c.asset = a.id;
  c.periodId = e.periodId;
  // deployMetering wires the certificates to the ProductionOracle indexed here.
  const p = OraclePeriod.load(oraclePeriodId(e.assetId, e.periodId));
  if (p != null) {
    c.period = p.id;
    c.start = p.start;
    c.end = p.end;
  }
  c.energyWh = e.energyWh;
  c.units = e.units;
  c.carriedWh = e.carriedWh;
  // The contract fixes the factor from the asset's specification at issuance, as the Asset entity holds it now.
  c.emissionFactorGPerKWh = a.emissionFactorGPerKWh;
  c.recipient = account(e.recipient).id;
  c.supply = ZERO;
  c.retired = ZERO;
  c.holderCount = 0;
  c.issuedAt = now;
  c.transactionHash = event.transaction.hash;
  c.save();
  a.certificatesIssued = a.certificatesIssued.plus(e.units);
  a.certificateCarriedWh = e.carriedWh;
  a.save();
  const s = statistics();
  s.certificatesIssued = s.certificatesIssued.plus(e.units);
  saveStatistics(s, now);
}

function moveBalance(c: Certificate, holder: Address, delta: BigInt, timestamp: BigInt): void {
  const b = balance(c, holder, timestamp);
  const wasHolder = b.balance.gt(ZERO);
  b.balance = b.balance.plus(delta);
  b.updatedAt = timestamp;
  b.save();
  const isHolder = b.balance.gt(ZERO);
  if (wasHolder != isHolder) c.holderCount += isHolder ? 1 : -1;
}

function transfer(event: ethereum.Event, index: i32, operator: Address, from: Address, to: Address, tokenId: BigInt, amount: BigInt): void {
  const now = event.block.timestamp;
  const c = certificate(tokenId);
  const t = new CertificateTransfer(eventId(event).concatI32(index));
  t.certificate = c.id;
  t.operator = operator;
  t.amount = amount;
  if (from.equals(ZERO_ADDRESS)) c.supply = c.supply.plus(amount);
  else {
    moveBalance(c, from, amount.neg(), now);
    t.from = from;
  }
  if (to.equals(ZERO_ADDRESS)) c.supply = c.supply.minus(amount); // only retire() burns
  else {
    moveBalance(c, to, amount, now);
    t.to = to;
  }
  c.save();
  t.blockNumber = event.block.number;
  t.timestamp = now;
  t.transactionHash = event.transaction.hash;
  t.save();
}

export function handleTransferSingle(event: TransferSingle): void {
  const p = event.params;
  transfer(event, 0, p.operator, p.from, p.to, p.id, p.value);
}

export function handleTransferBatch(event: TransferBatch): void {
  const p = event.params;
  const ids = p.ids;
  const values = p.values;
  for (let i = 0; i < ids.length; i++) transfer(event, i, p.operator, p.from, p.to, ids[i], values[i]);
}

/** Follows the burn (TransferSingle to zero) of the retired certificates. */
export function handleCertificatesRetired(event: CertificatesRetired): void {
  const e = event.params;
  const now = event.block.timestamp;
  const c = certificate(e.id);
  const r = new CertificateRetirement(e.retirementId.toString());
  r.retirementId = e.retirementId;
  r.certificate = c.id;
  r.asset = c.asset;
  r.account = account(e.account).id;
  r.amount = e.amount;
  r.beneficiary = e.beneficiary;
  r.purpose = e.purpose;
  r.co2AvoidedGrams = e.co2AvoidedGrams;
  r.retiredBy = e.retiredBy;
  r.timestamp = now;
  r.transactionHash = event.transaction.hash;
  r.save();
  c.retired = c.retired.plus(e.amount);
  c.save();
  const b = balance(c, e.account, now);
  b.retired = b.retired.plus(e.amount);
  b.updatedAt = now;
  b.save();
  const holder = account(e.account);
  holder.certificatesRetired = holder.certificatesRetired.plus(e.amount);
  holder.co2AvoidedGrams = holder.co2AvoidedGrams.plus(e.co2AvoidedGrams);
  holder.save();
  const a = asset(BigInt.fromString(c.asset), now);
  a.certificatesRetired = a.certificatesRetired.plus(e.amount);
  a.co2AvoidedGrams = a.co2AvoidedGrams.plus(e.co2AvoidedGrams);
  a.save();
  const s = statistics();
  s.certificatesRetired = s.certificatesRetired.plus(e.amount);
  s.retirementCount += 1;
  s.co2AvoidedGrams = s.co2AvoidedGrams.plus(e.co2AvoidedGrams);
  saveStatistics(s, now);
}

/** ERC-1155's per-token URI event (EnergyCertificate uses one template, URISet; recorded if ever emitted). */
export function handleURI(event: URI): void {
  const c = Certificate.load(event.params.id.toString());
  if (c == null) return; // a URI for a token not issued yet has nothing to attach to
  c.uri = event.params.value;
  c.save();
}

export function handleURISet(event: URISet): void {
  protocol.protocolEvent(event, NAME, "URISet").save();
  const c = protocol.config(event, NAME);
  c.uri = event.params.uri;
  c.save();
}

export function handleApprovalForAll(event: ApprovalForAll): void {
  recordOperatorApproval(event, event.params.account, event.params.operator, event.params.approved);
}
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
