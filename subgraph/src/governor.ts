// OpenZeppelin Governor events, shared by the PlatformGovernor and every AssetGovernor (template) data source.
// Handlers take the plain ethereum.Event and read parameters by position, so both generated event classes fit.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { Governor, Proposal, Vote } from "../generated/schema";
import { eventId } from "./common";
import * as protocol from "./protocol";
import { wattAccount } from "./watt";

export function governor(address: Address, kind: string): Governor {
  let g = Governor.load(address);
  if (g == null) {
    g = new Governor(address);
    g.kind = kind;
    g.proposalCount = 0;
    g.save();
  }
  return g;
}

function proposalKey(address: Address, proposalId: BigInt): Bytes {
  return address.concat(Bytes.fromByteArray(Bytes.fromBigInt(proposalId)));
}

/** `ipfs://<CID>[/path|?query|#fragment]` → CID; null for any other form. */
export function descriptionCid(description: string): string | null {
  if (!description.startsWith("ipfs://")) return null;
  let rest = description.substr(7);
  const stops = ["/", "?", "#", " ", "\n"];
  for (let i = 0; i < stops.length; i++) {
    const at = rest.indexOf(stops[i]);
    if (at >= 0) rest = rest.substr(0, at);
  }
  return rest.length > 0 ? rest : null;
}

function param(event: ethereum.Event, index: i32): ethereum.Value {
  return event.parameters[index].value;
}

function loadProposal(event: ethereum.Event, proposalId: BigInt): Proposal {
  const p = Proposal.load(proposalKey(event.address, proposalId));
  if (p == null) throw new Error("proposal " + proposalId.toString() + " of governor " + event.address.toHexString() + " was never created");
  return p;
}

export function onProposalCreated(event: ethereum.Event, kind: string): void {
  const g = governor(event.address, kind);
  const proposalId = param(event, 0).toBigInt();
  const p = new Proposal(proposalKey(event.address, proposalId));
  p.governor = g.id;
  p.asset = g.asset;
  p.proposalId = proposalId;
  p.proposer = param(event, 1).toAddress();
  const targets = param(event, 2).toAddressArray();
  const targetBytes: Bytes[] = [];
  for (let i = 0; i < targets.length; i++) targetBytes.push(targets[i]);
  p.targets = targetBytes;
  p.values = param(event, 3).toBigIntArray();
  p.signatures = param(event, 4).toStringArray();
  p.calldatas = param(event, 5).toBytesArray();
  p.voteStart = param(event, 6).toBigInt();
  p.voteEnd = param(event, 7).toBigInt();
  const description = param(event, 8).toString();
  p.description = description;
  p.descriptionCid = descriptionCid(description);
  p.state = "Active";
  p.forVotes = BigInt.zero();
  p.againstVotes = BigInt.zero();
  p.abstainVotes = BigInt.zero();
  p.voteCount = 0;
  p.createdAt = event.block.timestamp;
  p.transactionHash = event.transaction.hash;
  p.save();
  g.proposalCount += 1;
  g.save();
}

export function onProposalQueued(event: ethereum.Event): void {
  const p = loadProposal(event, param(event, 0).toBigInt());
  p.state = "Queued";
  p.eta = param(event, 1).toBigInt();
  p.queuedAt = event.block.timestamp;
  p.save();
}

export function onProposalExecuted(event: ethereum.Event): void {
  const p = loadProposal(event, param(event, 0).toBigInt());
  p.state = "Executed";
  p.executedAt = event.block.timestamp;
  p.save();
}

export function onProposalCanceled(event: ethereum.Event): void {
  const p = loadProposal(event, param(event, 0).toBigInt());
  p.state = "Canceled";
  p.canceledAt = event.block.timestamp;
  p.save();
}

/** VoteCast and VoteCastWithParams (the latter has the params bytes last). */
export function onVoteCast(event: ethereum.Event, withParams: boolean): void {
  const p = loadProposal(event, param(event, 1).toBigInt());
  const support = param(event, 2).toI32();
  const weight = param(event, 3).toBigInt();
  if (support == 0) p.againstVotes = p.againstVotes.plus(weight);
  else if (support == 1) p.forVotes = p.forVotes.plus(weight);
  else p.abstainVotes = p.abstainVotes.plus(weight);
  p.voteCount += 1;
  p.save();
  const voter = wattAccount(param(event, 0).toAddress());
  voter.save();
  const v = new Vote(eventId(event));
  v.proposal = p.id;
  v.governor = p.governor;
  v.voter = voter.id;
  v.support = support;
  v.weight = weight;
  v.reason = param(event, 4).toString();
  if (withParams) v.params = param(event, 5).toBytes();
  v.timestamp = event.block.timestamp;
  v.transactionHash = event.transaction.hash;
  v.save();
}

/** Setting changes with (old, new) values: voting delay/period, proposal threshold, quorum numerator. */
export function onGovernorSetting(event: ethereum.Event, contractName: string, kind: string): void {
  protocol.onSetting(event, contractName, kind, null, [param(event, 1).toBigInt(), param(event, 0).toBigInt()]);
}

export function onTimelockChange(event: ethereum.Event, contractName: string, kind: string): void {
  const timelock = param(event, 1).toAddress();
  protocol.onSetting(event, contractName, "TimelockChange", timelock, []);
  const g = governor(event.address, kind);
  g.timelock = timelock;
  g.save();
}
