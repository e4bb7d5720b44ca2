// Shared WATT account loader for the WattToken, WattStaking and RewardsManager mappings.
import { Address, BigInt } from "@graphprotocol/graph-ts";
import { WattAccount } from "../generated/schema";
import { account } from "./common";

export function wattAccount(address: Address): WattAccount {
  let w = WattAccount.load(address);
  if (w == null) {
    w = new WattAccount(address);
    w.account = account(address).id;
    w.balance = BigInt.zero();
    w.locked = BigInt.zero();
    w.votes = BigInt.zero();
    w.staked = BigInt.zero();
    w.unstaking = BigInt.zero();
    w.stakingRewardsPaid = BigInt.zero();
    w.rewardsAccrued = BigInt.zero();
    w.rewardsClaimed = BigInt.zero();
    w.rewardsPending = BigInt.zero();
  }
  return w;
}
