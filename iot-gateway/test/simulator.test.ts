import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CloudCover,
  clearSkySolarW,
  createRandom,
  DEFAULT_TURBINE,
  sunElevationDeg,
  turbinePowerW,
  WindSpeed,
} from "../src/simulator-profiles.ts";
import { MeterModel } from "../src/simulator.ts";

const munich = { latitudeDeg: 48.1, longitudeDeg: 11.6, capacityW: 10_000 };
const utc = (iso: string) => Date.parse(iso) / 1000;

describe("solar profile", () => {
  it("is zero at night and the sun is below the horizon", () => {
    assert.ok(sunElevationDeg(utc("2026-06-21T23:00:00Z"), 48.1, 11.6) < 0);
    assert.equal(clearSkySolarW(munich, utc("2026-06-21T23:00:00Z")), 0);
    assert.equal(clearSkySolarW(munich, utc("2026-12-21T17:00:00Z")), 0);
    const model = new MeterModel({ serial: "pv", kind: "solar", capacityW: 10_000 }, 7);
    for (let t = utc("2026-06-21T21:00:00Z"); t < utc("2026-06-22T02:00:00Z"); t += 300) assert.equal(model.powerAt(t, 300), 0);
  });

  it("follows the sun: peaks near solar noon, higher in summer than winter, higher in the south", () => {
    const noon = clearSkySolarW(munich, utc("2026-06-21T11:15:00Z"));
    assert.ok(noon > clearSkySolarW(munich, utc("2026-06-21T07:00:00Z")));
    assert.ok(noon > clearSkySolarW(munich, utc("2026-06-21T15:30:00Z")));
    assert.ok(noon <= munich.capacityW);
    assert.ok(noon > 0.6 * munich.capacityW);
    assert.ok(clearSkySolarW(munich, utc("2026-12-21T11:15:00Z")) < 0.5 * noon);
    const madridWinter = clearSkySolarW({ ...munich, latitudeDeg: 40.4, longitudeDeg: -3.7 }, utc("2026-12-21T12:15:00Z"));
    assert.ok(madridWinter > clearSkySolarW(munich, utc("2026-12-21T11:15:00Z")));
    // Summer solstice noon elevation at 48.1°N is 90 − 48.1 + 23.44 ≈ 65.3°.
    const el = sunElevationDeg(utc("2026-06-21T11:15:00Z"), 48.1, 11.6);
    assert.ok(Math.abs(el - 65.3) < 1.5, `elevation ${el}`);
  });

  it("weather is autocorrelated noise that only ever reduces clear-sky output", () => {
    const clouds = new CloudCover(createRandom(3));
    const series = Array.from({ length: 2000 }, () => clouds.step(60));
    assert.ok(series.every((x) => x >= 0.25 && x <= 1));
    const mean = series.reduce((a, b) => a + b, 0) / series.length;
    let num = 0;
    let den = 0;
    for (let i = 1; i < series.length; i++) num += (series[i]! - mean) * (series[i - 1]! - mean);
    for (const x of series) den += (x - mean) ** 2;
    assert.ok(num / den > 0.8, `lag-1 autocorrelation ${num / den}`);
  });
});

describe("wind profile", () => {
  const curve = { ratedPowerW: 2_000_000, ...DEFAULT_TURBINE };
  it("power curve: zero below cut-in and from cut-out, rated between rated speed and cut-out, increasing between", () => {
    assert.equal(turbinePowerW(curve, 0), 0);
    assert.equal(turbinePowerW(curve, 2.99), 0);
    assert.equal(turbinePowerW(curve, 3), 0);
    assert.equal(turbinePowerW(curve, 12), curve.ratedPowerW);
    assert.equal(turbinePowerW(curve, 24.9), curve.ratedPowerW);
    assert.equal(turbinePowerW(curve, 25), 0);
    let previous = 0;
    for (let v = 3.1; v < 12; v += 0.1) {
      const p = turbinePowerW(curve, v);
      assert.ok(p > previous && p < curve.ratedPowerW);
      previous = p;
    }
  });

  it("wind speed has the requested mean, persistence, and the output stays within [0, rated]", () => {
    const wind = new WindSpeed(createRandom(11), 7);
    const speeds = Array.from({ length: 20_000 }, () => wind.step(600));
    const mean = speeds.reduce((a, b) => a + b, 0) / speeds.length;
    assert.ok(Math.abs(mean - 7) < 0.7, `mean ${mean}`);
    const jumps = speeds.slice(1).map((v, i) => Math.abs(v - speeds[i]!));
    assert.ok(jumps.reduce((a, b) => a + b, 0) / jumps.length < 2, "consecutive 10-minute speeds are close");
    for (const v of speeds) {
      const p = turbinePowerW(curve, v);
      assert.ok(p >= 0 && p <= curve.ratedPowerW);
    }
  });
});

describe("meter model", () => {
  it("is deterministic for a seed, sequences step by one and the register is monotonic", () => {
    const meter = { serial: "wind-1", kind: "wind" as const, capacityW: 3000 };
    const a = new MeterModel(meter, 42);
    const b = new MeterModel(meter, 42);
    const c = new MeterModel(meter, 43);
    const start = utc("2026-03-01T00:00:00Z");
    const ra = Array.from({ length: 100 }, (_, i) => a.next(start + i * 60, 60));
    const rb = Array.from({ length: 100 }, (_, i) => b.next(start + i * 60, 60));
    const rc = Array.from({ length: 100 }, (_, i) => c.next(start + i * 60, 60));
    assert.deepEqual(ra, rb);
    assert.notDeepEqual(ra, rc);
    ra.forEach((r, i) => {
      assert.equal(r.sequence, i + 1);
      if (i > 0) assert.ok(r.energyWh >= ra[i - 1]!.energyWh);
      assert.ok(r.powerW >= 0 && r.powerW <= 3000);
    });
  });
});

describe("simulator clocks over MQTT", () => {
  it("fast-forward publishes at N× from the start time and stops at the wall clock; realtime stamps now", { timeout: 20_000 }, async () => {
    const { default: aedes } = await import("aedes");
    const { createServer } = await import("node:net");
    const mqtt = (await import("mqtt")).default;
    const { startSimulator } = await import("../src/simulator.ts");
    const broker = aedes.createBroker();
    const server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `mqtt://127.0.0.1:${(server.address() as { port: number }).port}`;
    const received: { sequence: number; timestamp: number }[] = [];
    const listener = await mqtt.connectAsync(url);
    await listener.subscribeAsync("cowatt/7/meters/+/reading", { qos: 1 });
    listener.on("message", (_topic, payload) => received.push(JSON.parse(payload.toString())));
    const wallNow = Math.floor(Date.now() / 1000);
    // 60 s of simulated time every 10 ms (6000×), starting 30 minutes ago: 30 readings, then it waits for the clock.
    const fast = await startSimulator({ mqttUrl: url, assetId: "7", clock: "fast", speed: 6000, intervalSeconds: 60, startTime: wallNow - 1800, meters: [{ serial: "pv", kind: "solar", capacityW: 1000 }] });
    await new Promise((r) => setTimeout(r, 1500));
    await fast.stop();
    assert.ok(received.length >= 29 && received.length <= 31, `${received.length} readings`);
    received.forEach((r, i) => {
      assert.equal(r.sequence, i + 1);
      assert.equal(r.timestamp, wallNow - 1800 + i * 60);
    });
    received.length = 0;
    const realtime = await startSimulator({ mqttUrl: url, assetId: "7", clock: "realtime", intervalSeconds: 1, meters: [{ serial: "wt", kind: "wind", capacityW: 1000 }] });
    await new Promise((r) => setTimeout(r, 1300));
    await realtime.stop();
    assert.ok(received.length >= 1);
    assert.ok(Math.abs(received[0]!.timestamp - Math.floor(Date.now() / 1000)) <= 2);
    await listener.endAsync();
    await new Promise<void>((resolve) => broker.close(() => server.close(() => resolve())));
  });
});
