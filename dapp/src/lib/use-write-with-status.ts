"use client";
import { useCallback, useRef, useState } from "react";
import { useAccount, useConfig } from "wagmi";
import { getPublicClient, simulateContract, writeContract } from "wagmi/actions";
import { encodeFunctionData, type Abi, type Address, type ContractFunctionArgs, type ContractFunctionName, type TransactionReceipt } from "viem";
import { useQueryClient } from "@tanstack/react-query";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { transactionUrl } from "./chain";
import { decodeContractError, decodeRevertData } from "./errors";
import { IDLE, type WriteStatus } from "./write-status";

export interface WriteRequest<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
> {
  address: Address;
  abi: abi;
  functionName: functionName;
  args?: ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>;
  value?: bigint;
}

/**
 * Sends a contract write through simulate → sign → wait, exposing each phase as `status` for <TxStatus>.
 * Nothing is signed when the simulation reverts: the decoded reason is shown instead. On confirmation it
 * invalidates cached queries (chain reads and subgraph) so pages refresh.
 */
export function useWriteWithStatus() {
  const wagmiConfig = useConfig();
  const runtime = useRuntimeConfig();
  const queryClient = useQueryClient();
  const { address: account, chainId } = useAccount();
  const [status, setStatus] = useState<WriteStatus>(IDLE);
  const running = useRef(false);

  const write = useCallback(
    async <abi extends Abi, functionName extends ContractFunctionName<abi, "nonpayable" | "payable">>(
      request: WriteRequest<abi, functionName>,
    ): Promise<TransactionReceipt | null> => {
      if (running.current) return null;
      running.current = true;
      try {
        if (!account) {
          setStatus({ phase: "failed", error: { message: "Connect your wallet first.", action: "retry" } });
          return null;
        }
        if (chainId !== runtime.chainId) {
          setStatus({ phase: "failed", error: { message: "Your wallet is on a different network. Switch networks and try again.", action: "switch-network" } });
          return null;
        }
        setStatus({ phase: "simulating" });
        // Generic parameters of wagmi's actions cannot be threaded through here; the request is typed by WriteRequest.
        const { request: prepared } = await simulateContract(wagmiConfig, { ...request, account } as never);
        setStatus({ phase: "signing" });
        const hash = await writeContract(wagmiConfig, prepared as never);
        const url = transactionUrl(runtime, hash);
        setStatus({ phase: "pending", hash, url });
        // viem's wait returns a reverted receipt (wagmi's action throws a bare, undecoded reason instead).
        const client = getPublicClient(wagmiConfig);
        if (!client) throw new Error("The app has no connection to the chain to follow the transaction.");
        const receipt = await client.waitForTransactionReceipt({ hash });
        if (receipt.status === "reverted") {
          const error = (await replayRevert(request, account, receipt.blockNumber)) ?? {
            message: "The transaction was included but reverted; the chain gave no reason.",
            action: "retry" as const,
          };
          setStatus({ phase: "reverted", hash, url, receipt, error });
          return receipt;
        }
        setStatus({ phase: "confirmed", hash, url, receipt });
        await queryClient.invalidateQueries();
        return receipt;
      } catch (error) {
        setStatus({ phase: "failed", error: decodeContractError(error) });
        return null;
      } finally {
        running.current = false;
      }
    },
    [account, chainId, queryClient, runtime, wagmiConfig],
  );

  /**
   * Re-runs the call to learn why a mined transaction reverted: on the state before its block, then on
   * the state after it (a transaction earlier in the same block, e.g. a pause, changed what the call met).
   */
  async function replayRevert(request: WriteRequest<Abi, string>, from: Address, blockNumber: bigint) {
    const client = getPublicClient(wagmiConfig);
    if (!client) return null;
    const data = encodeFunctionData({ abi: request.abi, functionName: request.functionName, args: request.args as readonly unknown[] });
    for (const stateAt of [blockNumber - 1n, blockNumber]) {
      try {
        await client.call({ account: from, to: request.address, data, value: request.value, blockNumber: stateAt });
      } catch (error) {
        const raw = (error as { data?: `0x${string}` }).data;
        return (raw && decodeRevertData(raw)) || decodeContractError(error);
      }
    }
    return null;
  }

  const reset = useCallback(() => setStatus(IDLE), []);
  return { status, write, reset };
}
