// PlatformGovernor: proposals, votes and tallies (shared logic in governor.ts)
import {
  EIP712DomainChanged, ProposalCanceled, ProposalCreated, ProposalExecuted, ProposalQueued, ProposalThresholdSet,
  QuorumNumeratorUpdated, TimelockChange, VoteCast, VoteCastWithParams, VotingDelaySet, VotingPeriodSet,
} from "../generated/PlatformGovernor/PlatformGovernor";
import * as gov from "./governor";
import * as protocol from "./protocol";

const NAME = "PlatformGovernor";
const KIND = "Platform";

export function handleProposalCreated(event: ProposalCreated): void { gov.onProposalCreated(event, KIND); }
export function handleProposalQueued(event: ProposalQueued): void { gov.onProposalQueued(event); }
export function handleProposalExecuted(event: ProposalExecuted): void { gov.onProposalExecuted(event); }
export function handleProposalCanceled(event: ProposalCanceled): void { gov.onProposalCanceled(event); }
export function handleVoteCast(event: VoteCast): void { gov.onVoteCast(event, false); }
export function handleVoteCastWithParams(event: VoteCastWithParams): void { gov.onVoteCast(event, true); }
export function handleProposalThresholdSet(event: ProposalThresholdSet): void { gov.onGovernorSetting(event, NAME, "ProposalThresholdSet"); }
export function handleQuorumNumeratorUpdated(event: QuorumNumeratorUpdated): void { gov.onGovernorSetting(event, NAME, "QuorumNumeratorUpdated"); }
export function handleVotingDelaySet(event: VotingDelaySet): void { gov.onGovernorSetting(event, NAME, "VotingDelaySet"); }
export function handleVotingPeriodSet(event: VotingPeriodSet): void { gov.onGovernorSetting(event, NAME, "VotingPeriodSet"); }
export function handleTimelockChange(event: TimelockChange): void { gov.onTimelockChange(event, NAME, KIND); }
export function handleEIP712DomainChanged(event: EIP712DomainChanged): void { protocol.protocolEvent(event, NAME, "EIP712DomainChanged").save(); }

