// WattStaking: stakes, unstake requests (cooldowns), withdrawals and staking rewards per wallet.
import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import {
  CooldownSet, Initialized, PoolFunded, RewardPaid, RewardRateSet, RoleAdminChanged, RoleGranted, RoleRevoked, Staked,
  UnstakeRequested, Upgraded, Withdrawn,
} from "../generated/WattStaking/WattStaking";
import { StakeEvent, WattAccount } from "../generated/schema";
import { eventId } from "./common";
import * as protocol from "./protocol";
import { wattAccount } from "./watt";

const NAME = "WattStaking";

function record(event: ethereum.Event, kind: string, w: WattAccount, amount: BigInt): StakeEvent {
  const e = new StakeEvent(eventId(event));
  e.kind = kind;
  e.wattAccount = w.id;
  e.amount = amount;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

export function handleStaked(event: Staked): void {
  const w = wattAccount(event.params.account);
  w.staked = w.staked.plus(event.params.amount);
  w.save();
  record(event, "Staked", w, event.params.amount).save();
}

export function handleUnstakeRequested(event: UnstakeRequested): void {
  const w = wattAccount(event.params.account);
  w.staked = w.staked.minus(event.params.amount);
  w.unstaking = w.unstaking.plus(event.params.amount);
  w.unlocksAt = event.params.unlocksAt;
  w.save();
  const e = record(event, "UnstakeRequested", w, event.params.amount);
  e.unlocksAt = event.params.unlocksAt;
  e.save();
}

export function handleWithdrawn(event: Withdrawn): void {
  const w = wattAccount(event.params.account);
  w.unstaking = w.unstaking.minus(event.params.amount);
  if (w.unstaking.isZero()) w.unlocksAt = null;
  w.save();
  record(event, "Withdrawn", w, event.params.amount).save();
}

export function handleRewardPaid(event: RewardPaid): void {
  const w = wattAccount(event.params.account);
  w.stakingRewardsPaid = w.stakingRewardsPaid.plus(event.params.amount);
  w.save();
  record(event, "RewardPaid", w, event.params.amount).save();
}

export function handlePoolFunded(event: PoolFunded): void {
  const w = wattAccount(event.params.funder);
  w.save();
  record(event, "PoolFunded", w, event.params.amount).save();
}

export function handleCooldownSet(event: CooldownSet): void { protocol.onSetting(event, NAME, "CooldownSet", null, [event.params.cooldown]); }
export function handleRewardRateSet(event: RewardRateSet): void { protocol.onSetting(event, NAME, "RewardRateSet", null, [event.params.rewardRate]); }
export function handleInitialized(event: Initialized): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: Upgraded): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: RoleAdminChanged): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: RoleGranted): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: RoleRevoked): void { protocol.onRoleRevoked(event, NAME); }
