/**
 * The Chainlink Functions source (functions/source.js) run the way the DON runs it: simulateScript from
 * @chainlink/functions-toolkit in Deno, against an HTTP server that serves a summary signed per
 * docs/metering-protocol.md with viem (independent of the relay's own signing code, so both are checked
 * against the protocol, not against each other). Rejections: another chain, asset or period in the args,
 * a tampered field, another relay key, a relay error.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { encodeAbiParameters, keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { productionResponseParameters } from "@cowatt/deployments";

const source = readFileSync(new URL("../functions/source.js", import.meta.url), "utf8");
const relay = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const stranger = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

type SimulateScript = (options: { source: string; args?: string[]; maxExecutionTimeMs?: number }) => Promise<{
  responseBytesHexstring?: string;
  errorString?: string;
}>;

async function loadSimulateScript(): Promise<SimulateScript> {
  // simulateScript spawns `deno`: the binary of the npm `deno` package.
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve("deno/package.json")), "..", ".bin");
  process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
  const toolkit = (await import("@chainlink/functions-toolkit/dist/simulateScript/simulateScript.js")) as unknown as {
    simulateScript?: SimulateScript;
    default?: { simulateScript: SimulateScript };
  };
  return toolkit.simulateScript ?? toolkit.default!.simulateScript;
}

const chainId = 31337n;
const assetId = 3n;
const start = 1_764_316_800n;
const end = start + 300n;
const fields = {
  energyWh: 1234567n,
  readingCount: 40n,
  sourceCount: 4n,
  readingsRoot: `0x${"ab".repeat(32)}` as Hex,
  cidCodec: 0x55n,
  cidDigest: `0x${"cd".repeat(32)}` as Hex,
};
const expected = encodeAbiParameters(productionResponseParameters, [
  fields.energyWh, fields.readingCount, fields.sourceCount, fields.readingsRoot, fields.cidCodec, fields.cidDigest,
]);

async function signedSummary(signer = relay, overrides: Record<string, unknown> = {}) {
  const digest = keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" },
        { type: "uint256" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint256" }, { type: "bytes32" },
      ],
      [chainId, assetId, start, end, fields.energyWh, fields.readingCount, fields.sourceCount, fields.readingsRoot, fields.cidCodec, fields.cidDigest],
    ),
  );
  const signature = await signer.signMessage({ message: { raw: digest } });
  return {
    energyWh: fields.energyWh.toString(),
    readingCount: fields.readingCount.toString(),
    sourceCount: fields.sourceCount.toString(),
    readingsRoot: fields.readingsRoot,
    cidCodec: fields.cidCodec.toString(),
    cidDigest: fields.cidDigest,
    signature,
    ...overrides,
  };
}

describe("Functions source in Deno (simulateScript)", () => {
  let server: Server;
  let url: string;
  let simulate: SimulateScript;
  // What the server answers next, per path: [status, body].
  const answers = new Map<string, [number, unknown]>();

  before(async () => {
    simulate = await loadSimulateScript();
    server = createServer((req, res) => {
      const [status, body] = answers.get(req.url ?? "") ?? [404, { error: "NotFound" }];
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const path = `/v1/summaries/${assetId}/${start}/${end}`;
  const args = (over: Partial<Record<"relay" | "chainId" | "assetId" | "start" | "end", string>> = {}) => [
    url,
    over.relay ?? relay.address.toLowerCase(),
    over.chainId ?? chainId.toString(),
    over.assetId ?? assetId.toString(),
    over.start ?? start.toString(),
    over.end ?? end.toString(),
  ];
  const run = (a: string[]) => simulate({ source, args: a, maxExecutionTimeMs: 10_000 });

  test("returns the 192-byte abi.encode of a summary the relay signed", async () => {
    answers.set(path, [200, await signedSummary()]);
    const result = await run(args());
    assert.equal(result.errorString, undefined);
    assert.equal(result.responseBytesHexstring, expected);
    assert.equal((result.responseBytesHexstring!.length - 2) / 2, 192);
  });

  test("accepts a checksummed relay address argument", async () => {
    answers.set(path, [200, await signedSummary()]);
    const result = await run(args({ relay: relay.address }));
    assert.equal(result.responseBytesHexstring, expected);
  });

  test("rejects a summary signed by another key", async () => {
    answers.set(path, [200, await signedSummary(stranger)]);
    const result = await run(args());
    assert.match(result.errorString ?? "", /not the relay/);
  });

  test("rejects a tampered field (energy raised after signing)", async () => {
    answers.set(path, [200, await signedSummary(relay, { energyWh: (fields.energyWh + 1n).toString() })]);
    const result = await run(args());
    assert.match(result.errorString ?? "", /not the relay/);
  });

  test("a summary cannot be replayed for another chain or asset", async () => {
    answers.set(path, [200, await signedSummary()]);
    assert.match((await run(args({ chainId: "1" }))).errorString ?? "", /not the relay/);
    const otherAsset = `/v1/summaries/4/${start}/${end}`;
    answers.set(otherAsset, [200, await signedSummary()]);
    assert.match((await run(args({ assetId: "4" }))).errorString ?? "", /not the relay/);
  });

  test("a summary cannot be replayed for another period", async () => {
    const shifted = `/v1/summaries/${assetId}/${start + 300n}/${end + 300n}`;
    answers.set(shifted, [200, await signedSummary()]);
    const result = await run(args({ start: (start + 300n).toString(), end: (end + 300n).toString() }));
    assert.match(result.errorString ?? "", /not the relay/);
  });

  test("rejects malformed fields and signatures", async () => {
    answers.set(path, [200, await signedSummary(relay, { readingsRoot: "0x1234" })]);
    assert.match((await run(args())).errorString ?? "", /readingsRoot is not bytes32/);
    answers.set(path, [200, await signedSummary(relay, { energyWh: "-1" })]);
    assert.match((await run(args())).errorString ?? "", /energyWh is not a uint/);
    answers.set(path, [200, await signedSummary(relay, { signature: "0x1234" })]);
    assert.match((await run(args())).errorString ?? "", /65 bytes/);
  });

  test("a relay error fails the execution", async () => {
    answers.set(path, [503, { error: "Unavailable" }]);
    const result = await run(args());
    assert.match(result.errorString ?? "", /relay/);
  });
});
