/**
 * Synchronous HTTP from host functions. Mappings call `ethereum.call` and `ipfs.cat` synchronously, so
 * the request runs in a worker thread while the mapping's thread blocks on Atomics.wait.
 */
import { Worker } from "node:worker_threads";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", async ({ url, init, control, data }) => {
  const flag = new Int32Array(control);
  let result;
  try {
    const res = await fetch(url, init);
    const body = Buffer.from(await res.arrayBuffer());
    result = { status: res.status, body: body.toString("base64") };
  } catch (e) {
    result = { error: String(e && e.message || e) };
  }
  const bytes = Buffer.from(JSON.stringify(result));
  const out = new Uint8Array(data);
  if (bytes.length > out.length - 4) {
    bytes.copy(out, 4, 0, 0);
    new DataView(data).setInt32(0, -1, true);
  } else {
    new DataView(data).setInt32(0, bytes.length, true);
    bytes.copy(out, 4);
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

export interface SyncResponse {
  status: number;
  body: Uint8Array;
}

export class SyncFetcher {
  private worker: Worker | null = null;
  private readonly control = new SharedArrayBuffer(4);
  private readonly data = new SharedArrayBuffer(16 * 1024 * 1024);

  /** Blocks until the request completes; throws on network errors or timeout. */
  fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, timeoutMs = 30_000): SyncResponse {
    if (!this.worker) {
      this.worker = new Worker(WORKER_SOURCE, { eval: true });
      this.worker.unref();
    }
    const flag = new Int32Array(this.control);
    Atomics.store(flag, 0, 0);
    this.worker.postMessage({ url, init, control: this.control, data: this.data });
    const outcome = Atomics.wait(flag, 0, 0, timeoutMs);
    if (outcome === "timed-out") throw new Error(`request to ${url} timed out after ${timeoutMs} ms`);
    const view = new DataView(this.data);
    const len = view.getInt32(0, true);
    if (len < 0) throw new Error(`response from ${url} is larger than 16 MiB`);
    const result = JSON.parse(Buffer.from(new Uint8Array(this.data, 4, len)).toString()) as
      | { status: number; body: string }
      | { error: string };
    if ("error" in result) throw new Error(`request to ${url} failed: ${result.error}`);
    return { status: result.status, body: new Uint8Array(Buffer.from(result.body, "base64")) };
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
