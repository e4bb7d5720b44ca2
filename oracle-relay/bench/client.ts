/**
 * The bench's load generator, in its own thread so the gateways' HTTP work does not run on the relay's event
 * loop: `concurrency` clients POST pre-signed batch bodies (UTF-8 in a SharedArrayBuffer) until the deadline and
 * report every batch's latency, status and accepted count. Body i is gateway i mod `gateways`'s; each client
 * sends the batches of its own gateways in order, as a gateway does (the next batch after the previous answer).
 */
import { parentPort, workerData } from "node:worker_threads";

export interface ClientJob {
  url: string;
  concurrency: number;
  /** Gateways the bodies are round robin over; at least `concurrency`. */
  gateways: number;
  seconds: number;
  bodies: SharedArrayBuffer;
  /** Byte offsets of the bodies in `bodies`: body i is [offsets[i], offsets[i + 1]). */
  offsets: number[];
}
export interface ClientResult {
  latencies: number[];
  /** Seconds since the start at which each accepted batch's answer arrived, with its accepted readings. */
  completions: [number, number][];
  statuses: Record<number, number>;
  acceptedReadings: number;
  elapsedSeconds: number;
  exhausted: boolean;
}

async function run(job: ClientJob): Promise<ClientResult> {
  const bytes = new Uint8Array(job.bodies);
  const count = job.offsets.length - 1;
  const latencies: number[] = [];
  const completions: [number, number][] = [];
  const statuses: Record<number, number> = {};
  let acceptedReadings = 0;
  let exhausted = false;
  const started = performance.now();
  const deadline = started + job.seconds * 1000;
  async function client(c: number) {
    // The bodies of gateways g ≡ c (mod concurrency), in index order: only this client sends for them.
    for (let i = 0; i < count; i++) {
      if ((i % job.gateways) % job.concurrency !== c) continue;
      if (performance.now() >= deadline) return;
      const sent = performance.now();
      const response = await fetch(`${job.url}/v1/batches`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: bytes.slice(job.offsets[i], job.offsets[i + 1]),
      });
      const answer = (await response.json()) as { accepted?: number };
      latencies.push(performance.now() - sent);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 200) {
        acceptedReadings += answer.accepted ?? 0;
        completions.push([(performance.now() - started) / 1000, answer.accepted ?? 0]);
      }
    }
    exhausted = true;
  }
  await Promise.all(Array.from({ length: job.concurrency }, (_, c) => client(c)));
  return { latencies, completions, statuses, acceptedReadings, elapsedSeconds: (performance.now() - started) / 1000, exhausted };
}

if (parentPort) parentPort.postMessage(await run(workerData as ClientJob));
