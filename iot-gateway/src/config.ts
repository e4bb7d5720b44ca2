/** Gateway configuration from the environment, with a clear error for every missing or malformed value. */
import { readFileSync } from "node:fs";
import { readDeployment } from "@cowatt/deployments";
import { MAX_READINGS_PER_BATCH } from "@cowatt/deployments/metering";
import { isAddress, isHex } from "viem";
import type { Address, Hex } from "viem";
import type { GatewayOptions } from "./gateway.ts";
import type { MeterConfig } from "./types.ts";

export class ConfigError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback?: number): number | undefined {
  const value = env[name]?.trim();
  if (!value) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseMeters(json: string, source: string): MeterConfig[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(`${source} must be a non-empty JSON array of meters`);
  return value.map((m: unknown, i) => {
    const meter = m as Partial<MeterConfig>;
    if (typeof meter.serial !== "string" || !/^[A-Za-z0-9._-]+$/.test(meter.serial)) {
      throw new ConfigError(`${source}[${i}].serial must be a string of letters, digits, '.', '_' or '-' (it is an MQTT topic level)`);
    }
    if (typeof meter.maxPowerW !== "number" || !(meter.maxPowerW > 0)) throw new ConfigError(`${source}[${i}].maxPowerW must be a positive number`);
    if (meter.gain !== undefined && !(typeof meter.gain === "number" && meter.gain > 0)) throw new ConfigError(`${source}[${i}].gain must be a positive number`);
    if (meter.offsetWh !== undefined && typeof meter.offsetWh !== "number") throw new ConfigError(`${source}[${i}].offsetWh must be a number`);
    return { serial: meter.serial, maxPowerW: meter.maxPowerW, gain: meter.gain, offsetWh: meter.offsetWh };
  });
}

/**
 * GATEWAY_PRIVATE_KEY or GATEWAY_KEY_FILE, CHAIN_ID and DEVICE_REGISTRY_ADDRESS (or DEPLOYMENT_NETWORK to read
 * both from @cowatt/deployments), ASSET_ID, RELAY_URL,
 * METERS (JSON) or METERS_FILE; optional MQTT_URL (else embedded aedes on MQTT_EMBEDDED_PORT, default a free
 * port), OUTBOX_PATH (default ./data/gateway-outbox.sqlite), HTTP_PORT (default 9464), HTTP_HOST,
 * BATCH_MAX_READINGS (1000), BATCH_INTERVAL_MS (5000), RETRY_BASE_MS (500), RETRY_MAX_MS (60000).
 */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayOptions {
  const keyText = env.GATEWAY_PRIVATE_KEY?.trim() || (env.GATEWAY_KEY_FILE ? readFileSync(env.GATEWAY_KEY_FILE, "utf8").trim() : "");
  if (!keyText) throw new ConfigError("GATEWAY_PRIVATE_KEY or GATEWAY_KEY_FILE is required");
  const privateKey = (keyText.startsWith("0x") ? keyText : `0x${keyText}`) as Hex;
  if (!isHex(privateKey) || privateKey.length !== 66) throw new ConfigError("the gateway key must be 32 bytes of hex");
  // The domain comes from the deployment record (DEPLOYMENT_NETWORK, e.g. "localhost") unless given explicitly.
  let deployment: { chainId: number; registry: string } | undefined;
  if (env.DEPLOYMENT_NETWORK?.trim()) {
    try {
      const record = readDeployment(env.DEPLOYMENT_NETWORK.trim());
      deployment = { chainId: record.chainId, registry: record.contracts.DeviceRegistry.address };
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  const registry = env.DEVICE_REGISTRY_ADDRESS?.trim() || deployment?.registry;
  if (!registry) throw new ConfigError("DEVICE_REGISTRY_ADDRESS (or DEPLOYMENT_NETWORK) is required");
  if (!isAddress(registry)) throw new ConfigError(`DEVICE_REGISTRY_ADDRESS is not an address: "${registry}"`);
  const chainId = integer(env, "CHAIN_ID") ?? deployment?.chainId;
  if (chainId === undefined) throw new ConfigError("CHAIN_ID (or DEPLOYMENT_NETWORK) is required");
  const assetId = required(env, "ASSET_ID");
  if (!/^\d+$/.test(assetId)) throw new ConfigError(`ASSET_ID must be a decimal integer, got "${assetId}"`);
  const relayUrl = required(env, "RELAY_URL");
  try {
    new URL(relayUrl);
  } catch {
    throw new ConfigError(`RELAY_URL is not a URL: "${relayUrl}"`);
  }
  const meters = env.METERS?.trim()
    ? parseMeters(env.METERS, "METERS")
    : env.METERS_FILE
      ? parseMeters(readFileSync(env.METERS_FILE, "utf8"), env.METERS_FILE)
      : (() => {
          throw new ConfigError("METERS (JSON array) or METERS_FILE is required");
        })();
  return {
    privateKey,
    chainId: BigInt(chainId),
    deviceRegistry: registry as Address,
    assetId: BigInt(assetId),
    meters,
    relayUrl,
    mqttUrl: env.MQTT_URL?.trim() || undefined,
    embeddedBrokerPort: integer(env, "MQTT_EMBEDDED_PORT", 0),
    outboxPath: env.OUTBOX_PATH?.trim() || "./data/gateway-outbox.sqlite",
    httpPort: integer(env, "HTTP_PORT", 9464),
    httpHost: env.HTTP_HOST?.trim() || "127.0.0.1",
    batchMaxReadings: integer(env, "BATCH_MAX_READINGS", MAX_READINGS_PER_BATCH),
    batchIntervalMs: integer(env, "BATCH_INTERVAL_MS", 5000),
    retryBaseMs: integer(env, "RETRY_BASE_MS", 500),
    retryMaxMs: integer(env, "RETRY_MAX_MS", 60_000),
  };
}
