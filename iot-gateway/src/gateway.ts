/**
 * The gateway service: MQTT subscription to its asset's meters → calibration and validation → durable
 * outbox → EIP-712 signed batches → POST /v1/batches to the relay with retry, exponential backoff and
 * full jitter. Health and Prometheus metrics on a small Fastify server.
 */
import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import aedes from "aedes";
import Fastify from "fastify";
import mqtt from "mqtt";
import type { MqttClient } from "mqtt";
import pino from "pino";
import type { Logger } from "pino";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { privateKeyToAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { MAX_READINGS_PER_BATCH } from "@cowatt/deployments/metering";
import { Outbox } from "./outbox.ts";
import { signBatch } from "./signing.ts";
import { ReadingValidator } from "./validation.ts";
import type { MeterConfig } from "./types.ts";

export interface GatewayOptions {
  privateKey: Hex;
  chainId: bigint;
  deviceRegistry: Address;
  assetId: bigint;
  meters: MeterConfig[];
  relayUrl: string;
  /** Broker URL; when absent an embedded aedes broker listens on `embeddedBrokerPort` (0: a free port). */
  mqttUrl?: string;
  embeddedBrokerPort?: number;
  outboxPath: string;
  httpPort?: number;
  httpHost?: string;
  batchMaxReadings?: number;
  batchIntervalMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
  maxFutureSkewSeconds?: number;
  maxGapSeconds?: number;
  logger?: Logger;
}

export interface Gateway {
  address: Address;
  mqttUrl: string;
  httpUrl: string;
  outbox: Outbox;
  metrics: Registry;
  /** Seals pending readings into batches now and tries to deliver everything outstanding. */
  flush(): Promise<void>;
  /** Resolves once no reading is pending and every batch is settled (or rejects after timeoutMs). */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The per-reading refusals in a relay's answer (`rejected: [{ index, meterId, sequence, reason }]`). */
function readingRejections(text: string): unknown[] {
  try {
    const answer = JSON.parse(text) as { rejected?: unknown };
    return Array.isArray(answer.rejected) ? answer.rejected : [];
  } catch {
    return [];
  }
}

/** HTTP statuses worth retrying: the relay may succeed later. Any other 4xx is a permanent rejection. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/**
 * The embedded broker is part of the gateway, so it ingests at the broker: a meter's QoS 1 publish is
 * acknowledged only after `ingest` has committed the reading to the outbox (a subscriber would get the
 * message after the broker had already acknowledged it, and a crash in between would lose it with the
 * broker's in-memory queue).
 */
async function embeddedBroker(
  port: number,
  readingTopic: RegExp,
  ingest: (topic: string, payload: Buffer) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const broker = aedes.createBroker();
  broker.authorizePublish = (_client, packet, callback) => {
    if (readingTopic.test(packet.topic)) {
      try {
        ingest(packet.topic, Buffer.from(packet.payload));
      } catch (error) {
        // Not stored: refuse it, so the meter's client resends it.
        return callback(error as Error);
      }
    }
    callback(null);
  };
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        broker.close(() => server.close(() => resolve()));
      }),
  };
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.logger ?? pino({ name: "iot-gateway", level: process.env.LOG_LEVEL ?? "info" });
  const account = privateKeyToAccount(options.privateKey);
  const domain = { chainId: options.chainId, registry: options.deviceRegistry };
  const batchMax = options.batchMaxReadings ?? MAX_READINGS_PER_BATCH;
  const batchIntervalMs = options.batchIntervalMs ?? 5000;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const retryMaxMs = options.retryMaxMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  if (batchMax < 1 || batchMax > MAX_READINGS_PER_BATCH) throw new Error(`batchMaxReadings must be within 1..${MAX_READINGS_PER_BATCH} (protocol limit)`);

  const outbox = new Outbox(options.outboxPath);
  const validator = new ReadingValidator(options.meters, {
    maxFutureSkewSeconds: options.maxFutureSkewSeconds,
    maxGapSeconds: options.maxGapSeconds,
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gateway_" });
  const received = new Counter({ name: "gateway_readings_received_total", help: "MQTT reading messages received", registers: [registry] });
  const accepted = new Counter({ name: "gateway_readings_accepted_total", help: "Readings accepted into the outbox", registers: [registry] });
  const dropped = new Counter({ name: "gateway_readings_dropped_total", help: "Readings dropped, by reason", labelNames: ["reason"], registers: [registry] });
  const gaps = new Counter({ name: "gateway_reading_gaps_total", help: "Gaps reported (sequence: missing readings, time: long silences)", labelNames: ["kind"], registers: [registry] });
  const batchesSealed = new Counter({ name: "gateway_batches_sealed_total", help: "Signed batches committed to the outbox", registers: [registry] });
  const batchesSettled = new Counter({ name: "gateway_batches_settled_total", help: "Batches settled with the relay, by outcome", labelNames: ["outcome"], registers: [registry] });
  const readingsDelivered = new Counter({ name: "gateway_readings_delivered_total", help: "Readings in batches the relay accepted", registers: [registry] });
  const readingsRefused = new Counter({ name: "gateway_readings_refused_by_relay_total", help: "Readings of delivered batches the relay refused individually", registers: [registry] });
  const attempts = new Counter({ name: "gateway_delivery_attempts_total", help: "POST /v1/batches attempts, by result", labelNames: ["result"], registers: [registry] });
  const deliverySeconds = new Histogram({ name: "gateway_delivery_seconds", help: "Relay round trip of a batch", registers: [registry] });
  new Gauge({ name: "gateway_outbox_pending_readings", help: "Accepted readings not yet in a batch", registers: [registry], collect() { this.set(outbox.pendingReadingCount()); } });
  new Gauge({ name: "gateway_outbox_undelivered_batches", help: "Signed batches waiting for the relay", registers: [registry], collect() { this.set(outbox.undeliveredCount()); } });

  // --- sealing and delivery -------------------------------------------------------------------
  let stopping = false;
  let sealing: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;
  let lastDeliveryError: string | null = null;

  async function sealPending(): Promise<void> {
    while (outbox.pendingReadingCount() > 0) {
      const { ids, readings } = outbox.takePending(batchMax);
      const sequence = outbox.nextBatchSequence();
      const body = await signBatch(account, domain, options.assetId, sequence, readings);
      outbox.seal(body, ids);
      batchesSealed.inc();
      log.debug({ batchSequence: body.batchSequence, readings: readings.length }, "batch sealed");
    }
  }
  function seal(): Promise<void> {
    // Serialised: one sealer at a time, so takePending/seal never race for the same readings.
    sealing = sealing.then(sealPending).catch((error: unknown) => log.error({ err: error }, "sealing failed"));
    const done = sealing;
    wake?.();
    return done;
  }

  async function deliver(batch: { batchSequence: bigint; body: string; readingCount: number }): Promise<"settled" | "retry"> {
    const timer = deliverySeconds.startTimer();
    try {
      const response = await fetch(new URL("/v1/batches", options.relayUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: batch.body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const text = await response.text();
      timer();
      if (response.ok) {
        // 200: all stored; 207: the relay refused some readings on their own (reasons in the answer, logged).
        const rejected = readingRejections(text);
        if (rejected.length > 0) {
          readingsRefused.inc(rejected.length);
          log.warn({ batchSequence: String(batch.batchSequence), rejected }, "relay refused readings of a batch");
        }
        outbox.recordAttempt(batch.batchSequence, null);
        outbox.settle(batch.batchSequence, "delivered");
        attempts.inc({ result: "accepted" });
        batchesSettled.inc({ outcome: "delivered" });
        readingsDelivered.inc(batch.readingCount - rejected.length);
        lastDeliveryError = null;
        log.debug({ batchSequence: String(batch.batchSequence), status: response.status }, "batch delivered");
        return "settled";
      }
      const reason = `HTTP ${response.status}: ${text.slice(0, 500)}`;
      outbox.recordAttempt(batch.batchSequence, reason);
      if (retryable(response.status)) {
        attempts.inc({ result: "retryable" });
        lastDeliveryError = reason;
        return "retry";
      }
      outbox.settle(batch.batchSequence, "rejected", reason);
      attempts.inc({ result: "rejected" });
      batchesSettled.inc({ outcome: "rejected" });
      log.error({ batchSequence: String(batch.batchSequence), reason }, "relay rejected batch");
      return "settled";
    } catch (error) {
      timer();
      const reason = error instanceof Error ? error.message : String(error);
      outbox.recordAttempt(batch.batchSequence, reason);
      attempts.inc({ result: "network_error" });
      lastDeliveryError = reason;
      return "retry";
    }
  }

  // Only an idle wait is cut short by a new batch; a backoff wait runs to its end, or a relay outage would
  // be retried at the sealing rate instead of backing off.
  const sleep = (ms: number, interruptible: boolean) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        if (!interruptible && !stopping) return;
        clearTimeout(t);
        resolve();
      };
    });

  async function deliveryLoop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      const batch = outbox.undelivered(1)[0];
      if (!batch) {
        await sleep(batchIntervalMs, true);
        continue;
      }
      if ((await deliver(batch)) === "settled") {
        failures = 0;
        continue;
      }
      failures += 1;
      // Exponential backoff with full jitter: uniform in [0, min(max, base × 2^failures)].
      const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(failures, 30));
      const delay = Math.round(Math.random() * ceiling);
      log.warn({ batchSequence: String(batch.batchSequence), failures, delayMs: delay, error: lastDeliveryError }, "relay unavailable, retrying");
      await sleep(delay, false);
    }
  }

  // --- MQTT -------------------------------------------------------------------------------------
  const topic = `cowatt/${options.assetId}/meters/+/reading`;
  const topicPattern = new RegExp(`^cowatt/${options.assetId}/meters/[^/]+/reading$`);
  let broker: Awaited<ReturnType<typeof embeddedBroker>> | undefined;
  let client: MqttClient | undefined;
  if (options.mqttUrl) {
    client = mqtt.connect(options.mqttUrl, {
      // A stable client id and a persistent session: the broker keeps QoS 1 readings while the gateway is down.
      clientId: `cowatt-gw-${account.address.slice(2, 14).toLowerCase()}-${options.assetId}`,
      clean: false,
      reconnectPeriod: 500,
    });
    // mqtt.js acknowledges a QoS 1 message only after handleMessage's callback: the reading is committed first.
    client.handleMessage = (packet, done) => {
      try {
        if (packet.cmd === "publish") onReading(packet.topic, packet.payload as Buffer);
        done();
      } catch (error) {
        log.error({ err: error }, "could not store reading");
        done(error as Error);
      }
    };
    client.on("connect", () => log.info({ mqttUrl: options.mqttUrl }, "MQTT connected"));
    client.on("error", (error) => log.warn({ err: error }, "MQTT error"));
    const connecting = client;
    await new Promise<void>((resolve, reject) => {
      connecting.once("connect", () => resolve());
      connecting.once("error", reject);
    });
    await client.subscribeAsync(topic, { qos: 1 });
  } else {
    broker = await embeddedBroker(options.embeddedBrokerPort ?? 0, topicPattern, onReading);
  }
  const mqttUrl = options.mqttUrl ?? broker!.url;
  const mqttConnected = () => (client ? client.connected : true);

  function onReading(topicName: string, payload: Buffer): void {
    received.inc();
    const serial = topicName.split("/")[3] ?? "";
    const meter = validator.meter(serial);
    const result = validator.validate(serial, payload, meter ? outbox.meterState(meter.meterId) : undefined);
    if (!result.ok) {
      dropped.inc({ reason: result.reason });
      log.warn({ serial, reason: result.reason, detail: result.detail }, "reading dropped");
      return;
    }
    for (const gap of result.gaps) {
      gaps.inc({ kind: gap.kind });
      log.warn({ serial, kind: gap.kind, size: gap.size }, "reading gap");
    }
    outbox.accept(result.reading);
    accepted.inc();
    if (outbox.pendingReadingCount() >= batchMax) void seal();
  }

  const sealTimer = setInterval(() => void seal(), batchIntervalMs);
  const delivering = deliveryLoop();
  void seal();

  // --- HTTP: health and metrics -----------------------------------------------------------------
  // Request logs at warn: /metrics is scraped every few seconds.
  const http = Fastify({ loggerInstance: log.child({ component: "http" }, { level: log.levelVal > 40 ? log.level : "warn" }) });
  http.get("/healthz", async (_request, reply) => {
    const body = {
      status: mqttConnected() ? "ok" : "degraded",
      gateway: account.address,
      mqtt: { url: mqttUrl, embedded: !client, connected: mqttConnected() },
      outbox: { pendingReadings: outbox.pendingReadingCount(), undeliveredBatches: outbox.undeliveredCount(), ...outbox.batchStatusCounts() },
      relay: { url: options.relayUrl, lastError: lastDeliveryError },
    };
    return reply.code(mqttConnected() ? 200 : 503).send(body);
  });
  http.get("/metrics", async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  const httpUrl = await http.listen({ port: options.httpPort ?? 0, host: options.httpHost ?? "127.0.0.1" });
  log.info({ gateway: account.address, mqttUrl, topic, httpUrl, relayUrl: options.relayUrl }, "gateway started");

  return {
    address: account.address,
    mqttUrl,
    httpUrl,
    outbox,
    metrics: registry,
    async flush() {
      await seal();
    },
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (outbox.pendingReadingCount() > 0 || outbox.undeliveredCount() > 0) {
        if (Date.now() > deadline) throw new Error(`outbox not drained after ${timeoutMs} ms (last error: ${lastDeliveryError})`);
        await seal();
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopping = true;
      clearInterval(sealTimer);
      await client?.endAsync();
      await broker?.close();
      await sealing;
      wake?.();
      await delivering;
      await http.close();
      outbox.close();
    },
  };
}
