// Administrative events every contract emits (roles, upgrades, initialisation, pauses, fees, treasuries).
// Handlers take the plain ethereum.Event and read parameters by position, so each data source re-uses them.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { ContractConfig, ProtocolEvent, RoleMember } from "../generated/schema";
import { eventId } from "./common";

export function protocolEvent(event: ethereum.Event, contractName: string, kind: string): ProtocolEvent {
  const e = new ProtocolEvent(eventId(event));
  e.contract = event.address;
  e.contractName = contractName;
  e.kind = kind;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

export function config(event: ethereum.Event, contractName: string): ContractConfig {
  let c = ContractConfig.load(event.address);
  if (c == null) {
    c = new ContractConfig(event.address);
    c.name = contractName;
    c.paused = false;
  }
  return c;
}

function param(event: ethereum.Event, index: i32): ethereum.Value {
  return event.parameters[index].value;
}

export function onInitialized(event: ethereum.Event, contractName: string): void {
  const e = protocolEvent(event, contractName, "Initialized");
  e.value = param(event, 0).toBigInt();
  e.save();
  config(event, contractName).save();
}

export function onUpgraded(event: ethereum.Event, contractName: string): void {
  const implementation = param(event, 0).toAddress();
  const e = protocolEvent(event, contractName, "Upgraded");
  e.address = implementation;
  e.save();
  const c = config(event, contractName);
  c.implementation = implementation;
  c.save();
}

export function onRoleAdminChanged(event: ethereum.Event, contractName: string): void {
  const e = protocolEvent(event, contractName, "RoleAdminChanged");
  e.role = param(event, 0).toBytes();
  e.account = param(event, 2).toBytes(); // the new admin role
  e.address = param(event, 1).toBytes(); // the previous admin role
  e.save();
}

function roleChange(event: ethereum.Event, contractName: string, granted: boolean): void {
  const role = param(event, 0).toBytes();
  const member = param(event, 1).toAddress();
  const e = protocolEvent(event, contractName, granted ? "RoleGranted" : "RoleRevoked");
  e.role = role;
  e.account = member;
  e.sender = param(event, 2).toAddress();
  e.save();
  const id = event.address.concat(role).concat(member);
  let m = RoleMember.load(id);
  if (m == null) {
    m = new RoleMember(id);
    m.contract = event.address;
    m.role = role;
    m.account = member;
  }
  m.active = granted;
  m.save();
}

export function onRoleGranted(event: ethereum.Event, contractName: string): void { roleChange(event, contractName, true); }
export function onRoleRevoked(event: ethereum.Event, contractName: string): void { roleChange(event, contractName, false); }

export function onPauseChange(event: ethereum.Event, contractName: string, paused: boolean): void {
  const e = protocolEvent(event, contractName, paused ? "Paused" : "Unpaused");
  e.account = param(event, 0).toAddress();
  e.save();
  const c = config(event, contractName);
  c.paused = paused;
  c.save();
}

export function onFeeSet(event: ethereum.Event, contractName: string, feeBps: i32): void {
  const e = protocolEvent(event, contractName, "FeeSet");
  e.value = BigInt.fromI32(feeBps);
  e.save();
  const c = config(event, contractName);
  c.feeBps = feeBps;
  c.save();
}

export function onTreasurySet(event: ethereum.Event, contractName: string, treasury: Address): void {
  const e = protocolEvent(event, contractName, "TreasurySet");
  e.address = treasury;
  e.save();
  const c = config(event, contractName);
  c.treasury = treasury;
  c.save();
}

export function onTokensRecovered(event: ethereum.Event, contractName: string): void {
  const e = protocolEvent(event, contractName, "UnaccountedTokensRecovered");
  e.address = param(event, 0).toAddress();
  e.account = param(event, 1).toAddress();
  e.value = param(event, 2).toBigInt();
  e.save();
}

/** An event recorded as is: one address and/or up to three numbers. */
export function onSetting(event: ethereum.Event, contractName: string, kind: string, address: Bytes | null, values: BigInt[]): void {
  const e = protocolEvent(event, contractName, kind);
  e.address = address;
  if (values.length > 0) e.value = values[0];
  if (values.length > 1) e.secondValue = values[1];
  if (values.length > 2) e.thirdValue = values[2];
  e.save();
}
