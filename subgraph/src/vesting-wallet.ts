// VotingVestingWallet: the WATT allocation vesting wallets. One data source per wallet of the deployment record,
// each with its schedule in the data source context (the wallet's constructor emits only OwnershipTransferred).
// The event classes come from the WattToken data source's generated folder, which lists this ABI too, so the
// import path does not depend on the per-wallet data source names.
import { Address, BigInt, Bytes, dataSource, ethereum } from "@graphprotocol/graph-ts";
import {
  ERC20Released, EtherReleased, OwnershipTransferred, VotesDelegated,
} from "../generated/WattToken/VotingVestingWallet";
import { VestingRelease, VestingWallet } from "../generated/schema";
import { eventId } from "./common";
import { wattAccount } from "./watt";

function wallet(event: ethereum.Event): VestingWallet {
  let w = VestingWallet.load(event.address);
  if (w == null) {
    const context = dataSource.context();
    w = new VestingWallet(event.address);
    w.name = context.getString("name");
    w.allocation = context.getBigInt("allocation");
    w.start = context.getBigInt("start");
    w.cliffEnd = context.getBigInt("cliffEnd");
    w.durationSeconds = context.getBigInt("durationSeconds");
    w.released = BigInt.zero();
    w.createdAt = event.block.timestamp;
  }
  w.updatedAt = event.block.timestamp;
  return w;
}

function recordRelease(event: ethereum.Event, w: VestingWallet, token: Bytes, amount: BigInt): void {
  const r = new VestingRelease(eventId(event));
  r.wallet = w.id;
  r.token = token;
  r.amount = amount;
  r.beneficiary = w.beneficiary;
  r.blockNumber = event.block.number;
  r.timestamp = event.block.timestamp;
  r.transactionHash = event.transaction.hash;
  r.save();
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  const w = wallet(event);
  const beneficiary = wattAccount(event.params.newOwner);
  beneficiary.save();
  w.beneficiary = beneficiary.id;
  w.save();
}

export function handleERC20Released(event: ERC20Released): void {
  const w = wallet(event);
  if (event.params.token == Address.fromBytes(dataSource.context().getBytes("watt"))) {
    w.released = w.released.plus(event.params.amount);
  }
  w.save();
  recordRelease(event, w, event.params.token, event.params.amount);
}

export function handleEtherReleased(event: EtherReleased): void {
  const w = wallet(event);
  w.save();
  recordRelease(event, w, Address.zero(), event.params.amount);
}

export function handleVotesDelegated(event: VotesDelegated): void {
  const w = wallet(event);
  w.delegatee = event.params.delegatee;
  w.save();
}
