/**
 * A minimal relay for tests: a real HTTP server implementing the relay side of POST /v1/batches from
 * docs/metering-protocol.md — recomputes the root, recovers the EIP-712 signer, accepts only the expected
 * gateway, answers a resubmitted (gateway, batchSequence) idempotently. It can be stopped and restarted on
 * the same port to play a relay outage.
 */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Address } from "viem";
import { recoverBatchSigner } from "../../src/signing.ts";
import type { SigningDomain } from "../../src/signing.ts";
import type { ReadingBatchBody as BatchBody, ReadingJson } from "@cowatt/deployments/metering";

export interface TestRelay {
  url: string;
  batches: Map<string, BatchBody>;
  /** Every reading accepted, in arrival order (a duplicate would appear twice). */
  readings: ReadingJson[];
  posts: number;
  resubmissions: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTestRelay(domain: SigningDomain, gateway: Address, port = 0): Promise<TestRelay> {
  const batches = new Map<string, BatchBody>();
  const readings: ReadingJson[] = [];
  let server: Server | undefined;
  let boundPort = port;
  const relay: TestRelay = {
    url: "",
    batches,
    readings,
    posts: 0,
    resubmissions: 0,
    async stop() {
      await new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      });
      server = undefined;
    },
    async start() {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (c: Buffer) => chunks.push(c));
        request.on("end", async () => {
          relay.posts += 1;
          const reply = (status: number, body: unknown) => {
            response.writeHead(status, { "content-type": "application/json" });
            response.end(JSON.stringify(body));
          };
          if (request.method !== "POST" || request.url !== "/v1/batches") return reply(404, { error: "not found" });
          let body: BatchBody;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString()) as BatchBody;
          } catch {
            return reply(400, { error: "malformed JSON" });
          }
          let signer: Address;
          try {
            signer = await recoverBatchSigner(domain, body);
          } catch (error) {
            return reply(400, { error: (error as Error).message });
          }
          if (signer.toLowerCase() !== gateway.toLowerCase() || body.gateway.toLowerCase() !== gateway.toLowerCase()) {
            return reply(401, { error: `bad signature: signer ${signer}` });
          }
          const key = `${body.gateway.toLowerCase()}:${body.batchSequence}`;
          const previous = batches.get(key);
          if (previous) {
            relay.resubmissions += 1;
            if (previous.readingsRoot !== body.readingsRoot) return reply(409, { error: "batchSequence reused with other readings" });
            return reply(200, { batchSequence: body.batchSequence, accepted: previous.readings.length, duplicate: true });
          }
          batches.set(key, body);
          readings.push(...body.readings);
          return reply(200, { batchSequence: body.batchSequence, accepted: body.readings.length });
        });
      });
      await new Promise<void>((resolve) => server!.listen(boundPort, "127.0.0.1", resolve));
      boundPort = (server.address() as AddressInfo).port;
      relay.url = `http://127.0.0.1:${boundPort}`;
    },
  };
  await relay.start();
  return relay;
}
