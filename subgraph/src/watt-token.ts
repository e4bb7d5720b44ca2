// WattToken: WATT balances, delegation and voting power, stake locks.
import { Address } from "@graphprotocol/graph-ts";
import {
  Approval, DelegateChanged, DelegateVotesChanged, EIP712DomainChanged, Paused, RoleAdminChanged, RoleGranted, RoleRevoked,
  StakeLocked, StakeUnlocked, StakingVaultSet, Transfer, Unpaused,
} from "../generated/WattToken/WattToken";
import { WattTransfer } from "../generated/schema";
import { eventId } from "./common";
import * as protocol from "./protocol";
import { wattAccount } from "./watt";

const NAME = "WattToken";

export function handleTransfer(event: Transfer): void {
  const p = event.params;
  const t = new WattTransfer(eventId(event));
  if (p.from != Address.zero()) {
    const from = wattAccount(p.from);
    from.balance = from.balance.minus(p.value);
    from.save();
    t.from = from.id;
  }
  if (p.to != Address.zero()) {
    const to = wattAccount(p.to);
    to.balance = to.balance.plus(p.value);
    to.save();
    t.to = to.id;
  }
  t.value = p.value;
  t.blockNumber = event.block.number;
  t.timestamp = event.block.timestamp;
  t.transactionHash = event.transaction.hash;
  t.save();
}

export function handleDelegateChanged(event: DelegateChanged): void {
  const w = wattAccount(event.params.delegator);
  w.delegate = event.params.toDelegate;
  w.save();
}

export function handleDelegateVotesChanged(event: DelegateVotesChanged): void {
  const w = wattAccount(event.params.delegate);
  w.votes = event.params.newVotes;
  w.save();
}

export function handleStakeLocked(event: StakeLocked): void {
  const w = wattAccount(event.params.account);
  w.locked = w.locked.plus(event.params.amount);
  w.save();
}

export function handleStakeUnlocked(event: StakeUnlocked): void {
  const w = wattAccount(event.params.account);
  w.locked = w.locked.minus(event.params.amount);
  w.save();
}

// Allowances are not indexed (read allowance() from the chain); the EIP-712 domain never changes in practice.
export function handleApproval(event: Approval): void {}
export function handleEIP712DomainChanged(event: EIP712DomainChanged): void { protocol.protocolEvent(event, NAME, "EIP712DomainChanged").save(); }
export function handleStakingVaultSet(event: StakingVaultSet): void { protocol.onSetting(event, NAME, "StakingVaultSet", event.params.vault, []); }
export function handlePaused(event: Paused): void { protocol.onPauseChange(event, NAME, true); }
export function handleUnpaused(event: Unpaused): void { protocol.onPauseChange(event, NAME, false); }
export function handleRoleAdminChanged(event: RoleAdminChanged): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: RoleGranted): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: RoleRevoked): void { protocol.onRoleRevoked(event, NAME); }
