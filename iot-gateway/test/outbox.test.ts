import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import mqtt from "mqtt";
import { privateKeyToAccount } from "viem/accounts";
import { startGateway } from "../src/gateway.ts";
import { Outbox } from "../src/outbox.ts";
import { signBatch } from "../src/signing.ts";
import { meterIdOf } from "../src/validation.ts";
import { meterTopic } from "../src/types.ts";
import { domain, newGatewayKey, quietLogger, tempDir, waitFor } from "./helpers/setup.ts";

const reading = (sequence: bigint) => ({ meterId: meterIdOf("m"), sequence, timestamp: 1_780_000_000n + sequence, energyWh: 10n * sequence, powerW: 5 });

describe("outbox", () => {
  it("persists meter state, pending readings and the batch sequence across a reopen; a sequence is never reused", async () => {
    const path = join(tempDir(), "outbox.sqlite");
    const account = privateKeyToAccount(newGatewayKey().privateKey);
    let outbox = new Outbox(path);
    for (const s of [1n, 2n, 3n]) outbox.accept(reading(s));
    const first = outbox.takePending(2);
    const body = await signBatch(account, domain, 1n, outbox.nextBatchSequence(), first.readings);
    outbox.seal(body, first.ids);
    // A second seal with the same sequence is refused: the sequence moved on in the same transaction.
    assert.throws(() => outbox.seal(body, []), /is not the next one/);
    outbox.close();

    outbox = new Outbox(path);
    assert.deepEqual(outbox.meterState(meterIdOf("m")), { sequence: 3n, timestamp: 1_780_000_003n, energyWh: 30n });
    assert.equal(outbox.pendingReadingCount(), 1);
    assert.equal(outbox.nextBatchSequence(), 2n);
    const [stored] = outbox.undelivered();
    assert.equal(stored!.body, JSON.stringify(body), "the identical signed body is resent after a restart");
    outbox.settle(1n, "delivered");
    assert.equal(outbox.undeliveredCount(), 0);
    assert.equal(outbox.nextBatchSequence(), 2n, "delivered batches keep their sequence reserved");
    outbox.close();
  });
});

describe("delivery outcomes", () => {
  it("retries 429/5xx, settles a permanently refused batch as rejected and goes on with the next", { timeout: 30_000 }, async () => {
    const key = newGatewayKey();
    const seen: { sequence: string; status: number }[] = [];
    let calls = 0;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        calls += 1;
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { batchSequence: string };
        // Batch 1: busy twice, then a permanent refusal. Batch 2: a server error once, then accepted.
        const status = body.batchSequence === "1" ? (calls <= 2 ? 429 : 422) : seen.some((s) => s.sequence === "2") ? 200 : 503;
        seen.push({ sequence: body.batchSequence, status });
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ status }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const gateway = await startGateway({
      ...key, chainId: domain.chainId, deviceRegistry: domain.registry, assetId: 3n,
      meters: [{ serial: "m", maxPowerW: 100 }], relayUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      outboxPath: join(tempDir(), "outbox.sqlite"), batchMaxReadings: 1, batchIntervalMs: 50, retryBaseMs: 10, retryMaxMs: 50, logger: quietLogger,
    });
    const client = await mqtt.connectAsync(gateway.mqttUrl);
    try {
      const now = Math.floor(Date.now() / 1000) - 100;
      await client.publishAsync(meterTopic(3n, "m"), JSON.stringify({ sequence: 1, timestamp: now, energyWh: 1, powerW: 1 }), { qos: 1 });
      await waitFor(() => seen.length >= 3, 10_000, "batch 1 settled");
      await client.publishAsync(meterTopic(3n, "m"), JSON.stringify({ sequence: 2, timestamp: now + 60, energyWh: 2, powerW: 1 }), { qos: 1 });
      await gateway.drained(10_000);
      assert.deepEqual(seen, [
        { sequence: "1", status: 429 },
        { sequence: "1", status: 429 },
        { sequence: "1", status: 422 },
        { sequence: "2", status: 503 },
        { sequence: "2", status: 200 },
      ]);
      assert.deepEqual(gateway.outbox.batchStatusCounts(), { delivered: 1, rejected: 1 });
      const metrics = await (await fetch(`${gateway.httpUrl}/metrics`)).text();
      assert.match(metrics, /gateway_batches_settled_total\{outcome="rejected"\} 1/);
      assert.match(metrics, /gateway_delivery_attempts_total\{result="retryable"\} 3/);
    } finally {
      await client.endAsync();
      await gateway.stop();
      server.close();
    }
  });
});
