import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { meterIdOf } from "../../src/validation.ts";
import type { ReadingJson } from "@cowatt/deployments/metering";

export const MOSQUITTO_URL = process.env.TEST_MQTT_URL ?? "mqtt://127.0.0.1:1883";
export const domain = { chainId: 31337n, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const };
export const quietLogger = pino({ level: process.env.LOG_LEVEL ?? "silent" });

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "cowatt-gw-"));
}

export function newGatewayKey() {
  const privateKey = generatePrivateKey();
  return { privateKey, address: privateKeyToAccount(privateKey).address };
}

/** A distinct asset id per test run, so runs against the shared Mosquitto never see each other's topics. */
export function uniqueAssetId(): bigint {
  return BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 1883), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Per meter, the sorted sequences received; asserts no duplicate on the way. */
export function sequencesByMeter(readings: ReadingJson[]): Map<string, number[]> {
  const byMeter = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const r of readings) {
    const key = `${r.meterId}:${r.sequence}`;
    if (seen.has(key)) throw new Error(`reading delivered twice: ${key}`);
    seen.add(key);
    const list = byMeter.get(r.meterId) ?? [];
    list.push(Number(r.sequence));
    byMeter.set(r.meterId, list);
  }
  for (const list of byMeter.values()) list.sort((a, b) => a - b);
  return byMeter;
}

export function expectedSequences(serials: string[], count: number): Map<string, number[]> {
  return new Map(serials.map((s) => [meterIdOf(s), Array.from({ length: count }, (_, i) => i + 1)]));
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
