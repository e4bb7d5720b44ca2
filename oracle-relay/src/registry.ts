/**
 * Cache of the on-chain DeviceRegistry: devices are read on first use and dropped when a registry event names
 * them (the event poll runs every `pollIntervalMs`), so a suspension takes effect within one poll.
 */
import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import { deviceRegistryAbi } from "@cowatt/deployments";

export const DeviceStatus = { None: 0, Pending: 1, Active: 2, Suspended: 3, Retired: 4 } as const;

export interface GatewayInfo {
  assetId: bigint;
  status: number;
}
export interface MeterInfo {
  assetId: bigint;
  gateway: Address;
  maxPowerW: number;
  status: number;
}

export interface RegistryCache {
  readonly address: Address;
  gateway(address: Address): Promise<GatewayInfo>;
  meter(meterId: Hex): Promise<MeterInfo>;
  /** Applies registry events since the last call (also run on a timer by start()). */
  refresh(): Promise<void>;
  start(pollIntervalMs: number): void;
  stop(): void;
}

export function createRegistryCache(client: PublicClient, address: Address): RegistryCache {
  const gateways = new Map<Address, Promise<GatewayInfo>>();
  const meters = new Map<Hex, Promise<MeterInfo>>();
  let fromBlock: bigint | undefined;
  let timer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> | undefined;

  const readGateway = (gateway: Address) =>
    client.readContract({ address, abi: deviceRegistryAbi, functionName: "gateway", args: [gateway] }).then((g) => ({
      assetId: g.assetId,
      status: Number(g.status),
    }));
  const readMeter = (meterId: Hex) =>
    client.readContract({ address, abi: deviceRegistryAbi, functionName: "meter", args: [meterId] }).then((m) => ({
      assetId: m.assetId,
      gateway: getAddress(m.gateway),
      maxPowerW: Number(m.maxPowerW),
      status: Number(m.status),
    }));

  const cached = <K, V>(map: Map<K, Promise<V>>, key: K, load: (key: K) => Promise<V>) => {
    let entry = map.get(key);
    if (!entry) {
      entry = load(key);
      map.set(key, entry);
      entry.catch(() => map.delete(key)); // a failed read is retried next time
    }
    return entry;
  };

  async function applyEvents() {
    const latest = await client.getBlockNumber();
    if (fromBlock === undefined) {
      // Entries read before the first poll are as fresh as `latest`.
      fromBlock = latest + 1n;
      return;
    }
    if (latest < fromBlock) return;
    const logs = await client.getContractEvents({ address, abi: deviceRegistryAbi, fromBlock, toBlock: latest });
    for (const log of logs) {
      const args = (log as unknown as { args: { gateway?: Address; meterId?: Hex } }).args;
      if (args.gateway) gateways.delete(getAddress(args.gateway));
      if (args.meterId) meters.delete(args.meterId.toLowerCase() as Hex);
    }
    fromBlock = latest + 1n;
  }

  return {
    address,
    gateway: (gateway) => cached(gateways, getAddress(gateway), readGateway),
    meter: (meterId) => cached(meters, meterId.toLowerCase() as Hex, readMeter),
    refresh() {
      refreshing ??= applyEvents().finally(() => (refreshing = undefined));
      return refreshing;
    },
    start(pollIntervalMs) {
      void this.refresh().catch(() => {});
      timer = setInterval(() => void this.refresh().catch(() => {}), pollIntervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
