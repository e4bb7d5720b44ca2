/** Worker of src/roots.ts: the root of leaf encodings laid out back to back, on the native keccak. */
import { parentPort } from "node:worker_threads";
import { encodedReadingsRoot } from "./merkle.ts";

parentPort!.on("message", ({ id, encoded }: { id: number; encoded: Uint8Array }) => {
  try {
    parentPort!.postMessage({ id, root: encodedReadingsRoot(encoded) });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
