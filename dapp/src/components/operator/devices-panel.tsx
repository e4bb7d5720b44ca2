"use client";
import { TxStatus } from "../tx-status";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { deviceRegistryAbi } from "@cowatt/deployments/abis";
import { isAddress, keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import { formatPower, shortAddress } from "@/lib/format";
import { contractAddress } from "@/lib/runtime-config";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { ErrorState } from "../states";
import { describedBy, FieldError } from "./form-ui";

const DEVICE_STATUS = ["None", "Pending", "Active", "Suspended", "Retired"] as const;

interface Device {
  kind: "gateway" | "meter";
  key: Address | Hex;
  gateway: Address;
  maxPowerW?: number;
  status: (typeof DEVICE_STATUS)[number];
}

/** Gateways and meters of one asset, from DeviceRegistry's events and current views. */
async function readDevices(client: PublicClient, registry: Address, fromBlock: bigint, assetId: bigint): Promise<Device[]> {
  const [gateways, meters] = await Promise.all([
    client.getContractEvents({ address: registry, abi: deviceRegistryAbi, eventName: "GatewayRegistered", args: { assetId }, fromBlock, strict: true }),
    client.getContractEvents({ address: registry, abi: deviceRegistryAbi, eventName: "MeterRegistered", args: { assetId }, fromBlock, strict: true }),
  ]);
  const devices: Device[] = [];
  for (const event of gateways) {
    const state = await client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: "gateway", args: [event.args.gateway] });
    devices.push({ kind: "gateway", key: event.args.gateway, gateway: event.args.gateway, status: DEVICE_STATUS[state.status]! });
  }
  for (const event of meters) {
    const state = await client.readContract({ address: registry, abi: deviceRegistryAbi, functionName: "meter", args: [event.args.meterId] });
    devices.push({ kind: "meter", key: event.args.meterId, gateway: state.gateway, maxPowerW: state.maxPowerW, status: DEVICE_STATUS[state.status]! });
  }
  return devices;
}

/**
 * An asset's devices. The operator registers gateways and meters (Pending); a verifier approves, suspends or
 * resumes them with a reason (mode "verifier").
 */
export function DevicesPanel({ assetId, mode }: { assetId: bigint; mode: "operator" | "verifier" }) {
  const config = useRuntimeConfig();
  const client = usePublicClient() as PublicClient | undefined;
  const registry = contractAddress(config, "DeviceRegistry");
  const fromBlock = BigInt(config.contracts.DeviceRegistry?.startBlock ?? 0);
  const devices = useQuery({
    queryKey: ["devices", registry, assetId.toString()],
    queryFn: () => readDevices(client!, registry, fromBlock, assetId),
    enabled: !!client,
  });
  const { status, write, reset } = useWriteWithStatus();
  const [gateway, setGateway] = useState("");
  const [serial, setSerial] = useState("");
  const [maxPowerKW, setMaxPowerKW] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = `devices-${assetId}`;

  async function registerGateway() {
    if (!isAddress(gateway.trim())) return setErrors({ gateway: "Enter the gateway's signing address (0x…)." });
    setErrors({});
    await write({ address: registry, abi: deviceRegistryAbi, functionName: "registerGateway", args: [assetId, gateway.trim() as Address] });
  }
  async function registerMeter() {
    const problems: Record<string, string> = {};
    if (!isAddress(gateway.trim())) problems.gateway = "Enter the address of the gateway that signs this meter's readings.";
    if (!serial.trim()) problems.serial = "Enter the meter's serial number.";
    const limit = Number(maxPowerKW);
    if (!/^\d+(\.\d{1,3})?$/.test(maxPowerKW.trim()) || limit <= 0 || limit * 1000 > 4_294_967_295) problems.maxPower = "Enter the meter's power limit in kW (more than 0).";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await write({
      address: registry, abi: deviceRegistryAbi, functionName: "registerMeter",
      args: [assetId, keccak256(toHex(serial.trim())), gateway.trim() as Address, Math.round(limit * 1000)],
    });
  }
  async function act(device: Device, action: "approve" | "suspend" | "resume") {
    if (action !== "approve" && !reason.trim()) return setErrors({ reason: "Give the reason recorded with the change." });
    setErrors({});
    const base = { address: registry, abi: deviceRegistryAbi } as const;
    if (device.kind === "gateway") {
      const gatewayAddress = device.key as Address;
      if (action === "approve") await write({ ...base, functionName: "approveGateway", args: [gatewayAddress] });
      else await write({ ...base, functionName: action === "suspend" ? "suspendGateway" : "resumeGateway", args: [gatewayAddress, reason.trim()] });
    } else {
      const meterId = device.key as Hex;
      if (action === "approve") await write({ ...base, functionName: "approveMeter", args: [meterId] });
      else await write({ ...base, functionName: action === "suspend" ? "suspendMeter" : "resumeMeter", args: [meterId, reason.trim()] });
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {devices.error ? <ErrorState title="Devices could not be read" message={devices.error.message} onRetry={() => void devices.refetch()} /> : (
        <ul className="flex flex-col gap-2" aria-busy={devices.isPending}>
          {devices.isPending && <li className="muted text-sm">Loading devices…</li>}
          {devices.data?.length === 0 && <li className="muted text-sm">No devices registered for this asset.</li>}
          {devices.data?.map((device) => (
            <li key={device.key} className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-stone-200 p-3 text-sm dark:border-stone-800" data-testid="device-row">
              <span>
                <span className="font-medium capitalize">{device.kind}</span> <span className="font-mono">{shortAddress(device.key)}</span>
                {device.kind === "meter" && <span className="muted"> · via {shortAddress(device.gateway)} · limit {formatPower(device.maxPowerW ?? 0)}</span>}
              </span>
              <span className="flex flex-wrap items-center gap-2">
                <span className="rounded-full bg-stone-100 px-2 py-0.5 text-xs dark:bg-stone-800" data-testid="device-status">{device.status}</span>
                {mode === "verifier" && device.status === "Pending" && <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void act(device, "approve")}>Approve</button>}
                {mode === "verifier" && device.status === "Active" && <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void act(device, "suspend")}>Suspend</button>}
                {mode === "verifier" && device.status === "Suspended" && <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void act(device, "resume")}>Resume</button>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mode === "verifier" ? (
        <div>
          <label className="label" htmlFor={`${id}-reason`}>Reason for a suspension or resumption</label>
          <input id={`${id}-reason`} className="field" value={reason} onChange={(event) => setReason(event.target.value)} {...describedBy(`${id}-reason`, errors.reason)} />
          <FieldError id={`${id}-reason-error`} message={errors.reason} />
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-3">
          <div>
            <label className="label" htmlFor={`${id}-gateway`}>Gateway address</label>
            <input id={`${id}-gateway`} className="field font-mono" value={gateway} placeholder="0x…" onChange={(event) => setGateway(event.target.value)} {...describedBy(`${id}-gateway`, errors.gateway)} />
            <FieldError id={`${id}-gateway-error`} message={errors.gateway} />
          </div>
          <div>
            <label className="label" htmlFor={`${id}-serial`}>Meter serial</label>
            <input id={`${id}-serial`} className="field" value={serial} onChange={(event) => setSerial(event.target.value)} {...describedBy(`${id}-serial`, errors.serial)} />
            <FieldError id={`${id}-serial-error`} message={errors.serial} />
          </div>
          <div>
            <label className="label" htmlFor={`${id}-power`}>Meter limit (kW)</label>
            <input id={`${id}-power`} className="field" inputMode="decimal" value={maxPowerKW} onChange={(event) => setMaxPowerKW(event.target.value)} {...describedBy(`${id}-power`, errors.maxPower)} />
            <FieldError id={`${id}-power-error`} message={errors.maxPower} />
          </div>
          <div className="flex flex-wrap gap-3 sm:col-span-3">
            <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void registerGateway()}>Register gateway</button>
            <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void registerMeter()}>Register meter</button>
          </div>
        </div>
      )}
      <TxStatus status={status} onDismiss={reset} />
    </div>
  );
}
