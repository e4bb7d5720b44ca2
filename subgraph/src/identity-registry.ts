// IdentityRegistry: KYC identities and the wallets linked to them.
import { BigInt, ethereum } from "@graphprotocol/graph-ts";
import { IdentityRegistered, IdentityRevoked, IdentityUpdated, WalletLinked, WalletUnlinked } from "../generated/IdentityRegistry/IdentityRegistry";
import { Identity, IdentityEvent } from "../generated/schema";
import { account, eventId, investorClassName, saveStatistics, statistics, ZERO } from "./common";
import * as protocol from "./protocol";

const NAME = "IdentityRegistry";

function identityEvent(event: ethereum.Event, identityId: BigInt, kind: string): IdentityEvent {
  const e = new IdentityEvent(eventId(event));
  e.identity = identityId.toString();
  e.kind = kind;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

function loadIdentity(id: BigInt, timestamp: BigInt): Identity {
  let i = Identity.load(id.toString());
  if (i == null) {
    i = new Identity(id.toString());
    i.country = 0;
    i.investorClass = "Retail";
    i.expiresAt = ZERO;
    i.revoked = false;
    i.registeredAt = timestamp;
  }
  i.updatedAt = timestamp;
  return i;
}

export function handleIdentityRegistered(event: IdentityRegistered): void {
  const p = event.params;
  const i = loadIdentity(p.identityId, event.block.timestamp);
  i.country = p.country;
  i.investorClass = investorClassName(p.investorClass);
  i.expiresAt = p.expiresAt;
  i.registeredAt = event.block.timestamp;
  i.save();
  const wallet = account(p.wallet);
  wallet.identity = i.id;
  wallet.save();
  const e = identityEvent(event, p.identityId, "Registered");
  e.wallet = p.wallet;
  e.agent = p.agent;
  e.country = i.country;
  e.investorClass = i.investorClass;
  e.expiresAt = i.expiresAt;
  e.save();
  const s = statistics();
  s.identityCount += 1;
  saveStatistics(s, event.block.timestamp);
}

export function handleIdentityUpdated(event: IdentityUpdated): void {
  const p = event.params;
  const i = loadIdentity(p.identityId, event.block.timestamp);
  i.country = p.country;
  i.investorClass = investorClassName(p.investorClass);
  i.expiresAt = p.expiresAt;
  // A later update is a re-verification: it clears a revocation.
  i.revoked = false;
  i.revokedReason = null;
  i.save();
  const e = identityEvent(event, p.identityId, "Updated");
  e.agent = p.agent;
  e.country = i.country;
  e.investorClass = i.investorClass;
  e.expiresAt = i.expiresAt;
  e.save();
}

export function handleIdentityRevoked(event: IdentityRevoked): void {
  const i = loadIdentity(event.params.identityId, event.block.timestamp);
  i.revoked = true;
  i.revokedReason = event.params.reason;
  i.save();
  const e = identityEvent(event, event.params.identityId, "Revoked");
  e.agent = event.params.agent;
  e.reason = event.params.reason;
  e.save();
}

export function handleWalletLinked(event: WalletLinked): void {
  const wallet = account(event.params.wallet);
  wallet.identity = event.params.identityId.toString();
  wallet.save();
  const e = identityEvent(event, event.params.identityId, "WalletLinked");
  e.wallet = event.params.wallet;
  e.agent = event.params.agent;
  e.save();
}

export function handleWalletUnlinked(event: WalletUnlinked): void {
  const wallet = account(event.params.wallet);
  wallet.identity = null;
  wallet.save();
  const e = identityEvent(event, event.params.identityId, "WalletUnlinked");
  e.wallet = event.params.wallet;
  e.agent = event.params.agent;
  e.save();
}

export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
