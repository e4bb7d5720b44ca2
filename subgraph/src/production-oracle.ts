// ProductionOracle: periods verified by the Chainlink Functions DON — requests, the DON's reports (energy,
// readings, sources, Merkle root, evidence CID), rejections, disputes and finality.
import { BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  ChallengeResolved, ConfigSet, ProductionChallenged, ProductionFinalized, ProductionProposed, ProductionRejected,
  ProductionRequested, RequestFulfilled, RequestSent, SourceSet, StaleFulfillment,
} from "../generated/ProductionOracle/ProductionOracle";
import { OraclePeriod, ProductionDispute, ProductionReport, ProductionRequest } from "../generated/schema";
import { cidV1 } from "./cid";
import { asset, eventId, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

const NAME = "ProductionOracle";
const REJECTION: string[] = ["DonError", "MalformedResponse", "EnergyAboveCapacity", "TooFewSources", "TooFewReadings"];

export function oraclePeriodId(assetId: BigInt, periodId: BigInt): string {
  return assetId.toString() + "-" + periodId.toString();
}

function period(assetId: BigInt, periodId: BigInt): OraclePeriod {
  const p = OraclePeriod.load(oraclePeriodId(assetId, periodId));
  if (p == null) throw new Error("event for an unrequested period " + oraclePeriodId(assetId, periodId));
  return p;
}

function request(requestId: Bytes): ProductionRequest {
  const r = ProductionRequest.load(requestId);
  if (r == null) throw new Error("fulfilment of an unknown request " + requestId.toHexString());
  return r;
}

function closeDispute(p: OraclePeriod, outcome: string, resolution: string | null, resolver: Bytes, timestamp: BigInt): void {
  const open = p.openDispute;
  if (open === null) return; // === : Bytes overloads ==
  const d = ProductionDispute.load(open);
  if (d == null) throw new Error("missing dispute " + open.toHexString());
  d.outcome = outcome;
  d.resolution = resolution;
  d.resolver = resolver;
  d.closedAt = timestamp;
  d.save();
  p.openDispute = null;
}

/** A period's first request, or a re-request (after a rejection, a challenge, or a request timeout). */
export function handleProductionRequested(event: ProductionRequested): void {
  const e = event.params;
  const now = event.block.timestamp;
  const id = oraclePeriodId(e.assetId, e.periodId);
  let p = OraclePeriod.load(id);
  if (p == null) {
    p = new OraclePeriod(id);
    p.asset = asset(e.assetId, now).id;
    p.periodId = e.periodId;
    p.start = e.start;
    p.end = e.end;
    p.requestCount = 0;
  } else {
    // The previous request is no longer the period's: unanswered (timed out) ones are superseded.
    const previous = request(p.request);
    if (previous.outcome == "Pending") {
      previous.outcome = "Superseded";
      previous.save();
    }
    // A challenged period sent to the DON again: the dispute ends that way. The chain clears the old result.
    closeDispute(p, "Rerequested", null, e.requester, now);
    p.report = null;
    p.energyWh = null;
    p.readingCount = null;
    p.sourceCount = null;
    p.readingsRoot = null;
    p.evidenceCID = null;
    p.disputeDeadline = null;
    p.proposedAt = null;
  }
  const r = new ProductionRequest(e.requestId);
  r.period = id;
  r.asset = p.asset;
  r.requester = e.requester;
  r.outcome = "Pending";
  r.requestedAt = now;
  r.transactionHash = event.transaction.hash;
  r.save();
  p.status = "Requested";
  p.request = r.id;
  p.requestCount += 1;
  p.requestedAt = now;
  p.updatedAt = now;
  p.save();
  const s = statistics();
  s.productionRequestCount += 1;
  saveStatistics(s, now);
}

export function handleProductionProposed(event: ProductionProposed): void {
  const e = event.params;
  const now = event.block.timestamp;
  const p = period(e.assetId, e.periodId);
  const report = new ProductionReport(e.requestId);
  report.period = p.id;
  report.request = e.requestId;
  report.asset = p.asset;
  report.energyWh = e.energyWh;
  report.readingCount = e.readingCount;
  report.sourceCount = e.sourceCount;
  report.readingsRoot = e.readingsRoot;
  report.cidCodec = e.cidCodec;
  report.cidDigest = e.cidDigest;
  report.evidenceCID = cidV1(e.cidCodec, e.cidDigest);
  report.disputeDeadline = e.disputeDeadline;
  report.blockNumber = event.block.number;
  report.timestamp = now;
  report.transactionHash = event.transaction.hash;
  report.save();
  const r = request(e.requestId);
  r.outcome = "Proposed";
  r.save();
  p.status = "Proposed";
  p.report = report.id;
  p.energyWh = report.energyWh;
  p.readingCount = report.readingCount;
  p.sourceCount = report.sourceCount;
  p.readingsRoot = report.readingsRoot;
  p.evidenceCID = report.evidenceCID;
  p.disputeDeadline = report.disputeDeadline;
  p.proposedAt = now;
  p.updatedAt = now;
  p.save();
}

export function handleProductionRejected(event: ProductionRejected): void {
  const e = event.params;
  if (e.reason < 0 || e.reason >= REJECTION.length) throw new Error("unknown rejection " + e.reason.toString());
  const r = request(e.requestId);
  r.outcome = "Rejected";
  r.rejection = REJECTION[e.reason];
  r.rejectionDetail = e.detail;
  r.save();
  const p = period(e.assetId, e.periodId);
  p.status = "Failed";
  p.updatedAt = event.block.timestamp;
  p.save();
  const s = statistics();
  s.productionRejectionCount += 1;
  saveStatistics(s, event.block.timestamp);
}

/** An answer to a request the period no longer waits for (re-requested meanwhile): recorded, nothing changes. */
export function handleStaleFulfillment(event: StaleFulfillment): void {
  const r = request(event.params.requestId);
  r.outcome = "Stale";
  r.save();
}

export function handleProductionChallenged(event: ProductionChallenged): void {
  const e = event.params;
  const now = event.block.timestamp;
  const p = period(e.assetId, e.periodId);
  const report = p.report;
  if (report === null) throw new Error("challenge of a period without a report " + p.id);
  const d = new ProductionDispute(eventId(event));
  d.period = p.id;
  d.asset = p.asset;
  d.report = report;
  d.reason = e.reason;
  d.challenger = e.verifier;
  d.challengedAt = now;
  d.outcome = "Open";
  d.transactionHash = event.transaction.hash;
  d.save();
  p.status = "Challenged";
  p.openDispute = d.id;
  p.updatedAt = now;
  p.save();
  const s = statistics();
  s.challengeCount += 1;
  saveStatistics(s, now);
}

/** The challenge was unfounded: the proposed result stands (ProductionFinalized follows in the same call). */
export function handleChallengeResolved(event: ChallengeResolved): void {
  const e = event.params;
  const p = period(e.assetId, e.periodId);
  closeDispute(p, "Resolved", e.resolution, e.verifier, event.block.timestamp);
  p.updatedAt = event.block.timestamp;
  p.save();
}

export function handleProductionFinalized(event: ProductionFinalized): void {
  const e = event.params;
  const now = event.block.timestamp;
  const p = period(e.assetId, e.periodId);
  p.status = "Final";
  p.energyWh = e.energyWh;
  p.finalizedAt = now;
  p.updatedAt = now;
  p.save();
  const a = asset(e.assetId, now);
  a.verifiedPeriodCount += 1;
  a.energyVerifiedWh = a.energyVerifiedWh.plus(e.energyWh);
  a.save();
  const s = statistics();
  s.verifiedPeriodCount += 1;
  s.energyVerifiedWh = s.energyVerifiedWh.plus(e.energyWh);
  saveStatistics(s, now);
}

/** FunctionsClient: emitted with every fulfilment the oracle accepted from the router (proposed, rejected or stale). */
export function handleRequestFulfilled(event: RequestFulfilled): void {
  const r = request(event.params.id);
  r.fulfilledAt = event.block.timestamp;
  r.save();
}

// FunctionsClient's RequestSent precedes ProductionRequested in the same call, which carries the same request id
// with its asset, period and requester: the request is recorded there.
export function handleRequestSent(event: RequestSent): void {}

export function handleConfigSet(event: ConfigSet): void {
  const c = event.params.config;
  // relay, subscription, dispute window and request timeout; the rest is readable through config().
  protocol.onSetting(event, NAME, "ConfigSet", c.relay, [c.subscriptionId, c.disputeWindow, c.requestTimeout]);
}
export function handleSourceSet(event: SourceSet): void {
  protocol.onSetting(event, NAME, "SourceSet", event.params.sourceHash, [event.params.length]);
}
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
