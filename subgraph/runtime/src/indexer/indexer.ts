/**
 * Indexes a JSON-RPC chain for a subgraph manifest as graph-node does: logs fetched in adaptive block
 * ranges, decoded with the manifest's ABIs, handlers run in (block, log index) order across data sources
 * and templates, the store written per block with triggers (and at the end of each range, so the block
 * pointer advances) — while catching up, blocks go to the store's write buffer and are flushed several per
 * transaction; the block at the chain head flushes — reorgs detected by hash and rolled back to the common ancestor, restarts
 * resuming from the store's latest block, mapping failures recorded and indexing stopped.
 */
import { hexToBytes, getAddress, type EIP1193RequestFn, type Hex, type AbiEvent } from "viem";
import type { Logger } from "pino";
import type { BlockPtr, DynamicDataSource, Entity, StoreValue, SubgraphStore } from "../store/types.ts";
import type { DataSourceSpec, MappingSpec, SubgraphManifest, TemplateSpec } from "../manifest.ts";
import { runHandler, checkImports, type EthBlock, type EthReceipt, type EthTransaction, type EthLog } from "../host/mapping.ts";
import { MappingError, TransientHostError, type CreatedDataSource, type DataSourceInfo, type HostContext } from "../host/exports.ts";
import { eventDecoder } from "./decode.ts";
import { SyncFetcher } from "../host/sync-rpc.ts";
import type { RuntimeMetrics } from "../metrics.ts";
import { isRangeTooLarge, Rpc, type RawBlock, type RawLog, type RawReceipt, type RawTransaction } from "./rpc.ts";

export interface IndexerOptions {
  manifest: SubgraphManifest;
  store: SubgraphStore;
  /** EIP-1193 request function (viem client's `request`, a Hardhat provider's `request`). */
  request: EIP1193RequestFn;
  /** HTTP JSON-RPC URL for the synchronous calls mappings make (`ethereum.call`, getBalance, hasCode). */
  rpcUrl?: string;
  /** IPFS HTTP API base URL for `ipfs.cat`; null results when unset. */
  ipfsUrl?: string;
  logger: Logger;
  /** Poll interval for new blocks, ms. */
  pollIntervalMs?: number;
  /** First and maximum eth_getLogs range. */
  initialRange?: number;
  maxRange?: number;
  /** How deep a reorg may go before the indexer gives up (graph-node's reorg threshold). */
  reorgThreshold?: number;
  /**
   * Batch store writes while catching up (default true): blocks behind the chain head join the store's write
   * buffer, flushed several blocks per transaction (graph-node does the same when far behind). false writes
   * every block in its own transaction.
   */
  batchWrites?: boolean;
  /** Called after each block pointer move (for tests and the bench). */
  onProgress?: (p: { block: BlockPtr; events: number }) => void;
  /** Prometheus metrics to update (block pointers, events, handler and flush durations). */
  metrics?: RuntimeMetrics;
}

interface DataSourceInstance {
  spec: DataSourceSpec | TemplateSpec;
  name: string;
  address?: Hex;
  startBlock: number;
  endBlock?: number;
  context: Entity | null;
  /** topic0 → handlers */
  handlers: Map<Hex, { handler: string; receipt: boolean; abiEvent: AbiEvent }[]>;
  /** What `dataSource.*` host functions return, built on first use. */
  info?: DataSourceInfo;
}

/** Logs one eth_getLogs should return: enough to amortise the call, well under providers' response limits (≈ 0.8 kB per log). */
const TARGET_LOGS_PER_RANGE = 2500;

const bytes = (h: Hex | null | undefined) => (h ? hexToBytes(h) : new Uint8Array(0));
const big = (h: Hex | null | undefined) => (h ? BigInt(h) : 0n);

function toEthBlock(b: RawBlock): EthBlock {
  return {
    hash: bytes(b.hash),
    parentHash: bytes(b.parentHash),
    unclesHash: bytes(b.sha3Uncles),
    author: bytes(b.miner),
    stateRoot: bytes(b.stateRoot),
    transactionsRoot: bytes(b.transactionsRoot),
    receiptsRoot: bytes(b.receiptsRoot),
    number: big(b.number),
    gasUsed: big(b.gasUsed),
    gasLimit: big(b.gasLimit),
    timestamp: big(b.timestamp),
    difficulty: big(b.difficulty),
    totalDifficulty: big(b.totalDifficulty ?? undefined),
    size: b.size ? BigInt(b.size) : null,
    baseFeePerGas: b.baseFeePerGas ? BigInt(b.baseFeePerGas) : null,
  };
}

function toEthTransaction(t: RawTransaction): EthTransaction {
  return {
    hash: bytes(t.hash),
    index: big(t.transactionIndex),
    from: bytes(t.from),
    to: t.to ? bytes(t.to) : null,
    value: big(t.value),
    gasLimit: big(t.gas),
    gasPrice: big(t.gasPrice),
    input: bytes(t.input),
    nonce: big(t.nonce),
  };
}

/** Converted once per transaction: every event of a transaction shares it (the host only reads it). */
const ethTransactions = new WeakMap<RawTransaction, EthTransaction>();
function ethTransactionOf(t: RawTransaction): EthTransaction {
  let converted = ethTransactions.get(t);
  if (!converted) ethTransactions.set(t, (converted = toEthTransaction(t)));
  return converted;
}

function toEthLog(l: RawLog, transactionLogIndex: bigint): EthLog {
  return {
    address: bytes(l.address),
    topics: l.topics.map(bytes),
    data: bytes(l.data),
    blockHash: bytes(l.blockHash),
    blockNumber: big(l.blockNumber),
    transactionHash: bytes(l.transactionHash),
    transactionIndex: big(l.transactionIndex),
    logIndex: big(l.logIndex),
    transactionLogIndex,
    removed: l.removed === true,
  };
}

function toEthReceipt(r: RawReceipt): EthReceipt {
  return {
    transactionHash: bytes(r.transactionHash),
    transactionIndex: big(r.transactionIndex),
    blockHash: bytes(r.blockHash),
    blockNumber: big(r.blockNumber),
    cumulativeGasUsed: big(r.cumulativeGasUsed),
    gasUsed: big(r.gasUsed),
    contractAddress: r.contractAddress ? bytes(r.contractAddress) : null,
    logs: r.logs.map((l, i) => toEthLog(l, BigInt(i))),
    status: big(r.status),
    root: r.root ? bytes(r.root) : null,
    logsBloom: bytes(r.logsBloom),
  };
}

function ptrOf(b: RawBlock): BlockPtr {
  return { number: Number(b.number), hash: b.hash, parentHash: b.parentHash, timestamp: Number(b.timestamp) };
}

/** Manifest `context:` entries ({type, data}) as store values. */
function manifestContext(ctx: Map<string, unknown> | null): Entity | null {
  if (!ctx) return null;
  const entity: Entity = new Map();
  for (const [key, raw] of ctx) {
    const { type, data } = raw as { type: string; data: unknown };
    const v: StoreValue =
      type === "Bool"
        ? { kind: "Bool", value: Boolean(data) }
        : type === "Int"
          ? { kind: "Int", value: Number(data) }
          : type === "Int8"
            ? { kind: "Int8", value: BigInt(data as string) }
            : type === "BigInt"
              ? { kind: "BigInt", value: BigInt(data as string) }
              : type === "BigDecimal"
                ? { kind: "BigDecimal", value: String(data) }
                : type === "Bytes"
                  ? { kind: "Bytes", value: hexToBytes(data as Hex) }
                  : { kind: "String", value: String(data) };
    entity.set(key, v);
  }
  return entity;
}

function handlerMap(mapping: MappingSpec): DataSourceInstance["handlers"] {
  const m: DataSourceInstance["handlers"] = new Map();
  for (const h of mapping.eventHandlers) {
    const list = m.get(h.selector) ?? [];
    list.push({ handler: h.handler, receipt: h.receipt, abiEvent: h.abiEvent });
    m.set(h.selector, list);
  }
  return m;
}

export class IndexingFailed extends Error {
  override name = "IndexingFailed";
}

/** The chain changed under a range being indexed; the step is retried and the reorg check rolls back. */
class ChainMoved extends Error {
  override name = "ChainMoved";
}

export class Indexer {
  private readonly rpc: Rpc;
  private readonly log: Logger;
  private dataSources: DataSourceInstance[] = [];
  private range: number;
  private readonly maxRange: number;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly fetcher = new SyncFetcher();
  private readonly blockHandlersUsed: boolean;
  /** Total events handled since start. */
  eventsProcessed = 0;

  private readonly o: IndexerOptions;

  constructor(o: IndexerOptions) {
    this.o = o;
    this.rpc = new Rpc(o.request, o.logger);
    this.log = o.logger;
    this.range = o.initialRange ?? 2000;
    this.maxRange = o.maxRange ?? 10_000;
    for (const ds of [...o.manifest.dataSources, ...o.manifest.templates]) {
      if (ds.mapping.callHandlers.length > 0)
        throw new Error(`data source ${ds.name}: callHandlers need trace_filter, which the embedded runtime does not support`);
      if (ds.mapping.blockHandlers.some((b) => b.filter?.kind === "call"))
        throw new Error(`data source ${ds.name}: block handlers with a call filter need trace_filter, which the embedded runtime does not support`);
      checkImports(ds.mapping.wasm);
    }
    this.blockHandlersUsed = o.manifest.dataSources.some((d) => d.mapping.blockHandlers.length > 0);
    this.dataSources = o.manifest.dataSources.map((ds) => ({
      spec: ds,
      name: ds.name,
      address: ds.address,
      startBlock: ds.startBlock,
      endBlock: ds.endBlock,
      context: manifestContext(ds.context),
      handlers: handlerMap(ds.mapping),
    }));
  }

  private addDynamic(rec: DynamicDataSource): DataSourceInstance {
    const template = this.o.manifest.templates.find((t) => t.name === rec.template);
    if (!template) throw new MappingError(`no template named ${rec.template}`);
    const inst: DataSourceInstance = {
      spec: template,
      name: template.name,
      address: rec.address,
      startBlock: rec.creationBlock,
      context: rec.context,
      handlers: handlerMap(template.mapping),
    };
    this.dataSources.push(inst);
    return inst;
  }

  private loaded = false;

  /** Loads the persisted dynamic data sources once per indexer (later changes are tracked in memory). */
  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    await this.loadDynamicDataSources();
    this.loaded = true;
    const latest = await this.o.store.latestBlock();
    if (latest) this.o.metrics?.indexedBlock.set(latest.number);
  }

  private async loadDynamicDataSources(): Promise<void> {
    this.dataSources = this.dataSources.filter((d) => !this.o.manifest.templates.includes(d.spec as TemplateSpec));
    if (this.o.store.dynamicDataSources) {
      for (const rec of await this.o.store.dynamicDataSources()) this.addDynamic(rec);
    } else if (this.o.manifest.templates.length > 0 && (await this.o.store.latestBlock())) {
      // Resuming would miss every data source created so far: start over instead of indexing wrong data.
      this.log.warn("the store does not persist dynamic data sources: reindexing this template-using subgraph from its start block");
      await this.o.store.revertTo(null);
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Indexes until stopped; polls for new blocks. Rejects with IndexingFailed when a mapping fails. */
  async run(): Promise<void> {
    await this.ensureLoaded();
    const failure = await this.o.store.failure();
    if (failure) throw new IndexingFailed(`subgraph failed at block ${failure.block.number}: ${failure.message}`);
    let backoff = 500;
    while (!this.stopped) {
      try {
        const head = await this.chainHead();
        const caughtUp = await this.step(head);
        backoff = 500;
        if (caughtUp) await this.sleep(this.o.pollIntervalMs ?? 1000);
      } catch (e) {
        if (e instanceof IndexingFailed) throw e;
        this.o.store.discardPending();
        this.log.warn({ err: (e as Error).message }, `indexing error; retrying in ${backoff} ms`);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
    this.fetcher.close();
  }

  /** Indexes up to the current head once and returns the latest indexed block (for tests and the bench). */
  async syncToHead(): Promise<BlockPtr | null> {
    await this.ensureLoaded();
    const failure = await this.o.store.failure();
    if (failure) throw new IndexingFailed(`subgraph failed at block ${failure.block.number}: ${failure.message}`);
    const head = await this.chainHead();
    for (;;) {
      try {
        if (await this.step(head)) break;
      } catch (e) {
        if (!(e instanceof ChainMoved)) throw e;
        this.o.store.discardPending();
        this.log.warn({ err: e.message }, "chain moved while indexing; retrying");
      }
    }
    return this.o.store.latestBlock();
  }

  close(): void {
    this.fetcher.close();
  }

  private async chainHead(): Promise<number> {
    const head = await this.rpc.blockNumber();
    this.o.metrics?.chainHead.set(head);
    return head;
  }

  /** The chain head the current step indexes towards. */
  private stepHead = 0;

  /**
   * Writes the block once it is known to extend the indexed chain: buffered while catching up (the buffer is
   * flushed as one transaction when full and at the head), durable at once at the head. Reverts and
   * failures flush the buffer first, and a crash resumes from the last flushed block, so buffering changes
   * no outcome, only how many blocks a transaction holds.
   */
  private async commit(ptr: BlockPtr): Promise<void> {
    await this.assertExtendsLatest(ptr);
    const started = performance.now();
    await this.o.store.transact(ptr, { buffer: (this.o.batchWrites ?? true) && ptr.number < this.stepHead });
    this.o.metrics?.storeFlushDuration.observe((performance.now() - started) / 1000);
    this.o.metrics?.indexedBlock.set(ptr.number);
    this.o.onProgress?.({ block: ptr, events: this.eventsProcessed });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** One range towards `head`; returns true when caught up. A mapping failure is recorded, then thrown. */
  private async step(head: number): Promise<boolean> {
    try {
      return await this.stepUnchecked(head);
    } catch (e) {
      if (!(e instanceof FailAndStop)) throw e;
      this.o.store.discardPending();
      await this.o.store.setFailed({ message: e.message, block: e.block, handler: e.handler });
      this.stopped = true;
      throw new IndexingFailed(e.message);
    }
  }

  private async stepUnchecked(head: number): Promise<boolean> {
    this.stepHead = head;
    let latest = await this.o.store.latestBlock();
    if (latest) {
      const chainBlock = await this.rpc.block(latest.number, false).catch(() => null);
      if (!chainBlock || chainBlock.hash !== latest.hash) {
        await this.handleReorg(latest);
        latest = await this.o.store.latestBlock();
      }
    }
    const first = Math.min(...this.dataSources.map((d) => d.startBlock));
    const from = latest ? latest.number + 1 : first;
    if (from > head) return true;
    const ahead = this.ahead;
    const to = ahead && ahead.from === from && ahead.to <= head ? ahead.to : Math.min(head, from + this.range - 1);
    const indexedTo = await this.indexRange(from, to, head);
    return indexedTo >= head;
  }

  private async handleReorg(latest: BlockPtr): Promise<void> {
    this.ahead = null;
    const threshold = this.o.reorgThreshold ?? 250;
    let n = latest.number - 1;
    for (; n >= 0 && latest.number - n <= threshold; n--) {
      const indexed = await this.o.store.indexedBlockHash(n);
      if (indexed === null) break;
      const chain = await this.rpc.block(n, false);
      if (chain.hash === indexed) {
        this.log.warn({ from: latest.number, to: n, oldHash: latest.hash }, "chain reorganisation: reverting to common ancestor");
        await this.o.store.revertTo(ptrOf(chain));
        this.o.metrics?.indexedBlock.set(n);
        this.dropDynamicAfter(n);
        return;
      }
    }
    if (n < 0 || (await this.o.store.indexedBlockHash(n)) === null) {
      // No indexed ancestor left (reorg below the first indexed block): start over.
      this.log.warn({ from: latest.number }, "chain reorganisation below the first indexed block: reverting everything");
      await this.o.store.revertTo(null);
      this.o.metrics?.indexedBlock.set(0);
      this.dropDynamicAfter(-1);
      return;
    }
    throw new IndexingFailed(`reorg deeper than ${threshold} blocks at block ${latest.number}`);
  }

  /**
   * A block may only be written on top of the chain the store holds: its parent must be the latest block
   * (consecutive), or the latest block must still be canonical (after the block was fetched). Otherwise a
   * reorg between fetches could leave blocks of two chains in the store with nothing to detect it.
   */
  private async assertExtendsLatest(ptr: BlockPtr): Promise<void> {
    const latest = await this.o.store.latestBlock();
    if (!latest) return;
    if (ptr.number === latest.number + 1) {
      if (ptr.parentHash !== latest.hash) throw new ChainMoved(`block ${ptr.number} does not extend indexed block ${latest.number}`);
      return;
    }
    const again = await this.rpc.block(latest.number, false);
    if (again.hash !== latest.hash) throw new ChainMoved(`indexed block ${latest.number} is no longer canonical`);
  }

  private dropDynamicAfter(block: number): void {
    const templates = this.o.manifest.templates as DataSourceSpec[] | TemplateSpec[];
    this.dataSources = this.dataSources.filter(
      (d) => !(templates as unknown[]).includes(d.spec) || d.startBlock <= block,
    );
  }

  /**
   * Fetches logs for [from, to], shrinking the range on "too many results" errors and sizing the next range
   * so it returns about TARGET_LOGS_PER_RANGE logs (graph-node adapts its range to the trigger count too):
   * dense histories get small ranges that stay under response-size limits, sparse ones grow to maxRange.
   */
  private async fetchLogs(from: number, to: number): Promise<{ logs: RawLog[]; to: number }> {
    const active = this.dataSources.filter((d) => d.startBlock <= to && (d.endBlock === undefined || d.endBlock >= from));
    if (active.length === 0) return { logs: [], to };
    const topics = [...new Set(active.flatMap((d) => [...d.handlers.keys()]))];
    if (topics.length === 0) return { logs: [], to };
    const anyAddressless = active.some((d) => !d.address);
    const addresses = anyAddressless ? undefined : [...new Set(active.map((d) => d.address!.toLowerCase() as Hex))];
    for (;;) {
      try {
        const logs = await this.rpc.logs({ fromBlock: from, toBlock: to, address: addresses, topics: [topics] });
        const span = to - from + 1;
        const fitting = logs.length === 0 ? Infinity : Math.floor((span * TARGET_LOGS_PER_RANGE) / logs.length);
        this.range = Math.max(1, Math.min(this.maxRange, span * 2, fitting));
        return { logs, to };
      } catch (e) {
        if (!isRangeTooLarge(e) || to === from) throw e;
        to = from + Math.max(0, Math.floor((to - from + 1) / 2) - 1);
        this.range = Math.max(1, to - from + 1);
        this.log.debug({ from, to }, "eth_getLogs range too large; shrinking");
      }
    }
  }

  /**
   * Logs of the range after the one being indexed, requested before its handlers run so the node
   * answers while this process is busy. Used only if the next step asks for exactly that range with the
   * same data sources; otherwise dropped.
   */
  private ahead: { from: number; to: number; sources: number; logs: Promise<{ logs: RawLog[]; to: number }> } | null = null;

  private logsFor(from: number, to: number): Promise<{ logs: RawLog[]; to: number }> {
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead && ahead.from === from && ahead.to === to && ahead.sources === this.dataSources.length) return ahead.logs;
    return this.fetchLogs(from, to);
  }

  private fetchAhead(from: number, head: number): void {
    if (from > head) return;
    const to = Math.min(head, from + this.range - 1);
    const logs = this.fetchLogs(from, to);
    logs.catch(() => {}); // a failure surfaces when (if) the range is indexed and fetched again
    this.ahead = { from, to, sources: this.dataSources.length, logs };
  }

  private matches(ds: DataSourceInstance, log: RawLog, block: number): boolean {
    if (block < ds.startBlock || (ds.endBlock !== undefined && block > ds.endBlock)) return false;
    if (ds.address && ds.address.toLowerCase() !== log.address.toLowerCase()) return false;
    return ds.handlers.has(log.topics[0] as Hex);
  }

  private blockHandlerBlocks(from: number, to: number): Set<number> {
    const blocks = new Set<number>();
    if (!this.blockHandlersUsed) return blocks;
    for (const ds of this.dataSources) {
      for (const bh of ds.spec.mapping.blockHandlers) {
        const start = Math.max(from, ds.startBlock);
        const end = ds.endBlock === undefined ? to : Math.min(to, ds.endBlock);
        if (bh.filter?.kind === "once") {
          if (ds.startBlock >= from && ds.startBlock <= to) blocks.add(ds.startBlock);
        } else if (bh.filter?.kind === "polling") {
          for (let b = start; b <= end; b++) if ((b - ds.startBlock) % bh.filter.every === 0) blocks.add(b);
        } else if (!bh.filter) {
          for (let b = start; b <= end; b++) blocks.add(b);
        }
      }
    }
    return blocks;
  }

  /** Indexes [from, requestedTo] or a prefix of it; returns the last block made durable. */
  private async indexRange(from: number, requestedTo: number, head: number): Promise<number> {
    const { logs, to } = await this.logsFor(from, requestedTo);
    this.fetchAhead(to + 1, head);
    const byBlock = new Map<number, RawLog[]>();
    for (const l of logs) {
      if (l.removed) continue;
      const n = Number(l.blockNumber);
      let list = byBlock.get(n);
      if (!list) byBlock.set(n, (list = []));
      list.push(l);
    }
    const blocks = new Set([...byBlock.keys(), ...this.blockHandlerBlocks(from, to)]);
    const ordered = [...blocks].sort((a, b) => a - b);
    // Fetch the blocks ahead (a few at a time) while earlier blocks run their handlers.
    const prefetched = new Map<number, Promise<RawBlock>>();
    const prefetch = (i: number) => {
      const n = ordered[i];
      if (n !== undefined && !prefetched.has(n)) {
        const p = this.rpc.block(n, byBlock.has(n));
        p.catch(() => {}); // awaited (and its error surfaced) when the block's turn comes
        prefetched.set(n, p);
      }
    };
    for (let i = 0; i < 8; i++) prefetch(i);
    let lastPtr: BlockPtr | null = null;
    for (const [i, n] of ordered.entries()) {
      prefetch(i + 8);
      const blockLogs = (byBlock.get(n) ?? []).sort((a, b) => Number(a.logIndex) - Number(b.logIndex));
      const { ptr, createdAny } = await this.indexBlock(n, blockLogs, prefetched.get(n)!);
      lastPtr = ptr;
      // New data sources: refetch the rest of the range with them included.
      if (createdAny) return ptr.number;
    }
    if (!lastPtr || lastPtr.number !== to) {
      await this.commit(ptrOf(await this.rpc.block(to, false)));
    }
    return to;
  }

  private async indexBlock(n: number, blockLogs: RawLog[], fetched: Promise<RawBlock>): Promise<{ ptr: BlockPtr; createdAny: boolean }> {
    const raw = await fetched;
    for (const l of blockLogs)
      if (l.blockHash !== raw.hash) throw new ChainMoved(`block ${n} changed while indexing (reorg in progress)`);
    const ptr = ptrOf(raw);
    const block = toEthBlock(raw);
    const txs = new Map<string, RawTransaction>();
    for (const t of raw.transactions) if (typeof t !== "string") txs.set(t.hash, t);
    const receipts = new Map<string, EthReceipt>();
    const created: DynamicDataSource[] = [];
    let pending = blockLogs;
    const runDataSources = this.dataSources.slice();

    const processLogs = async (logsToRun: RawLog[], sources: DataSourceInstance[]) => {
      // transactionLogIndex: position of the log among its transaction's logs in this block.
      const txLogCounts = new Map<string, number>();
      for (const log of logsToRun) {
        const txLogIndex = BigInt(txLogCounts.get(log.transactionHash) ?? 0);
        txLogCounts.set(log.transactionHash, Number(txLogIndex) + 1);
        for (const ds of sources) {
          if (!this.matches(ds, log, n)) continue;
          for (const h of ds.handlers.get(log.topics[0] as Hex)!) {
            await this.runEvent(ds, h, log, txLogIndex, block, ptr, txs, receipts, created);
          }
        }
      }
    };
    await processLogs(pending, runDataSources);
    // Block handlers after the block's events, as graph-node orders them.
    if (this.blockHandlersUsed) {
      for (const ds of runDataSources) {
        for (const bh of ds.spec.mapping.blockHandlers) {
          if (n < ds.startBlock || (ds.endBlock !== undefined && n > ds.endBlock)) continue;
          const due =
            bh.filter?.kind === "once"
              ? n === ds.startBlock
              : bh.filter?.kind === "polling"
                ? (n - ds.startBlock) % bh.filter.every === 0
                : !bh.filter;
          if (due) this.execute(ds, bh.handler, { kind: "block", block }, ptr, created);
        }
      }
    }
    // Data sources created in this block see this block's remaining events too.
    let createdAny = false;
    while (created.length > 0) {
      createdAny = true;
      const batch = created.splice(0);
      const instances = batch.map((rec) => this.addDynamic(rec));
      this.o.store.addDynamicDataSources?.(batch);
      const addresses = instances.map((i) => i.address).filter((a): a is Hex => !!a);
      const topics = [...new Set(instances.flatMap((d) => [...d.handlers.keys()]))];
      if (addresses.length === 0 || topics.length === 0) continue;
      pending = (await this.rpc.logs({ fromBlock: n, toBlock: n, address: addresses, topics: [topics] })).sort(
        (a, b) => Number(a.logIndex) - Number(b.logIndex),
      );
      if (pending.length > 0 && txs.size === 0) {
        const full = await this.rpc.block(n, true);
        for (const t of full.transactions) if (typeof t !== "string") txs.set(t.hash, t);
      }
      await processLogs(pending, instances);
    }
    await this.commit(ptr);
    return { ptr, createdAny };
  }

  private async runEvent(
    ds: DataSourceInstance,
    h: { handler: string; receipt: boolean; abiEvent: AbiEvent },
    log: RawLog,
    txLogIndex: bigint,
    block: EthBlock,
    ptr: BlockPtr,
    txs: Map<string, RawTransaction>,
    receipts: Map<string, EthReceipt>,
    created: DynamicDataSource[],
  ): Promise<void> {
    const params = eventDecoder(h.abiEvent).decode(log.topics, log.data);
    if (!params) {
      // graph-node skips logs that do not decode with the handler's signature (e.g. other indexed flags).
      this.log.debug({ tx: log.transactionHash }, "log does not match the event signature; skipped");
      return;
    }
    const rawTx = txs.get(log.transactionHash);
    if (!rawTx) throw new Error(`transaction ${log.transactionHash} not in block ${ptr.number}`);
    let receipt: EthReceipt | null = null;
    if (h.receipt) {
      receipt = receipts.get(log.transactionHash) ?? null;
      if (!receipt) {
        receipt = toEthReceipt(await this.rpc.receipt(log.transactionHash));
        receipts.set(log.transactionHash, receipt);
      }
    }
    this.execute(
      ds,
      h.handler,
      {
        kind: "event",
        address: hexToBytes(log.address),
        logIndex: BigInt(log.logIndex),
        transactionLogIndex: txLogIndex,
        block,
        transaction: ethTransactionOf(rawTx),
        params,
        receipt,
      },
      ptr,
      created,
    );
    this.eventsProcessed++;
    this.o.metrics?.eventsProcessed.inc();
  }

  private execute(
    ds: DataSourceInstance,
    handler: string,
    trigger: Parameters<typeof runHandler>[2],
    ptr: BlockPtr,
    created: DynamicDataSource[],
  ): void {
    const createdHere: CreatedDataSource[] = [];
    const ctx: HostContext = {
      store: this.o.store,
      logger: this.log,
      dataSource: (ds.info ??= {
        name: ds.name,
        address: ds.address ? hexToBytes(ds.address) : new Uint8Array(0),
        network: ds.spec.network,
        context: ds.context,
        abis: ds.spec.mapping.abis,
        templates: this.o.manifest.templates.map((t) => t.name),
      }),
      created: createdHere,
      ethCall: (to, data) => this.syncCall(to, data, ptr),
      getBalance: (address) => BigInt(this.syncRpc("eth_getBalance", [address, { blockHash: ptr.hash }]) as Hex),
      getCode: (address) => this.syncRpc("eth_getCode", [address, { blockHash: ptr.hash }]) as Hex,
      ipfsCat: (path) => this.ipfsCat(path),
    };
    const started = performance.now();
    try {
      runHandler(ds.spec.mapping.wasm, handler, trigger, ctx);
      if (this.o.metrics) {
        this.o.metrics.handlersExecuted.inc({ handler });
        this.o.metrics.handlerDuration.observe({ handler }, (performance.now() - started) / 1000);
      }
    } catch (e) {
      if (e instanceof MappingError) {
        const message = e.message;
        this.log.error({ handler, dataSource: ds.name, block: ptr.number, blockHash: ptr.hash }, `Subgraph failed: ${message}`);
        this.o.store.discardPending();
        // Record the failure, then stop: the caller sees IndexingFailed.
        throw new FailAndStop(message, ptr, handler);
      }
      throw e;
    }
    for (const c of createdHere) {
      const address = c.params[0];
      if (!address || !/^0x[0-9a-fA-F]{40}$/.test(address)) throw new FailAndStop(`data source params[0] must be an address, got ${address}`, ptr, handler);
      created.push({ template: c.template, address: getAddress(address), params: c.params, context: c.context, creationBlock: ptr.number });
    }
  }

  private syncRpc(method: string, params: unknown[]): unknown {
    if (!this.o.rpcUrl) throw new TransientHostError(`${method} from a mapping needs an HTTP RPC URL (rpcUrl)`);
    const res = this.fetcher.fetch(this.o.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = JSON.parse(Buffer.from(res.body).toString()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (body.error) throw Object.assign(new Error(body.error.message), { rpcError: body.error });
    return body.result;
  }

  /** eth_call at the trigger's block; null on revert (try_ calls), transient error otherwise. */
  private syncCall(to: Hex, data: Hex, ptr: BlockPtr): Hex | null {
    try {
      return this.syncRpc("eth_call", [{ to, data }, { blockHash: ptr.hash }]) as Hex;
    } catch (e) {
      const rpcError = (e as { rpcError?: { code: number; message: string } }).rpcError;
      if (rpcError && (rpcError.code === 3 || /revert|invalid opcode|out of gas/i.test(rpcError.message))) return null;
      throw new TransientHostError(`eth_call to ${to} failed: ${(e as Error).message}`);
    }
  }

  private ipfsCat(path: string): Uint8Array | null {
    if (!this.o.ipfsUrl) return null;
    try {
      const res = this.fetcher.fetch(`${this.o.ipfsUrl.replace(/\/$/, "")}/api/v0/cat?arg=${encodeURIComponent(path)}`, { method: "POST" });
      return res.status === 200 ? res.body : null;
    } catch (e) {
      this.log.info({ path, err: (e as Error).message }, "Failed ipfs.cat, returning `null`");
      return null;
    }
  }
}

/** Internal: a deterministic failure that must be recorded before stopping. */
class FailAndStop extends Error {
  readonly block: BlockPtr;
  readonly handler: string;
  constructor(message: string, block: BlockPtr, handler: string) {
    super(message);
    this.block = block;
    this.handler = handler;
  }
}

export { FailAndStop };
