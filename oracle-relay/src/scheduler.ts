/**
 * Requests production at each period end: for every asset with registered devices, the periods between the
 * oracle's last period end and the last completed period boundary (contiguous, as ProductionOracle requires),
 * through ProductionOracle.requestProduction, at most `maxCatchUp` per asset per tick.
 */
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import { deviceRegistryAbi, productionOracleAbi } from "@cowatt/deployments";

export interface Period {
  start: bigint;
  end: bigint;
}

/** The last boundary at or before `now` of periods of `periodSeconds` aligned to the unix epoch. */
export function lastBoundary(now: bigint, periodSeconds: bigint): bigint {
  if (periodSeconds <= 0n) throw new RangeError("period length must be positive");
  return now - (now % periodSeconds);
}

/**
 * Periods to request now: from `lastEnd` (0 = none yet: the one period ending at the last boundary) up to the
 * last completed boundary, aligned; a first period after an unaligned `lastEnd` ends at the next boundary.
 */
export function periodsDue(lastEnd: bigint, now: bigint, periodSeconds: bigint, maxCatchUp = 12): Period[] {
  const boundary = lastBoundary(now, periodSeconds);
  if (boundary === 0n) return [];
  let start = lastEnd === 0n ? boundary - periodSeconds : lastEnd;
  const periods: Period[] = [];
  while (periods.length < maxCatchUp) {
    const end = lastBoundary(start, periodSeconds) + periodSeconds;
    if (end > boundary) break;
    periods.push({ start, end });
    start = end;
  }
  return periods;
}

export interface SchedulerOptions {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  productionOracle: Address;
  deviceRegistry: Address;
  /** Block the registry was deployed at (where its events start). */
  registryStartBlock?: bigint;
  periodSeconds: number;
  /** Wall clock in milliseconds (tests may pin it). */
  now?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export function createScheduler(options: SchedulerOptions) {
  const { publicClient, walletClient } = options;
  const period = BigInt(options.periodSeconds);
  const log = options.log ?? (() => {});
  let timer: NodeJS.Timeout | undefined;

  /** Assets with at least one registered gateway. */
  async function assetsWithDevices(): Promise<bigint[]> {
    const logs = await publicClient.getContractEvents({
      address: options.deviceRegistry,
      abi: deviceRegistryAbi,
      eventName: "GatewayRegistered",
      fromBlock: options.registryStartBlock ?? 0n,
    });
    return [...new Set(logs.map((l) => (l.args as { assetId: bigint }).assetId))].sort((a, b) => (a < b ? -1 : 1));
  }

  /** Requests every due period of every asset; returns what was requested. */
  async function tick(): Promise<{ assetId: bigint; period: Period; hash: `0x${string}` }[]> {
    // A period is due once it has ended both on the chain (the oracle checks end ≤ block time) and at the
    // meters (readings carry wall-clock time). They agree on a live chain; a development chain whose clock was
    // moved forward (e.g. to run a governance proposal through its delay) must not get periods with no readings yet.
    const chainNow = (await publicClient.getBlock()).timestamp;
    const wallNow = BigInt(Math.floor((options.now?.() ?? Date.now()) / 1000));
    const now = chainNow < wallNow ? chainNow : wallNow;
    const requested = [];
    for (const assetId of await assetsWithDevices()) {
      const lastEnd = await publicClient.readContract({ address: options.productionOracle, abi: productionOracleAbi, functionName: "lastPeriodEnd", args: [assetId] });
      for (const due of periodsDue(BigInt(lastEnd), now, period)) {
        const hash = await walletClient.writeContract({
          address: options.productionOracle,
          abi: productionOracleAbi,
          functionName: "requestProduction",
          args: [assetId, due.start, due.end],
          chain: walletClient.chain,
          account: walletClient.account,
        });
        const receipt = await publicClient.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error(`requestProduction(${assetId}, ${due.start}, ${due.end}) reverted`);
        log("production requested", { assetId: assetId.toString(), start: due.start.toString(), end: due.end.toString(), hash });
        requested.push({ assetId, period: due, hash });
      }
    }
    return requested;
  }

  return {
    tick,
    /** Ticks every `intervalMs` (default a tenth of the period, at most 30 s). */
    start(intervalMs = Math.min(30_000, options.periodSeconds * 100)) {
      const run = () => void tick().catch((error: Error) => log("scheduler tick failed", { error: error.message }));
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
