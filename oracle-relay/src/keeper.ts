/**
 * Production keeper: the last leg after the DON. For every asset with registered devices and every period of
 * the oracle, it finalizes Proposed periods whose dispute window has passed (ProductionOracle.finalizePeriod),
 * issues their certificates (EnergyCertificate.issue: Final periods only, once each) and, when it holds the
 * asset operator's key, settles them on the oracle-fed RevenueSettlement (operator only; approves the
 * stablecoin for it first, and in development refreshes a stale MockEnergyPriceFeed if it holds the updater key).
 * State is read back from the chain, so it is idempotent and restart-safe; a failed step is logged with its
 * decoded custom error and retried on the next tick. A pass costs O(new and open periods), not O(history): the
 * keeper keeps, per asset, how many periods it has seen and which of them are still open (not yet Final,
 * certified and, where it can settle, settled), and scans DeviceRegistry's GatewayRegistered events from the
 * last block it scanned. A complete period is never read again; a restarted keeper reads every period once.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  erc20Abi,
  maxUint256,
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import {
  deviceRegistryAbi,
  energyAssetAbi,
  energyCertificateAbi,
  mockEnergyPriceFeedAbi,
  productionOracleAbi,
  revenueSettlementAbi,
} from "@cowatt/deployments";

/** IProductionOracle.PeriodStatus. */
export const PeriodStatus = { None: 0, Requested: 1, Proposed: 2, Challenged: 3, Failed: 4, Final: 5 } as const;

export interface PeriodState {
  status: number;
  disputeDeadline: bigint;
  certificateIssued: boolean;
  /** undefined when the keeper cannot settle this asset (no settlement contract or no operator key). */
  settled: boolean | undefined;
}

export type KeeperAction = "finalize" | "issue" | "settle";

/**
 * What to do now for one period, in order. Finalizing is needed only to record Final (the oracle already
 * reports a Proposed period past its window as final, so issue and settle may follow in the same tick).
 */
export function keeperActions(state: PeriodState, now: bigint): KeeperAction[] {
  const windowPassed = state.status === PeriodStatus.Proposed && now >= state.disputeDeadline;
  if (!isFinal(state, now)) return [];
  const actions: KeeperAction[] = [];
  if (windowPassed) actions.push("finalize");
  if (!state.certificateIssued) actions.push("issue");
  if (state.settled === false) actions.push("settle");
  return actions;
}

/** Final on chain, or Proposed past its dispute window (nothing can change its result any more). */
export function isFinal(state: PeriodState, now: bigint): boolean {
  return state.status === PeriodStatus.Final || (state.status === PeriodStatus.Proposed && now >= state.disputeDeadline);
}

/** A readable reason for a failed call: the custom error's name and arguments when the ABI knows it. */
export function describeError(error: unknown): string {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
      const args = (reverted.data.args ?? []).map((a) => String(a)).join(", ");
      return `${reverted.data.errorName}(${args})`;
    }
    return error.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

type Wallet = WalletClient<Transport, Chain | undefined, Account>;

export interface KeeperOptions {
  publicClient: PublicClient;
  /** Sends finalize and issue (anyone may). */
  walletClient: Wallet;
  productionOracle: Address;
  energyCertificate: Address;
  energyAsset: Address;
  deviceRegistry: Address;
  registryStartBlock?: bigint;
  /** The oracle-fed RevenueSettlement; without it nothing is settled. */
  revenueSettlement?: Address;
  /** Wallets of asset operators the keeper settles for (by operator address, any case). */
  operatorWallets?: Wallet[];
  /** Development: the MockEnergyPriceFeed updater, to refresh a stale answer before settling. */
  priceFeedWallet?: Wallet;
  intervalMs?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface KeeperStep {
  assetId: bigint;
  periodId: bigint;
  action: KeeperAction;
  ok: boolean;
  error?: string;
}

export function createKeeper(options: KeeperOptions) {
  const { publicClient, walletClient } = options;
  const log = options.log ?? (() => {});
  const operators = new Map((options.operatorWallets ?? []).map((w) => [w.account.address.toLowerCase(), w]));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<KeeperStep[]> | undefined;
  // Assets with a registered gateway, from the registry's events up to `scannedThrough`.
  const assets = new Set<bigint>();
  let scannedThrough: bigint | undefined;
  // Per asset: periods 1..seen have been read; `open` are those of them the keeper still has work on.
  const cursors = new Map<bigint, { seen: bigint; open: Set<bigint> }>();

  async function assetsWithDevices(latestBlock: bigint): Promise<bigint[]> {
    const fromBlock = scannedThrough === undefined ? (options.registryStartBlock ?? 0n) : scannedThrough + 1n;
    if (fromBlock <= latestBlock) {
      const logs = await publicClient.getContractEvents({
        address: options.deviceRegistry,
        abi: deviceRegistryAbi,
        eventName: "GatewayRegistered",
        fromBlock,
        toBlock: latestBlock,
      });
      for (const l of logs) assets.add((l.args as { assetId: bigint }).assetId);
      scannedThrough = latestBlock;
    }
    return [...assets].sort((a, b) => (a < b ? -1 : 1));
  }

  async function send(wallet: Wallet, request: Parameters<Wallet["writeContract"]>[0]) {
    // Simulate first: a revert surfaces as a decodable custom error instead of a mined failure.
    await publicClient.simulateContract({ ...(request as object), account: wallet.account } as never);
    const hash = await wallet.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return hash;
  }

  async function refreshPrice(): Promise<void> {
    const settlement = options.revenueSettlement!;
    const wallet = options.priceFeedWallet;
    if (!wallet) return;
    const feed = (await publicClient.readContract({ address: settlement, abi: revenueSettlementAbi, functionName: "priceFeedOf", args: [0n] })) as Address;
    const [, , maxAge] = await publicClient.readContract({ address: settlement, abi: revenueSettlementAbi, functionName: "priceBounds" });
    const [, answer, , updatedAt] = await publicClient.readContract({ address: feed, abi: mockEnergyPriceFeedAbi, functionName: "latestRoundData" });
    const now = (await publicClient.getBlock()).timestamp;
    // Refresh at half its age limit so a settlement a few blocks later still reads a fresh answer.
    if (updatedAt + BigInt(maxAge) / 2n >= now) return;
    await send(wallet, { address: feed, abi: mockEnergyPriceFeedAbi, functionName: "pushAnswer", args: [answer], chain: wallet.chain } as never);
    log("price feed refreshed", { feed, answer: answer.toString() });
  }

  async function settle(assetId: bigint, periodId: bigint, operator: Wallet): Promise<void> {
    const settlement = options.revenueSettlement!;
    await refreshPrice();
    const quote = await publicClient.readContract({ address: settlement, abi: revenueSettlementAbi, functionName: "quote", args: [assetId, periodId] });
    const token = (await publicClient.readContract({ address: settlement, abi: revenueSettlementAbi, functionName: "paymentToken" })) as Address;
    const due = quote.platformFee + quote.net;
    const allowance = await publicClient.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [operator.account.address, settlement] });
    if (allowance < due) {
      await send(operator, { address: token, abi: erc20Abi, functionName: "approve", args: [settlement, maxUint256], chain: operator.chain } as never);
    }
    await send(operator, { address: settlement, abi: revenueSettlementAbi, functionName: "settle", args: [assetId, periodId], chain: operator.chain } as never);
    log("period settled", { assetId: assetId.toString(), periodId: periodId.toString(), net: quote.net.toString(), fee: quote.platformFee.toString() });
  }

  async function runTick(): Promise<KeeperStep[]> {
    const steps: KeeperStep[] = [];
    const block = await publicClient.getBlock();
    const now = block.timestamp;
    for (const assetId of await assetsWithDevices(block.number)) {
      const count = await publicClient.readContract({ address: options.productionOracle, abi: productionOracleAbi, functionName: "periodCount", args: [assetId] });
      let cursor = cursors.get(assetId);
      if (!cursor) cursors.set(assetId, (cursor = { seen: 0n, open: new Set() }));
      for (let periodId = cursor.seen + 1n; periodId <= count; periodId++) cursor.open.add(periodId);
      cursor.seen = count;
      if (cursor.open.size === 0) continue;
      const operatorAddress = (await publicClient.readContract({ address: options.energyAsset, abi: energyAssetAbi, functionName: "asset", args: [assetId] })).operator as Address;
      const operator = options.revenueSettlement ? operators.get(operatorAddress.toLowerCase()) : undefined;
      for (const periodId of [...cursor.open].sort((a, b) => (a < b ? -1 : 1))) {
        const record = await publicClient.readContract({ address: options.productionOracle, abi: productionOracleAbi, functionName: "periodRecord", args: [assetId, periodId] });
        const certId = await publicClient.readContract({ address: options.energyCertificate, abi: energyCertificateAbi, functionName: "certificateId", args: [assetId, periodId] });
        const certificate = await publicClient.readContract({ address: options.energyCertificate, abi: energyCertificateAbi, functionName: "certificate", args: [certId] }).catch(() => undefined);
        const settled = operator
          ? await publicClient.readContract({ address: options.revenueSettlement!, abi: revenueSettlementAbi, functionName: "isSettled", args: [assetId, periodId] })
          : undefined;
        const state: PeriodState = { status: Number(record.status), disputeDeadline: BigInt(record.disputeDeadline), certificateIssued: certificate?.issued ?? false, settled };
        let failed = false;
        for (const action of keeperActions(state, now)) {
          const fields = { assetId: assetId.toString(), periodId: periodId.toString(), action };
          try {
            if (action === "finalize") {
              await send(walletClient, { address: options.productionOracle, abi: productionOracleAbi, functionName: "finalizePeriod", args: [assetId, periodId], chain: walletClient.chain } as never);
              log("period finalized", { ...fields, energyWh: record.energyWh.toString() });
            } else if (action === "issue") {
              await send(walletClient, { address: options.energyCertificate, abi: energyCertificateAbi, functionName: "issue", args: [assetId, periodId], chain: walletClient.chain } as never);
              log("certificates issued", fields);
            } else {
              await settle(assetId, periodId, operator!);
            }
            steps.push({ assetId, periodId, action, ok: true });
          } catch (error) {
            const reason = describeError(error);
            log("keeper step failed; retried next tick", { ...fields, error: reason });
            steps.push({ assetId, periodId, action, ok: false, error: reason });
            failed = true;
            break; // later steps of this period depend on this one
          }
        }
        // Final and every step done: nothing can be left for this period (settled undefined: not ours to settle).
        if (!failed && isFinal(state, now)) cursor.open.delete(periodId);
      }
    }
    return steps;
  }

  /** One pass; concurrent calls share the pass in progress. */
  function tick(): Promise<KeeperStep[]> {
    running ??= runTick().finally(() => (running = undefined));
    return running;
  }

  return {
    tick,
    /** The periods of an asset the keeper still has work on, and how many it has seen (for logs and tests). */
    progress(assetId: bigint) {
      const cursor = cursors.get(assetId);
      return { seen: cursor?.seen ?? 0n, open: [...(cursor?.open ?? [])].sort((a, b) => (a < b ? -1 : 1)) };
    },
    start() {
      const interval = options.intervalMs ?? 15_000;
      const loop = () => {
        tick()
          .catch((error) => log("keeper tick failed", { error: describeError(error) }))
          .finally(() => { if (timer) timer = setTimeout(loop, interval); });
      };
      timer = setTimeout(loop, 0);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
