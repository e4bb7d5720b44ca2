/**
 * The oracle relay: POST /v1/batches (gateways' signed batches), GET /v1/summaries/:assetId/:start/:end
 * (signed period summaries for the Chainlink Functions source), /healthz, /metrics, OpenAPI at /docs.
 */
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import rateLimit from "@fastify/rate-limit";
import { createPublicClient, http, type Address, type Hex, type LocalAccount, type PublicClient } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { openStore, type Store, type StoreOptions } from "./store.ts";
import { createRegistryCache, type RegistryCache } from "./registry.ts";
import { BatchRejected, createIngest } from "./ingest.ts";
import { PinFailed, summarize } from "./summary.ts";
import { createRootPool } from "./roots.ts";
import type { SignedBatch } from "./batch.ts";
import { MAX_READINGS_PER_BATCH, type ReadingBatchBody } from "@cowatt/deployments/metering";

/** Hardhat's public development mnemonic; account #16 is the relay deploy-local configures. */
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

export interface RelayOptions extends StoreOptions {
  /** JSON-RPC endpoint of the chain (default http://127.0.0.1:8545); ignored when publicClient is given. */
  rpcUrl?: string;
  publicClient?: PublicClient;
  /** DeviceRegistry address (the domain's verifyingContract). */
  registry: Address;
  /** Chain id of the signatures; read from the node when absent. */
  chainId?: number;
  /** Relay signing key (summaries); default Hardhat account #16 (development only). */
  relayPrivateKey?: Hex;
  /** Kubo RPC API (e.g. http://127.0.0.1:5001): pin each period file; CIDs are computed locally otherwise. */
  ipfsApiUrl?: string;
  host?: string;
  /** 0 = a free port. Default 8788. */
  port?: number;
  bodyLimitBytes?: number;
  /** Batches per gateway per minute. Default 600. */
  rateLimitPerMinute?: number;
  maxFutureSkewSeconds?: number;
  maxReadingAgeSeconds?: number;
  registryPollMs?: number;
  /** Worker threads computing batch Merkle roots (0: on the event loop). Default 1. */
  verifyThreads?: number;
  /** Pino logger options or false. Default info level. */
  logger?: boolean | { level: string };
  /** Injected store (tests share one); opened from databaseUrl/dataDir otherwise and closed with the relay. */
  store?: Store;
}

export interface Relay {
  app: FastifyInstance;
  url: string;
  address: Address;
  chainId: number;
  store: Store;
  registry: RegistryCache;
  metrics: Metrics;
  close(): Promise<void>;
}

const decimal = { type: "string", pattern: "^[0-9]{1,78}$" } as const;
const u64 = { type: "string", pattern: "^[0-9]{1,20}$" } as const;
const bytes32 = { type: "string", pattern: "^0x[0-9a-fA-F]{64}$" } as const;
const batchSchema = {
  type: "object",
  required: ["gateway", "assetId", "batchSequence", "readingsRoot", "signature", "readings"],
  additionalProperties: false,
  properties: {
    gateway: { type: "string", pattern: "^0x[0-9a-fA-F]{40}$" },
    assetId: decimal,
    batchSequence: u64,
    readingsRoot: bytes32,
    signature: { type: "string", pattern: "^0x[0-9a-fA-F]{130}$" },
    readings: {
      type: "array",
      minItems: 1,
      maxItems: MAX_READINGS_PER_BATCH,
      items: {
        type: "object",
        required: ["meterId", "sequence", "timestamp", "energyWh", "powerW"],
        additionalProperties: false,
        properties: {
          meterId: bytes32,
          sequence: u64,
          timestamp: { type: "integer", minimum: 0, maximum: 2 ** 40 },
          energyWh: { type: "string", pattern: "^[0-9]{1,39}$" },
          powerW: { type: "integer", minimum: 0, maximum: 4294967295 },
        },
      },
    },
  },
} as const;

const U64_MAX = 2n ** 64n - 1n;
const U128_MAX = 2n ** 128n - 1n;

function toBatch(body: ReadingBatchBody): SignedBatch {
  const batch: SignedBatch = {
    gateway: body.gateway,
    assetId: BigInt(body.assetId),
    batchSequence: BigInt(body.batchSequence),
    readingsRoot: body.readingsRoot,
    signature: body.signature,
    readings: body.readings.map((r) => ({
      meterId: r.meterId.toLowerCase() as Hex,
      sequence: BigInt(r.sequence),
      timestamp: BigInt(r.timestamp),
      energyWh: BigInt(r.energyWh),
      powerW: r.powerW,
    })),
  };
  if (batch.batchSequence > U64_MAX || batch.readings.some((r) => r.sequence > U64_MAX || r.energyWh > U128_MAX)) {
    throw new BatchRejected(400, "invalid_body", "a number exceeds its Solidity type (uint64 sequence, uint128 energyWh)");
  }
  return batch;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const publicClient = options.publicClient ?? (createPublicClient({ transport: http(options.rpcUrl ?? "http://127.0.0.1:8545") }) as PublicClient);
  const chainId = options.chainId ?? (await publicClient.getChainId());
  const account: LocalAccount = options.relayPrivateKey ? privateKeyToAccount(options.relayPrivateKey) : mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 16 });
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(options));
  const metrics = createMetrics();
  const registry = createRegistryCache(publicClient, options.registry);
  registry.start(options.registryPollMs ?? 2000);
  const roots = createRootPool(options.verifyThreads ?? 1);
  const ingest = createIngest({
    chainId,
    registry,
    store,
    metrics,
    roots,
    maxFutureSkewSeconds: options.maxFutureSkewSeconds ?? 300,
    maxReadingAgeSeconds: options.maxReadingAgeSeconds ?? 7 * 24 * 3600,
  });

  // No type coercion: a number where the protocol fixes a decimal string is a client bug, not a reading.
  const app = Fastify({
    logger: options.logger ?? { level: "info" },
    bodyLimit: options.bodyLimitBytes ?? 512 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  await app.register(swagger, {
    openapi: { info: { title: "CoWatt oracle relay", version: "0.1.0", description: "Signed meter batches in, signed production summaries out (docs/metering-protocol.md)" } },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(rateLimit, {
    global: false,
    hook: "preValidation", // after parsing (the key is the body's gateway), before validation (malformed floods count too)
    keyGenerator: (request) => ((request.body as { gateway?: string } | undefined)?.gateway?.toLowerCase() ?? request.ip),
  });

  const rejectBatch = (reason: string) => metrics.batchRejections.inc({ reason });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode ?? 500;
    const reason = error.validation ? "invalid_body" : statusCode === 413 ? "body_too_large" : statusCode === 429 ? "rate_limited" : statusCode === 415 ? "unsupported_media_type" : statusCode === 400 ? "malformed_json" : "internal";
    if (request.url.startsWith("/v1/batches")) {
      rejectBatch(reason);
      metrics.batches.inc({ outcome: "rejected" });
    }
    if (statusCode >= 500) request.log.error({ err: error }, "request failed");
    void reply.status(statusCode).send({ error: reason, message: error.message });
  });

  app.post<{ Body: ReadingBatchBody }>(
    "/v1/batches",
    {
      schema: { body: batchSchema, summary: "Submit a gateway's signed batch of readings" },
      config: { rateLimit: { max: options.rateLimitPerMinute ?? 600, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const timer = metrics.batchSeconds.startTimer();
      try {
        const answer = await ingest(toBatch(request.body));
        metrics.batches.inc({ outcome: answer.body.replay ? "replay" : answer.statusCode === 200 ? "accepted" : answer.statusCode === 207 ? "partial" : "all_rejected" });
        return reply.status(answer.statusCode).send(answer.body);
      } catch (error) {
        if (!(error instanceof BatchRejected)) throw error;
        rejectBatch(error.reason);
        metrics.batches.inc({ outcome: "rejected" });
        request.log.warn({ reason: error.reason, gateway: request.body.gateway }, error.message);
        return reply.status(error.statusCode).send({ error: error.reason, message: error.message });
      } finally {
        timer();
      }
    },
  );

  app.get<{ Params: { assetId: string; start: string; end: string } }>(
    "/v1/summaries/:assetId/:start/:end",
    {
      schema: {
        summary: "The relay-signed production summary of an asset's period [start, end)",
        params: { type: "object", required: ["assetId", "start", "end"], properties: { assetId: decimal, start: u64, end: u64 } },
      },
    },
    async (request, reply) => {
      const assetId = BigInt(request.params.assetId);
      const start = BigInt(request.params.start);
      const end = BigInt(request.params.end);
      if (end <= start) return reply.status(400).send({ error: "empty_period", message: "end must be after start" });
      try {
        const summary = await summarize(store, { chainId, account, ipfsApiUrl: options.ipfsApiUrl }, assetId, start, end);
        metrics.summaries.inc();
        return summary;
      } catch (error) {
        if (!(error instanceof PinFailed)) throw error;
        // Nothing is lost: the readings stay stored and the next request for the period pins again.
        metrics.pinFailures.inc();
        request.log.error({ assetId: request.params.assetId, start: request.params.start, end: request.params.end }, error.message);
        return reply.status(502).send({ error: "ipfs_pin_failed", message: error.message });
      }
    },
  );

  app.get("/healthz", async (_request, reply) => {
    try {
      await store.query("SELECT 1");
      await publicClient.getBlockNumber();
      return { status: "ok", store: store.kind, chainId, relay: account.address, registry: options.registry };
    } catch (error) {
      return reply.status(503).send({ status: "unavailable", message: (error as Error).message });
    }
  });
  app.get("/metrics", async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  const url = await app.listen({ host: options.host ?? "127.0.0.1", port: options.port ?? 8788 });
  return {
    app,
    url,
    address: account.address,
    chainId,
    store,
    registry,
    metrics,
    async close() {
      registry.stop();
      await app.close();
      await roots.close();
      if (ownsStore) await store.close();
    },
  };
}
