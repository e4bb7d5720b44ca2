// RewardsManager: WATT reward accruals per category and claims; pending = accrued - claimed.
import { Bytes } from "@graphprotocol/graph-ts";
import {
  CategoryConfigured, Initialized, MaxReferralsSet, RewardAccrued, RewardClaimed, RewardedGovernorSet, RoleAdminChanged,
  RoleGranted, RoleRevoked, Upgraded,
} from "../generated/RewardsManager/RewardsManager";
import { RewardAccrual, RewardCategoryBalance, RewardClaim } from "../generated/schema";
import { eventId } from "./common";
import * as protocol from "./protocol";
import { wattAccount } from "./watt";

const NAME = "RewardsManager";

export function handleRewardAccrued(event: RewardAccrued): void {
  const p = event.params;
  const w = wattAccount(p.wallet);
  w.rewardsAccrued = w.rewardsAccrued.plus(p.amount);
  w.rewardsPending = w.rewardsPending.plus(p.amount);
  w.save();
  const id = w.id.concat(Bytes.fromI32(p.category));
  let c = RewardCategoryBalance.load(id);
  if (c == null) {
    c = new RewardCategoryBalance(id);
    c.wattAccount = w.id;
    c.category = p.category;
    c.accrued = p.amount.minus(p.amount);
    c.accrualCount = 0;
  }
  c.accrued = c.accrued.plus(p.amount);
  c.accrualCount += 1;
  c.save();
  const a = new RewardAccrual(eventId(event));
  a.category = p.category;
  a.identityId = p.identityId;
  a.wattAccount = w.id;
  a.amount = p.amount;
  a.ref = p.ref;
  a.timestamp = event.block.timestamp;
  a.transactionHash = event.transaction.hash;
  a.save();
}

export function handleRewardClaimed(event: RewardClaimed): void {
  const w = wattAccount(event.params.wallet);
  w.rewardsClaimed = w.rewardsClaimed.plus(event.params.amount);
  w.rewardsPending = w.rewardsPending.minus(event.params.amount);
  w.save();
  const c = new RewardClaim(eventId(event));
  c.wattAccount = w.id;
  c.amount = event.params.amount;
  c.timestamp = event.block.timestamp;
  c.transactionHash = event.transaction.hash;
  c.save();
}

export function handleCategoryConfigured(event: CategoryConfigured): void { protocol.onSetting(event, NAME, "CategoryConfigured", null, [event.parameters[0].value.toBigInt()]); }
export function handleMaxReferralsSet(event: MaxReferralsSet): void { protocol.onSetting(event, NAME, "MaxReferralsSet", null, [event.params.maxReferralsPerReferrer]); }
export function handleRewardedGovernorSet(event: RewardedGovernorSet): void {
  protocol.onSetting(event, NAME, event.params.rewarded ? "RewardedGovernorAdded" : "RewardedGovernorRemoved", event.params.governor, []);
}
export function handleInitialized(event: Initialized): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: Upgraded): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: RoleAdminChanged): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: RoleGranted): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: RoleRevoked): void { protocol.onRoleRevoked(event, NAME); }
