/**
 * Pinning period files through a Kubo RPC API. No Kubo binary exists on this machine, so the test runs an HTTP
 * server implementing the part of Kubo's API the relay uses, closely: `POST /api/v0/add` with a multipart file,
 * honouring `cid-version`, `raw-leaves`, `hash` and `pin` as Kubo does (UnixFS import with Kubo's defaults:
 * 256 KiB fixed-size chunks, balanced layout of 174 links; CIDv0 and dag-pb leaves unless told otherwise;
 * newline-delimited JSON answers; errors as {"Message","Code","Type":"error"} with status 500), `pin/ls` and
 * `cat`. The relay's summary must carry the CID the node returned, equal to the locally computed one, and a
 * failure to pin must be answered clearly (502 ipfs_pin_failed, metric) while the period's readings stay and a
 * later request succeeds. Not run against a real Kubo.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { network } from "hardhat";
import { importer } from "ipfs-unixfs-importer";
import { MemoryBlockstore } from "blockstore-core/memory";
import type { Hex, PublicClient } from "viem";
import { startRelay, type Relay } from "../src/server.ts";
import { openStore, type Store } from "../src/store.ts";
import { localCid, periodFile } from "../src/summary.ts";
import { counterValue } from "./helpers.ts";

interface KuboCall {
  path: string;
  query: Record<string, string>;
}

/** A Kubo-compatible RPC API subset over node:http; `failure` makes `add` fail until cleared. */
async function startKubo() {
  const blocks = new MemoryBlockstore();
  const files = new Map<string, Uint8Array>();
  const pins = new Set<string>();
  const calls: KuboCall[] = [];
  const state = { failure: undefined as undefined | { status: number; message: string }, answerCidV0: false };

  const kuboError = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ Message: message, Code: 0, Type: "error" }));
  };

  async function add(req: IncomingMessage, res: ServerResponse, query: Record<string, string>) {
    const request = new Request(`http://kubo${req.url}`, {
      method: "POST",
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    const form = await request.formData();
    const entry = form.get("file"); // the relay's field name (Kubo takes the first file part, whatever its name)
    const file = entry !== null && typeof entry !== "string" ? entry : undefined;
    if (!file) return kuboError(res, 400, "file argument 'path' is required");
    if (state.failure) return kuboError(res, state.failure.status, state.failure.message);
    // Kubo: CIDv0 by default; raw leaves default to true with CIDv1; sha2-256 is the only hash here.
    const cidVersion = state.answerCidV0 ? 0 : Number(query["cid-version"] ?? 0);
    const rawLeaves = state.answerCidV0 ? false : query["raw-leaves"] !== undefined ? query["raw-leaves"] === "true" : cidVersion === 1;
    if ((query.hash ?? "sha2-256") !== "sha2-256") return kuboError(res, 500, `unrecognized hash function: ${query.hash}`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let root: string | undefined;
    for await (const entry of importer([{ content: bytes }], blocks, { cidVersion: cidVersion as 0 | 1, rawLeaves })) root = entry.cid.toString();
    files.set(root!, bytes);
    if ((query.pin ?? "true") === "true") pins.add(root!);
    res.writeHead(200, { "content-type": "application/json", "x-chunked-output": "1" });
    res.end(`${JSON.stringify({ Name: file.name, Hash: root, Size: String(bytes.length) })}\n`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, "http://kubo");
    const query = Object.fromEntries(url.searchParams);
    calls.push({ path: url.pathname, query });
    if (req.method !== "POST") return kuboError(res, 405, `${req.method} not allowed`);
    if (url.pathname === "/api/v0/add") return void add(req, res, query).catch((error: Error) => kuboError(res, 500, error.message));
    if (url.pathname === "/api/v0/pin/ls") {
      if (!pins.has(query.arg!)) return kuboError(res, 500, `path '${query.arg}' is not pinned`);
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ Keys: { [query.arg!]: { Type: "recursive" } } }));
    }
    if (url.pathname === "/api/v0/cat") {
      const bytes = files.get(query.arg!);
      if (!bytes) return kuboError(res, 500, "block was not found locally (offline)");
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end(bytes);
    }
    return kuboError(res, 404, "404 page not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const rpc = (path: string) => fetch(`${url}/api/v0/${path}`, { method: "POST" });
  return { url, calls, state, rpc, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ASSET = 7n;
const START = 1_764_316_800n;
const END = START + 3_600n;

/** Readings of `meters` meters every `step` seconds over the period (and one before it), straight into the store. */
async function seedReadings(store: Store, assetId: bigint, meters: number, step: number) {
  await store.query(
    `INSERT INTO readings (meter_id, sequence, asset_id, ts, energy_wh, power_w, gateway, batch_sequence)
     SELECT '0x' || lpad(to_hex($1::int * 1000 + m), 64, '0'), s, $1, $2::bigint + (s - 1) * $3, 1000 + s * 10, 600, '0x0000000000000000000000000000000000000001', 1
       FROM generate_series(1, $4::int) AS m, generate_series(1, $5::int) AS s`,
    [assetId.toString(), (START - BigInt(step)).toString(), step, meters, Math.ceil(3_600 / step) + 2],
  );
}

async function expectedFile(store: Store, assetId: bigint) {
  const { rows } = await store.query<{ meter_id: Hex; sequence: string; ts: string; energy_wh: string; power_w: string }>(
    `SELECT meter_id, sequence::text AS sequence, ts::text AS ts, energy_wh::text AS energy_wh, power_w::text AS power_w
       FROM readings WHERE asset_id = $1 AND ts >= $2 AND ts < $3 ORDER BY readings.meter_id, readings.sequence`,
    [assetId.toString(), START.toString(), END.toString()],
  );
  const readings = rows.map((r) => ({ meterId: r.meter_id, sequence: BigInt(r.sequence), timestamp: BigInt(r.ts), energyWh: BigInt(r.energy_wh), powerW: Number(r.power_w) }));
  return periodFile(assetId, START, END, readings);
}

describe("period files pinned through a Kubo-compatible RPC API", async () => {
  const connection = await network.create();
  let kubo: Awaited<ReturnType<typeof startKubo>>;
  let store: Store;
  let relay: Relay;
  const summary = async (assetId: bigint) => {
    const response = await fetch(`${relay.url}/v1/summaries/${assetId}/${START}/${END}`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  before(async () => {
    kubo = await startKubo();
    store = await openStore();
    await seedReadings(store, ASSET, 3, 60); // a small file: one raw block
    await seedReadings(store, ASSET + 1n, 40, 60); // ≈ 330 KB: two chunks under a dag-pb root
    relay = await startRelay({
      publicClient: (await connection.viem.getPublicClient()) as unknown as PublicClient,
      registry: "0x0000000000000000000000000000000000000001",
      chainId: 31337,
      store,
      ipfsApiUrl: kubo.url,
      port: 0,
      logger: false,
      registryPollMs: 60_000,
    });
  });
  after(async () => {
    await relay?.close();
    await store?.close();
    await kubo?.close();
  });

  it("local CIDs match a known `ipfs add --cid-version 1 --raw-leaves` answer", async () => {
    assert.equal((await localCid(new TextEncoder().encode("hello world"))).toString(), "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  });

  it("the summary carries the CID the node pinned, equal to the locally computed one (raw block)", async () => {
    const file = await expectedFile(store, ASSET);
    const local = await localCid(file);
    const { status, body } = await summary(ASSET);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.cid, local.toString());
    assert.equal(body.cidCodec, "85"); // 0x55 raw: the whole file is one leaf
    const add = kubo.calls.findLast((c) => c.path === "/api/v0/add")!;
    assert.deepEqual({ v: add.query["cid-version"], raw: add.query["raw-leaves"], pin: add.query.pin, hash: add.query.hash }, { v: "1", raw: "true", pin: "true", hash: "sha2-256" });
    assert.equal((await kubo.rpc(`pin/ls?arg=${body.cid}`)).status, 200);
    assert.deepEqual(new Uint8Array(await (await kubo.rpc(`cat?arg=${body.cid}`)).arrayBuffer()), file);
  });

  it("a file over one 256 KiB chunk gets the same dag-pb root from the node and locally", async () => {
    const file = await expectedFile(store, ASSET + 1n);
    assert.ok(file.length > 262_144, `file of ${file.length} bytes`);
    const { status, body } = await summary(ASSET + 1n);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.cid, (await localCid(file)).toString());
    assert.equal(body.cidCodec, "112"); // 0x70 dag-pb
    assert.equal((await kubo.rpc(`pin/ls?arg=${body.cid}`)).status, 200);
  });

  it("a failing node is answered 502 ipfs_pin_failed with its message; nothing is lost and a retry succeeds", async () => {
    const before = await summary(ASSET);
    const readingsBefore = (await store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings")).rows[0]!.n;
    const failuresBefore = await counterValue(relay.metrics.pinFailures);
    kubo.state.failure = { status: 500, message: "put blocks: write /data/blocks: no space left on device" };
    try {
      const failed = await summary(ASSET);
      assert.equal(failed.status, 502);
      assert.equal(failed.body.error, "ipfs_pin_failed");
      assert.match(failed.body.message!, /IPFS add failed \(500\): put blocks: .*no space left on device/);
      assert.equal(await counterValue(relay.metrics.pinFailures), failuresBefore + 1);
    } finally {
      kubo.state.failure = undefined;
    }
    assert.equal((await store.query<{ n: string }>("SELECT count(*)::text AS n FROM readings")).rows[0]!.n, readingsBefore);
    const retried = await summary(ASSET);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.cid, before.body.cid);
    assert.equal(retried.body.energyWh, before.body.energyWh);
  });

  it("a node answering another CID than the file's (e.g. ignoring cid-version) is refused", async () => {
    kubo.state.answerCidV0 = true;
    try {
      const failed = await summary(ASSET);
      assert.equal(failed.status, 502);
      assert.equal(failed.body.error, "ipfs_pin_failed");
      assert.match(failed.body.message!, /answered Qm\w+ for the period file, whose CID is bafk\w+/);
    } finally {
      kubo.state.answerCidV0 = false;
    }
  });

  it("an unreachable API is answered 502 ipfs_pin_failed", async () => {
    const down = await startRelay({
      publicClient: (await connection.viem.getPublicClient()) as unknown as PublicClient,
      registry: "0x0000000000000000000000000000000000000001",
      chainId: 31337,
      store,
      ipfsApiUrl: "http://127.0.0.1:9", // discard port: nothing listens
      port: 0,
      logger: false,
    });
    try {
      const response = await fetch(`${down.url}/v1/summaries/${ASSET}/${START}/${END}`);
      assert.equal(response.status, 502);
      const body = (await response.json()) as Record<string, string>;
      assert.equal(body.error, "ipfs_pin_failed");
      assert.match(body.message!, /unreachable/);
    } finally {
      await down.close();
    }
  });
});
