import type { Hash, PublicClient, TransactionReceipt } from "viem";

/**
 * Returns a function that waits for a transaction and throws when it reverted, naming `purpose` —
 * what scripts need where a silently reverted transaction would leave a half-built platform.
 */
export function confirmer(publicClient: Pick<PublicClient, "waitForTransactionReceipt">, purpose: string) {
  return async (hash: Hash | Promise<Hash>): Promise<TransactionReceipt> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`${purpose} transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
}
