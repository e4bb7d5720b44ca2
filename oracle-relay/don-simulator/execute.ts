/**
 * Runs a Functions request's source the way a DON does: decode the request's CBOR, execute the JavaScript
 * `executions` times in Deno (simulateScript from @chainlink/functions-toolkit), then aggregate: when more
 * executions succeed than fail, the median of the result bytes (byte strings ordered by length, then
 * lexicographically, as the DON's aggregation and the toolkit's local testnet do); otherwise the most common
 * error message.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import cbor from "cbor";
import { bytesToHex, type Hex } from "viem";

const require = createRequire(import.meta.url);

/** The request fields the DON reads (secrets are not supported by the simulator). */
export interface FunctionsRequestData {
  codeLocation?: number;
  language?: number;
  source?: string;
  args?: string[];
  bytesArgs?: Hex[];
}

export interface ExecutionResult {
  /** Aggregated result bytes, when the executions succeeded. */
  response?: Hex;
  /** Aggregated error message, when they failed. */
  error?: string;
  /** Per-execution outcome, for logs. */
  executions: { response?: Hex; error?: string }[];
}

export interface ExecuteOptions {
  executions?: number;
  maxExecutionTimeMs?: number;
  maxOnChainResponseBytes?: number;
}

/** Decodes the CBOR request data of an OracleRequest event (a flat key/value sequence or a map). */
export function decodeRequestData(data: Hex): FunctionsRequestData {
  const items = cbor.decodeAllSync(Buffer.from(data.slice(2), "hex")) as unknown[];
  const entries: [string, unknown][] =
    items.length === 1 && items[0] !== null && typeof items[0] === "object" && !Buffer.isBuffer(items[0])
      ? Object.entries(items[0] as Record<string, unknown>)
      : Array.from({ length: Math.floor(items.length / 2) }, (_, i) => [String(items[2 * i]), items[2 * i + 1]]);
  const request: FunctionsRequestData = {};
  for (const [key, value] of entries) {
    if (key === "codeLocation") request.codeLocation = Number(value);
    // FunctionsRequest.sol writes "language", the toolkit's buildRequestCBOR "codeLanguage".
    else if (key === "language" || key === "codeLanguage") request.language = Number(value);
    else if (key === "source") request.source = String(value);
    else if (key === "args") request.args = (value as unknown[]).map(String);
    else if (key === "bytesArgs") request.bytesArgs = (value as Buffer[]).map((b) => bytesToHex(new Uint8Array(b)));
  }
  return request;
}

/** Puts the `deno` binary of the npm `deno` package on PATH when none is there (simulateScript spawns `deno`). */
export function ensureDenoOnPath() {
  const path = process.env.PATH ?? "";
  if (path.split(delimiter).some((dir) => dir && existsSync(join(dir, "deno")))) return;
  const denoPackage = dirname(require.resolve("deno/package.json"));
  const bin = join(denoPackage, "..", ".bin");
  process.env.PATH = `${bin}${delimiter}${path}`;
}

type SimulateScript = (options: {
  source: string;
  args?: string[];
  bytesArgs?: string[];
  maxExecutionTimeMs?: number;
  maxOnChainResponseBytes?: number;
}) => Promise<{ responseBytesHexstring?: string; errorString?: string }>;

let simulateScript: SimulateScript | undefined;
async function loadSimulateScript(): Promise<SimulateScript> {
  if (!simulateScript) {
    ensureDenoOnPath();
    const toolkit = (await import("@chainlink/functions-toolkit/dist/simulateScript/simulateScript.js")) as unknown as {
      simulateScript?: SimulateScript;
      default?: { simulateScript: SimulateScript };
    };
    simulateScript = toolkit.simulateScript ?? toolkit.default!.simulateScript;
  }
  return simulateScript;
}

/** Byte-string median: order by length, then bytes; the lower middle of an even count. */
export function medianBytes(values: readonly Hex[]): Hex {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].map((v) => v.toLowerCase() as Hex).sort((a, b) =>
    a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0,
  );
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function modeString(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = values[0]!;
  for (const [value, count] of counts) if (count > counts.get(best)!) best = value;
  return best;
}

/** Executes the request's inline JavaScript `executions` times (in parallel) and aggregates. */
export async function executeRequest(request: FunctionsRequestData, options: ExecuteOptions = {}): Promise<ExecutionResult> {
  const executions = options.executions ?? 4;
  if (request.codeLocation !== undefined && request.codeLocation !== 0) {
    return { error: "only inline source code is supported", executions: [] };
  }
  if (!request.source) return { error: "request has no source", executions: [] };
  const simulate = await loadSimulateScript();
  const outcomes = await Promise.all(
    Array.from({ length: executions }, async () => {
      try {
        const result = await simulate({
          source: request.source!,
          args: request.args,
          bytesArgs: request.bytesArgs,
          maxExecutionTimeMs: options.maxExecutionTimeMs,
          maxOnChainResponseBytes: options.maxOnChainResponseBytes,
        });
        if (result.errorString !== undefined) return { error: result.errorString };
        return { response: (result.responseBytesHexstring ?? "0x") as Hex };
      } catch (error) {
        return { error: (error as Error).message };
      }
    }),
  );
  const successes = outcomes.flatMap((o) => (o.response !== undefined ? [o.response] : []));
  const errors = outcomes.flatMap((o) => (o.error !== undefined ? [o.error] : []));
  if (successes.length > errors.length) return { response: medianBytes(successes), executions: outcomes };
  return { error: modeString(errors), executions: outcomes };
}
