/**
 * A local Chainlink Functions DON: watches the coordinator's OracleRequest events, runs each request's source
 * like the DON (execute.ts), and fulfils through the coordinator's real OCR2 `transmit` with a report signed by
 * the simulated nodes configured in the coordinator, so the router calls the consumer's handleOracleFulfillment.
 */
import { functionsCoordinatorAbi, functionsRouterAbi } from "@cowatt/deployments";
import {
  decodeEventLog,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { decodeRequestData, executeRequest, type ExecutionResult, type FunctionsRequestData } from "./execute.ts";
import { encodeReport, reportContext, requiredSignatures, signReport, type Commitment } from "./report.ts";

/** FunctionsResponse.FulfillResult, as the router reports it in RequestProcessed. */
export const FULFILL_RESULT = [
  "FULFILLED",
  "USER_CALLBACK_ERROR",
  "INVALID_REQUEST_ID",
  "COST_EXCEEDS_COMMITMENT",
  "INSUFFICIENT_GAS_PROVIDED",
  "SUBSCRIPTION_BALANCE_INVARIANT_VIOLATION",
  "INVALID_COMMITMENT",
] as const;
export type FulfillResultName = (typeof FULFILL_RESULT)[number];

export interface OracleRequest {
  requestId: Hex;
  requestingContract: Address;
  subscriptionId: bigint;
  data: Hex;
  commitment: Commitment;
  blockNumber: bigint;
}

export interface FulfilmentOutcome {
  requestId: Hex;
  transactionHash: Hash;
  gasUsed: bigint;
  /** The router's verdict; undefined when the report was rejected before reaching it. */
  result?: FulfillResultName;
  response?: Hex;
  error?: string;
  /** The consumer callback's revert data when result is USER_CALLBACK_ERROR. */
  callbackReturnData?: Hex;
}

export interface DonSimulatorOptions {
  publicClient: PublicClient;
  /** A wallet whose account is one of the coordinator's transmitters. */
  transmitter: WalletClient<Transport, Chain | undefined, Account>;
  coordinator: Address;
  /** OCR signing keys of the simulated nodes (the coordinator's configured signers). */
  signerKeys: readonly Hex[];
  f: number;
  /** Executions of the source per request (the DON's nodes); default 4. */
  executions?: number;
  /** Replaces the JavaScript execution (e.g. to fulfil with given bytes); default runs the source in Deno. */
  execute?: (request: FunctionsRequestData, event: OracleRequest) => Promise<Pick<ExecutionResult, "response" | "error">>;
  /** First block to watch; default the current block. */
  fromBlock?: bigint;
  /** Gas of each transmit (the router needs the callback gas plus its overhead); default 5,000,000. */
  transmitGas?: bigint;
  /** Transmit attempts per request before it is dropped; default 3. */
  maxAttempts?: number;
  /** Tip of each transmit; default 0. */
  maxPriorityFeePerGas?: bigint;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export function createDonSimulator(options: DonSimulatorOptions) {
  const { publicClient, transmitter, coordinator } = options;
  const log = options.log ?? (() => {});
  const handled = new Set<Hex>();
  const queue: { request: OracleRequest; attempts: number }[] = [];
  let nextBlock = options.fromBlock;
  let epoch = 1;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  /** New OracleRequest events since the last poll. */
  async function newRequests(): Promise<OracleRequest[]> {
    const latest = await publicClient.getBlockNumber();
    const fromBlock = nextBlock ?? latest;
    if (fromBlock > latest) return [];
    const logs = await publicClient.getContractEvents({
      address: coordinator,
      abi: functionsCoordinatorAbi,
      eventName: "OracleRequest",
      fromBlock,
      toBlock: latest,
    });
    nextBlock = latest + 1n;
    return logs.map((entry) => ({
      requestId: entry.args.requestId!,
      requestingContract: entry.args.requestingContract!,
      subscriptionId: entry.args.subscriptionId!,
      data: entry.args.data!,
      commitment: entry.args.commitment! as Commitment,
      blockNumber: entry.blockNumber,
    }));
  }

  /** Signs and transmits one fulfilment; reads the router's verdict from the receipt. */
  async function transmit(request: OracleRequest, result: { response?: Hex; error?: string }): Promise<FulfilmentOutcome> {
    const [, , configDigest] = await publicClient.readContract({
      address: coordinator,
      abi: functionsCoordinatorAbi,
      functionName: "latestConfigDetails",
    });
    const report = encodeReport([{ requestId: request.requestId, commitment: request.commitment, ...result }]);
    const context = reportContext(configDigest, epoch++);
    const signerCount = requiredSignatures(options.signerKeys.length, options.f);
    const { rs, ss, rawVs } = await signReport(report, context, options.signerKeys.slice(0, signerCount));
    const hash = await transmitter.writeContract({
      address: coordinator,
      abi: functionsCoordinatorAbi,
      functionName: "transmit",
      args: [context, report, rs, ss, rawVs],
      gas: options.transmitGas ?? 5_000_000n,
      // The router refuses a fulfilment costing more than the request's commitment, which was estimated at the
      // requester's gas price: transmit at the base fee (no tip), as a DON transmits within its estimate.
      maxPriorityFeePerGas: options.maxPriorityFeePerGas ?? 0n,
      chain: transmitter.chain,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transmit ${hash} for ${request.requestId} reverted`);
    const outcome: FulfilmentOutcome = { requestId: request.requestId, transactionHash: hash, gasUsed: receipt.gasUsed, ...result };
    for (const entry of receipt.logs) {
      try {
        const event = decodeEventLog({ abi: functionsRouterAbi, data: entry.data, topics: entry.topics });
        if (event.eventName === "RequestProcessed" && event.args.requestId === request.requestId) {
          outcome.result = FULFILL_RESULT[event.args.resultCode];
          outcome.callbackReturnData = event.args.callbackReturnData;
        } else if (event.eventName === "RequestNotProcessed" && event.args.requestId === request.requestId) {
          outcome.result = FULFILL_RESULT[event.args.resultCode];
        }
      } catch {
        // not a router event
      }
    }
    return outcome;
  }

  async function handle(request: OracleRequest): Promise<FulfilmentOutcome> {
    let result: { response?: Hex; error?: string };
    try {
      const data = decodeRequestData(request.data);
      result = options.execute
        ? await options.execute(data, request)
        : await executeRequest(data, { executions: options.executions });
    } catch (error) {
      result = { error: `request could not be executed: ${(error as Error).message}` };
    }
    const outcome = await transmit(request, result);
    handled.add(request.requestId);
    log("fulfilled", { requestId: request.requestId, result: outcome.result, error: outcome.error, gasUsed: outcome.gasUsed });
    return outcome;
  }

  /**
   * Fulfils every request seen since the last poll, one after the other. A request whose transmit fails (node
   * unreachable, reverted transaction) stays queued and is retried on the next poll, up to `maxAttempts`.
   */
  async function poll(): Promise<FulfilmentOutcome[]> {
    for (const request of await newRequests()) {
      if (!handled.has(request.requestId) && !queue.some((q) => q.request.requestId === request.requestId)) {
        queue.push({ request, attempts: 0 });
      }
    }
    const outcomes: FulfilmentOutcome[] = [];
    while (queue.length) {
      const entry = queue[0]!;
      try {
        outcomes.push(await handle(entry.request));
        queue.shift();
      } catch (error) {
        entry.attempts++;
        log("transmit failed", { requestId: entry.request.requestId, attempt: entry.attempts, error: (error as Error).message });
        if (entry.attempts >= (options.maxAttempts ?? 3)) queue.shift();
        else break; // keep the order; retry on the next poll
      }
    }
    return outcomes;
  }

  return {
    poll,
    handle,
    transmit,
    /** Polls every `intervalMs` until stop(); errors are logged and retried on the next tick. */
    start(intervalMs = 1_000) {
      const tick = () => {
        running = poll()
          .catch((error: Error) => log("poll failed", { error: error.message }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

export type DonSimulator = ReturnType<typeof createDonSimulator>;
