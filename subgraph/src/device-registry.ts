// DeviceRegistry: gateways (signing keys) and meters per asset, their status machine and meter power limits.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import {
  EIP712DomainChanged, GatewayRegistered, GatewayStatusChanged, MeterLimitChanged, MeterRegistered, MeterStatusChanged,
} from "../generated/DeviceRegistry/DeviceRegistry";
import { Device, DeviceEvent } from "../generated/schema";
import { account, asset, eventId, saveStatistics, statistics } from "./common";
import * as protocol from "./protocol";

const NAME = "DeviceRegistry";
const DEVICE_STATUS: string[] = ["None", "Pending", "Active", "Suspended", "Retired"];
const ACTIVE: i32 = 2;

function statusName(i: i32): string {
  if (i < 0 || i >= DEVICE_STATUS.length) throw new Error("unknown device status " + i.toString());
  return DEVICE_STATUS[i];
}

function history(event: ethereum.Event, device: Device, kind: string, actor: Address): DeviceEvent {
  const e = new DeviceEvent(eventId(event));
  e.device = device.id;
  e.asset = device.asset;
  e.kind = kind;
  e.actor = actor;
  e.blockNumber = event.block.number;
  e.timestamp = event.block.timestamp;
  e.transactionHash = event.transaction.hash;
  return e;
}

function register(event: ethereum.Event, id: Bytes, kind: string, assetId: BigInt, signingKey: Address, operator: Address): Device {
  const d = new Device(id);
  d.kind = kind;
  d.asset = asset(assetId, event.block.timestamp).id;
  d.signingKey = signingKey;
  d.status = "None"; // the StatusChanged None -> Pending logged right after makes it Pending
  d.registeredBy = account(operator).id;
  d.registeredAt = event.block.timestamp;
  d.updatedAt = event.block.timestamp;
  return d;
}

export function handleGatewayRegistered(event: GatewayRegistered): void {
  const p = event.params;
  const d = register(event, p.gateway, "Gateway", p.assetId, p.gateway, p.operator);
  d.save();
  history(event, d, "Registered", p.operator).save();
  const s = statistics();
  s.gatewayCount += 1;
  saveStatistics(s, event.block.timestamp);
}

export function handleMeterRegistered(event: MeterRegistered): void {
  const p = event.params;
  const d = register(event, p.meterId, "Meter", p.assetId, p.gateway, p.operator);
  d.gateway = p.gateway;
  d.maxPowerW = p.maxPowerW;
  d.save();
  const e = history(event, d, "Registered", p.operator);
  e.maxPowerW = d.maxPowerW;
  e.save();
  const s = statistics();
  s.meterCount += 1;
  saveStatistics(s, event.block.timestamp);
}

/** A status transition: the device, its history, and the asset's and platform's Active-device counts. */
function changeStatus(event: ethereum.Event, id: Bytes, assetId: BigInt, previous: i32, next: i32, reason: string, actor: Address): void {
  const d = Device.load(id);
  if (d == null) throw new Error("status change of an unregistered device " + id.toHexString());
  d.status = statusName(next);
  d.statusReason = reason.length > 0 ? reason : null;
  d.updatedAt = event.block.timestamp;
  d.save();
  const e = history(event, d, "StatusChanged", actor);
  e.previousStatus = statusName(previous);
  e.newStatus = d.status;
  e.reason = d.statusReason;
  e.save();
  const step: i32 = (next == ACTIVE ? 1 : 0) - (previous == ACTIVE ? 1 : 0);
  if (step == 0) return;
  const a = asset(assetId, event.block.timestamp);
  a.activeDeviceCount += step;
  a.save();
  const s = statistics();
  s.activeDeviceCount += step;
  saveStatistics(s, event.block.timestamp);
}

export function handleGatewayStatusChanged(event: GatewayStatusChanged): void {
  const p = event.params;
  changeStatus(event, p.gateway, p.assetId, p.previous, p.next, p.reason, p.actor);
}

export function handleMeterStatusChanged(event: MeterStatusChanged): void {
  const p = event.params;
  changeStatus(event, p.meterId, p.assetId, p.previous, p.next, p.reason, p.actor);
}

export function handleMeterLimitChanged(event: MeterLimitChanged): void {
  const p = event.params;
  const d = Device.load(p.meterId);
  if (d == null) throw new Error("limit change of an unregistered meter " + p.meterId.toHexString());
  d.maxPowerW = p.maxPowerW;
  d.updatedAt = event.block.timestamp;
  d.save();
  const e = history(event, d, "LimitChanged", p.actor);
  e.maxPowerW = d.maxPowerW;
  e.save();
}

export function handleEIP712DomainChanged(event: EIP712DomainChanged): void { protocol.protocolEvent(event, NAME, "EIP712DomainChanged").save(); }
export function handleInitialized(event: ethereum.Event): void { protocol.onInitialized(event, NAME); }
export function handleUpgraded(event: ethereum.Event): void { protocol.onUpgraded(event, NAME); }
export function handleRoleAdminChanged(event: ethereum.Event): void { protocol.onRoleAdminChanged(event, NAME); }
export function handleRoleGranted(event: ethereum.Event): void { protocol.onRoleGranted(event, NAME); }
export function handleRoleRevoked(event: ethereum.Event): void { protocol.onRoleRevoked(event, NAME); }
