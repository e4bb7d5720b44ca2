/**
 * The boundary between the embedded runtime's two halves:
 * - the WASM host + indexer (runtime/src/host, runtime/src/indexer) calls it while running handlers;
 * - the entity store + GraphQL server (runtime/src/store, runtime/src/graphql) implements it.
 *
 * Reads and writes during a block are synchronous, because the compiled mapping calls host functions
 * synchronously (graph-node's store calls are blocking too). Making a block durable, reverting and the
 * block pointer are asynchronous.
 */

/** A value as graph-ts's `Value` carries it, tagged with its kind so the store can type-check writes. */
export type StoreValue =
  | { kind: "String"; value: string }
  | { kind: "Int"; value: number }
  | { kind: "Int8"; value: bigint }
  /** Microseconds since the epoch, as graph-node's Timestamp scalar. */
  | { kind: "Timestamp"; value: bigint }
  | { kind: "BigInt"; value: bigint }
  /** graph-node's canonical decimal string (no exponent, no trailing zeros), e.g. "12.5", "-0.001". */
  | { kind: "BigDecimal"; value: string }
  | { kind: "Bool"; value: boolean }
  | { kind: "Bytes"; value: Uint8Array }
  | { kind: "Array"; value: StoreValue[] }
  | { kind: "Null" };

/** Field name → value. `id` is always present on stored entities. */
export type Entity = Map<string, StoreValue>;

export interface BlockPtr {
  number: number;
  hash: `0x${string}`;
  parentHash: `0x${string}`;
  /** Seconds since the epoch. */
  timestamp: number;
}

/** A mapping error or store validation error; stops indexing with this message, as graph-node does. */
export class StoreError extends Error {
  override name = "StoreError";
}

export interface IndexingError {
  message: string;
  block: BlockPtr;
  handler?: string;
}

/** A data source created from a template while indexing (graph-node's dynamic data sources). */
export interface DynamicDataSource {
  template: string;
  /** The created contract's address (params[0]). */
  address: `0x${string}`;
  params: string[];
  context: Entity | null;
  creationBlock: number;
}

export interface SubgraphStore {
  // ---- synchronous, during a block (called from host functions) ----
  /** Latest version of an entity, including writes of the block being processed. */
  get(entityType: string, id: string): Entity | null;
  /** Only an entity created or updated in the block being processed (graph-ts `loadInBlock`). */
  getInBlock(entityType: string, id: string): Entity | null;
  /** Entities whose `field` (the field an `@derivedFrom` field names) points at `id` (graph-ts `loadRelated`). */
  loadRelated(entityType: string, id: string, derivedField: string): Entity[];
  /**
   * Writes an entity (merged over the existing version, as graph-node's store.set does).
   * Throws StoreError for unknown types or fields, wrong value kinds, missing non-null fields,
   * or a write to an immutable entity that already exists.
   */
  set(entityType: string, id: string, entity: Entity): void;
  remove(entityType: string, id: string): void;

  // ---- asynchronous, between blocks (called by the indexer) ----
  /**
   * Makes the pending writes durable at `block` and advances the block pointer, atomically. With `buffer`, a
   * store may hold the block in memory and write it later with the next ones (one transaction for several
   * blocks, each block's versions exact); until then it is visible to reads here and to `latestBlock`, and a
   * crash loses it. A call without `buffer` writes everything held.
   */
  transact(block: BlockPtr, options?: { buffer?: boolean }): Promise<void>;
  /** Drops pending writes (e.g. after a handler failed). */
  discardPending(): void;
  /** Reverts every change made after `block` (null: before the first indexed block) and moves the pointer there. */
  revertTo(block: BlockPtr | null): Promise<void>;
  /** The last written block (buffered blocks included), or null before the first block. */
  latestBlock(): Promise<BlockPtr | null>;
  /** Hash of an indexed block, for reorg detection; null when unknown (pruned or never indexed). */
  indexedBlockHash(number: number): Promise<`0x${string}` | null>;
  /** Records a deterministic indexing failure (visible as `_meta.hasIndexingErrors` and in logs). */
  setFailed(error: IndexingError): Promise<void>;
  failure(): Promise<IndexingError | null>;
  close(): Promise<void>;

  // ---- optional: persistence of template-created data sources (needed to resume such subgraphs) ----
  /** Records data sources created in the block being processed; durable with `transact`, dropped by `discardPending` and by `revertTo` below their block. */
  addDynamicDataSources?(sources: DynamicDataSource[]): void;
  /** The durable dynamic data sources, in creation order. */
  dynamicDataSources?(): Promise<DynamicDataSource[]>;
}

export interface OpenStoreOptions {
  /** The subgraph's schema.graphql text. */
  schema: string;
  /** The deployment id (IPFS-style hash of the manifest) shown as `_meta.deployment`. */
  deployment: string;
  /** PostgreSQL when set; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; in-memory when omitted. */
  dataDir?: string;
}
