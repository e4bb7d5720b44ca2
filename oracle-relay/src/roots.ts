/**
 * Batch Merkle roots off the event loop. Hashing is most of a batch's CPU on the relay thread (≈3,000 keccak-256
 * per 1,000 readings); the thread lays the leaves' ABI encodings out in one buffer (cheap), transfers it to a
 * worker thread that hashes them on the native keccak, and goes on parsing, querying and answering meanwhile.
 * `threads: 0` (or a worker that cannot start) computes inline. The root is the same either way (test/merkle.test.ts).
 */
import { Worker } from "node:worker_threads";
import type { Hex } from "viem";
import { encodeReadingLeafInto, READING_LEAF_BYTES, type Reading } from "@cowatt/deployments/metering";
import { encodedReadingsRoot } from "./merkle.ts";

export interface RootPool {
  readonly threads: number;
  /** StandardMerkleTree root of readings in batch order; RangeError for values outside their Solidity types. */
  readingsRoot(readings: readonly Reading[]): Promise<Hex>;
  close(): Promise<void>;
}

interface Job {
  resolve: (root: Hex) => void;
  reject: (error: Error) => void;
}

/** Workers hashing encoded leaves; jobs go to the worker with the fewest in flight. */
export function createRootPool(threads: number): RootPool {
  const encode = (readings: readonly Reading[]) => {
    const encoded = new Uint8Array(readings.length * READING_LEAF_BYTES);
    readings.forEach((reading, i) => encodeReadingLeafInto(encoded, i * READING_LEAF_BYTES, reading));
    return encoded;
  };
  const workers: { worker: Worker; jobs: Map<number, Job> }[] = [];
  let nextId = 0;
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(new URL("./root-worker.ts", import.meta.url));
    const entry = { worker, jobs: new Map<number, Job>() };
    worker.on("message", ({ id, root, error }: { id: number; root?: Hex; error?: string }) => {
      const job = entry.jobs.get(id)!;
      entry.jobs.delete(id);
      if (root) job.resolve(root);
      else job.reject(new Error(error));
    });
    worker.on("error", (error) => {
      // A dead worker fails its jobs and takes no more.
      for (const job of entry.jobs.values()) job.reject(error);
      entry.jobs.clear();
      workers.splice(workers.indexOf(entry), 1);
    });
    workers.push(entry);
  }
  return {
    threads,
    async readingsRoot(readings) {
      if (readings.length === 0) return `0x${"00".repeat(32)}`;
      const encoded = encode(readings);
      const target = workers.reduce<(typeof workers)[number] | undefined>((best, w) => (!best || w.jobs.size < best.jobs.size ? w : best), undefined);
      if (!target) return encodedReadingsRoot(encoded);
      const id = nextId++;
      return new Promise<Hex>((resolve, reject) => {
        target.jobs.set(id, { resolve, reject });
        target.worker.postMessage({ id, encoded }, [encoded.buffer]);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
