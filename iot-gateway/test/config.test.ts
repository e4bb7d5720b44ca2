import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, gatewayOptionsFromEnv } from "../src/config.ts";
import { tempDir } from "./helpers/setup.ts";

const base = {
  GATEWAY_PRIVATE_KEY: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  CHAIN_ID: "31337",
  DEVICE_REGISTRY_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  ASSET_ID: "1",
  RELAY_URL: "http://127.0.0.1:8788",
  METERS: JSON.stringify([{ serial: "SN-1", maxPowerW: 5000, gain: 1.01, offsetWh: -3 }]),
};

describe("configuration from the environment", () => {
  it("reads a complete environment with defaults", () => {
    const options = gatewayOptionsFromEnv(base);
    assert.equal(options.chainId, 31337n);
    assert.equal(options.assetId, 1n);
    assert.equal(options.mqttUrl, undefined, "embedded broker by default");
    assert.equal(options.httpPort, 9464);
    assert.equal(options.batchMaxReadings, 1000);
    assert.deepEqual(options.meters, [{ serial: "SN-1", maxPowerW: 5000, gain: 1.01, offsetWh: -3 }]);
  });

  it("reads the key and the meters from files", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "key"), base.GATEWAY_PRIVATE_KEY.slice(2) + "\n");
    writeFileSync(join(dir, "meters.json"), base.METERS);
    const { GATEWAY_PRIVATE_KEY: _k, METERS: _m, ...rest } = base;
    const options = gatewayOptionsFromEnv({ ...rest, GATEWAY_KEY_FILE: join(dir, "key"), METERS_FILE: join(dir, "meters.json"), MQTT_URL: "mqtt://127.0.0.1:1883" });
    assert.equal(options.privateKey, base.GATEWAY_PRIVATE_KEY);
    assert.equal(options.mqttUrl, "mqtt://127.0.0.1:1883");
  });

  for (const [change, message] of [
    [{ GATEWAY_PRIVATE_KEY: "" }, /GATEWAY_PRIVATE_KEY or GATEWAY_KEY_FILE is required/],
    [{ GATEWAY_PRIVATE_KEY: "0x1234" }, /32 bytes of hex/],
    [{ CHAIN_ID: "" }, /CHAIN_ID \(or DEPLOYMENT_NETWORK\) is required/],
    [{ DEPLOYMENT_NETWORK: "nowhere" }, /No CoWatt deployment for network "nowhere"/],
    [{ CHAIN_ID: "-1" }, /CHAIN_ID must be a non-negative integer/],
    [{ DEVICE_REGISTRY_ADDRESS: "0x12" }, /DEVICE_REGISTRY_ADDRESS is not an address/],
    [{ ASSET_ID: "one" }, /ASSET_ID must be a decimal integer/],
    [{ RELAY_URL: "relay" }, /RELAY_URL is not a URL/],
    [{ METERS: "" }, /METERS \(JSON array\) or METERS_FILE is required/],
    [{ METERS: "[" }, /METERS is not valid JSON/],
    [{ METERS: "[]" }, /non-empty JSON array/],
    [{ METERS: JSON.stringify([{ serial: "a/b", maxPowerW: 1 }]) }, /serial must be/],
    [{ METERS: JSON.stringify([{ serial: "a", maxPowerW: 0 }]) }, /maxPowerW must be a positive number/],
    [{ METERS: JSON.stringify([{ serial: "a", maxPowerW: 1, gain: -1 }]) }, /gain must be a positive number/],
    [{ BATCH_MAX_READINGS: "ten" }, /BATCH_MAX_READINGS must be a non-negative integer/],
  ] as const) {
    it(`rejects ${JSON.stringify(change)} with a clear error`, () => {
      assert.throws(() => gatewayOptionsFromEnv({ ...base, ...change }), (error: unknown) => error instanceof ConfigError && message.test(error.message));
    });
  }
});
