/**
 * The phases of a write flow, shared by every page that sends a transaction:
 * idle → simulating → signing → pending (hash, link) → confirmed | reverted (decoded reason),
 * or failed before anything was sent (simulation revert, rejected signature, wrong network).
 */
import type { Hash, TransactionReceipt } from "viem";
import type { DecodedError } from "./errors";

export type WriteStatus =
  | { phase: "idle" }
  | { phase: "simulating" }
  | { phase: "signing" }
  | { phase: "pending"; hash: Hash; url: string | null }
  | { phase: "confirmed"; hash: Hash; url: string | null; receipt: TransactionReceipt }
  | { phase: "reverted"; hash: Hash; url: string | null; receipt: TransactionReceipt; error: DecodedError }
  | { phase: "failed"; error: DecodedError };

export const IDLE: WriteStatus = { phase: "idle" };

export function isBusy(status: WriteStatus): boolean {
  return status.phase === "simulating" || status.phase === "signing" || status.phase === "pending";
}

/** The line shown beside the button for each phase. */
export function describeWriteStatus(status: WriteStatus): string {
  switch (status.phase) {
    case "idle":
      return "";
    case "simulating":
      return "Checking the transaction…";
    case "signing":
      return "Confirm the transaction in your wallet.";
    case "pending":
      return "Transaction sent; waiting for it to be included in a block.";
    case "confirmed":
      return `Confirmed in block ${status.receipt.blockNumber.toString()}.`;
    case "reverted":
      return `The transaction failed: ${status.error.message}`;
    case "failed":
      return status.error.message;
  }
}
