// Compliance: per-asset transfer rules, allowed countries and lock-ups.
import { ethereum } from "@graphprotocol/graph-ts";
import { CountryAllowanceSet, LockUpStarted, RulesUpdated, TokenBound } from "../generated/Compliance/Compliance";
import { ComplianceEvent } from "../generated/schema";
import { account, asset, eventId, position } from "./common";
import * as protocol from "./protocol";

const NAME = "Compliance";

function complianceEvent(event: ethereum.Event, kind: string): ComplianceEvent {
  const e = new ComplianceEvent(eventId(event));
  e.kind = kind;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

export function handleRulesUpdated(event: RulesUpdated): void {
  const rules = event.params.rules;
  const a = asset(event.params.assetId, event.block.timestamp);
  a.restrictCountries = rules.restrictCountries;
  a.allowedClassesMask = rules.allowedClassesMask;
  a.maxHolders = rules.maxHolders;
  a.lockUpPeriod = rules.lockUpPeriod;
  a.maxBalance = rules.maxBalance;
  a.minHolding = rules.minHolding;
  a.updatedAt = event.block.timestamp;
  a.save();
  const e = complianceEvent(event, "RulesUpdated");
  e.asset = a.id;
  e.agent = event.params.officer;
  e.save();
}

export function handleCountryAllowanceSet(event: CountryAllowanceSet): void {
  const country = event.params.country;
  const a = asset(event.params.assetId, event.block.timestamp);
  const countries = a.allowedCountries;
  const at = countries.indexOf(country);
  if (event.params.allowed && at < 0) countries.push(country);
  if (!event.params.allowed && at >= 0) countries.splice(at, 1);
  a.allowedCountries = countries;
  a.save();
  const e = complianceEvent(event, "CountryAllowanceSet");
  e.asset = a.id;
  e.country = country;
  e.allowed = event.params.allowed;
  e.agent = event.transaction.from;
  e.save();
}

export function handleLockUpStarted(event: LockUpStarted): void {
  const p = position(event.params.assetId, event.params.holder, event.block.timestamp);
  p.lockedUntil = event.params.until;
  p.save();
  const e = complianceEvent(event, "LockUpStarted");
  e.asset = event.params.assetId.toString();
  e.account = account(event.params.holder).id;
  e.until = event.params.until;
  e.save();
}

export function handleTokenBound(event: TokenBound): void {
  protocol.onSetting(event, NAME, "TokenBound", event.params.token, []);
}
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
