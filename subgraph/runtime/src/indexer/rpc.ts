/**
 * The JSON-RPC reads the indexer needs, raw (no viem formatting on the hot path), with retries and
 * backoff for transient failures. Errors are never swallowed: after the retries the error propagates.
 */
import type { EIP1193RequestFn, Hex } from "viem";
import type { Logger } from "pino";

export interface RawLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  logIndex: Hex;
  removed?: boolean;
}

export interface RawTransaction {
  hash: Hex;
  transactionIndex: Hex;
  from: Hex;
  to: Hex | null;
  value: Hex;
  gas: Hex;
  gasPrice?: Hex;
  input: Hex;
  nonce: Hex;
}

export interface RawBlock {
  number: Hex;
  hash: Hex;
  parentHash: Hex;
  sha3Uncles: Hex;
  miner: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  gasUsed: Hex;
  gasLimit: Hex;
  timestamp: Hex;
  difficulty?: Hex;
  totalDifficulty?: Hex | null;
  size?: Hex;
  baseFeePerGas?: Hex | null;
  transactions: (RawTransaction | Hex)[];
}

export interface RawReceipt {
  transactionHash: Hex;
  transactionIndex: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  cumulativeGasUsed: Hex;
  gasUsed: Hex;
  contractAddress: Hex | null;
  logs: RawLog[];
  status?: Hex;
  root?: Hex;
  logsBloom: Hex;
}

export interface LogFilter {
  fromBlock: number;
  toBlock: number;
  address?: Hex[];
  topics?: (Hex[] | null)[];
}

/** True when a provider rejected eth_getLogs because the range returns too much. */
export function isRangeTooLarge(e: unknown): boolean {
  const text = String((e as { details?: string })?.details ?? "") + " " + String((e as Error)?.message ?? e);
  return /too many|limit exceeded|response size|query returned more than|range is too large|block range|exceed/i.test(text);
}

export class Rpc {
  private readonly request: EIP1193RequestFn;
  private readonly logger: Logger;
  private readonly retries: number;
  constructor(request: EIP1193RequestFn, logger: Logger, retries = 8) {
    this.request = request;
    this.logger = logger;
    this.retries = retries;
  }

  private async call<T>(method: string, params: unknown[], retryRangeErrors = true): Promise<T> {
    let delay = 200;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.request({ method, params } as never)) as T;
      } catch (e) {
        if (!retryRangeErrors && isRangeTooLarge(e)) throw e;
        if (attempt >= this.retries) throw e;
        this.logger.warn({ method, attempt: attempt + 1, err: (e as Error).message }, "RPC request failed; retrying");
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  blockNumber(): Promise<number> {
    return this.call<Hex>("eth_blockNumber", []).then((h) => Number(h));
  }

  async block(number: number, full: boolean): Promise<RawBlock> {
    const b = await this.call<RawBlock | null>("eth_getBlockByNumber", [`0x${number.toString(16)}`, full]);
    if (!b) throw new Error(`block ${number} not found`);
    return b;
  }

  async blockByHash(hash: Hex, full: boolean): Promise<RawBlock | null> {
    return this.call<RawBlock | null>("eth_getBlockByHash", [hash, full]);
  }

  /** eth_getLogs; range errors propagate at once so the caller can shrink the range. */
  logs(filter: LogFilter): Promise<RawLog[]> {
    const params: Record<string, unknown> = {
      fromBlock: `0x${filter.fromBlock.toString(16)}`,
      toBlock: `0x${filter.toBlock.toString(16)}`,
    };
    if (filter.address) params.address = filter.address;
    if (filter.topics) params.topics = filter.topics;
    return this.call<RawLog[]>("eth_getLogs", [params], false);
  }

  async receipt(hash: Hex): Promise<RawReceipt> {
    const r = await this.call<RawReceipt | null>("eth_getTransactionReceipt", [hash]);
    if (!r) throw new Error(`receipt of ${hash} not found`);
    return r;
  }
}
