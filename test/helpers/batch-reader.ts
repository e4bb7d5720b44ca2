import assert from "node:assert/strict";
import type { Abi, Address } from "viem";

type Contract = { address: Address; abi: Abi };
type CallResult = { status: string; result?: unknown; error?: Error };
interface DeploylessMulticall {
  multicall(p: {
    contracts: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }[];
    allowFailure: true;
    deployless: true;
    batchSize: 0;
  }): Promise<CallResult[]>;
}

const abiItems = new Map<string, Abi>();
/** The one ABI item of `functionName` (a one-item ABI keeps the multicall encoding small). */
function abiItem(contract: Contract, functionName: string): Abi {
  const key = `${contract.address}.${functionName}`;
  let item = abiItems.get(key);
  if (!item) {
    item = contract.abi.filter((x) => x.type === "function" && x.name === functionName);
    assert.equal(item.length, 1, `one ${functionName} function`);
    abiItems.set(key, item);
  }
  return item;
}

/**
 * Batches view calls into deployless Multicall3 eth_calls: property tests read hundreds of values per
 * step, and one call each would dominate their runtime. `read` queues a call and returns a getter for its
 * decoded result (throwing if the call reverted); `tryRead`'s getter gives null when it reverted. `run`
 * sends the queue, `readsPerCall` calls per eth_call: a deployless call returns its results as contract
 * code, so each chunk must stay under the 24 KiB code-size limit.
 */
export function batchReader(publicClient: unknown, readsPerCall = 40) {
  const calls: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }[] = [];
  let results: CallResult[] = [];
  const queue = (contract: Contract, functionName: string, args: readonly unknown[]) =>
    calls.push({ address: contract.address, abi: abiItem(contract, functionName), functionName, args }) - 1;
  return {
    read<T>(contract: Contract, functionName: string, args: readonly unknown[] = []) {
      const i = queue(contract, functionName, args);
      return () => {
        const r = results[i]!;
        if (r.status !== "success") throw new Error(`${functionName}(${args.join(", ")}) reverted: ${r.error?.message}`);
        return r.result as T;
      };
    },
    tryRead<T>(contract: Contract, functionName: string, args: readonly unknown[] = []) {
      const i = queue(contract, functionName, args);
      return () => (results[i]!.status === "success" ? (results[i]!.result as T) : null);
    },
    async run() {
      const client = publicClient as DeploylessMulticall;
      const chunks = Array.from({ length: Math.ceil(calls.length / readsPerCall) }, (_, k) =>
        calls.slice(k * readsPerCall, (k + 1) * readsPerCall),
      );
      const answers = await Promise.all(
        chunks.map((contracts) => client.multicall({ contracts, allowFailure: true, deployless: true, batchSize: 0 })),
      );
      results = answers.flat();
    },
  };
}
