/**
 * Turns anything a write or read can throw into a sentence for the user: custom errors of the platform's
 * contracts (decoded with the generated ABIs from @cowatt/deployments), wallet rejections, wrong chain,
 * gas and RPC failures. Never shows a raw revert string or hex.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  UserRejectedRequestError,
  ChainMismatchError,
  type Abi,
  type Hex,
} from "viem";
import { platformErrorsAbi } from "@cowatt/deployments/abis";
import { ERROR_SENTENCES } from "./error-sentences";
import { formatDate, formatPercent, shortAddress } from "./format";
import { numberFormat } from "./intl.ts";


export const ASSET_STATUSES = ["None", "Submitted", "UnderReview", "Verified", "Rejected", "Offering", "Active", "Suspended", "Decommissioned"] as const;
export const OFFERING_STATUSES = ["None", "Open", "Succeeded", "Failed", "Cancelled"] as const;
export const PERIOD_STATUSES = ["None", "Requested", "Proposed", "Challenged", "Failed", "Final"] as const;

const ENUM_WORDS: Record<string, readonly string[]> = {
  assetStatus: ["not registered", "submitted", "under review", "verified", "rejected", "in its offering", "active", "suspended", "decommissioned"],
  offeringStatus: ["not created", "open", "successful", "failed", "cancelled"],
  periodStatus: ["not requested", "requested", "proposed", "challenged", "failed", "final"],
};

/** Every custom error of every contract (generated once per signature); decodeErrorResult picks by selector. */
export const PLATFORM_ERRORS_ABI: Abi = platformErrorsAbi;

export interface DecodedError {
  /** Custom error name when the contract reverted with one. */
  errorName?: string;
  /** What the user reads. */
  message: string;
  /** What the user can do about it, when there is something. */
  action?: "retry" | "switch-network" | "fund-wallet" | "sign-in";
}

function formatArgument(value: unknown, format: string | undefined, locale?: string): string {
  if (format === "date") return formatDate(BigInt(value as bigint), { locale, withTime: true });
  if (format === "bps") return formatPercent(Number(value) / 10_000, { locale, maximumFractionDigits: 2 });
  if (format && ENUM_WORDS[format]) return ENUM_WORDS[format][Number(value)] ?? `state ${String(value)}`;
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return shortAddress(value);
  if (typeof value === "bigint" || typeof value === "number") return numberFormat(locale).format(value);
  return String(value);
}

/** Fills a sentence's {placeholders} from the error's named arguments. */
export function sentenceFor(errorName: string, inputs: readonly { name?: string }[], args: readonly unknown[], locale?: string): string {
  const template = ERROR_SENTENCES[errorName];
  if (!template) return `The transaction was refused by the contract (${errorName}).`;
  return template.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name: string, format: string | undefined) => {
    const index = inputs.findIndex((input) => input.name === name);
    return index < 0 || args[index] === undefined ? whole : formatArgument(args[index], format, locale);
  });
}

/** Decodes raw revert data (0x + selector + arguments) against the platform's errors. */
export function decodeRevertData(data: Hex, locale?: string): DecodedError | null {
  try {
    const decoded = decodeErrorResult({ abi: PLATFORM_ERRORS_ABI, data });
    if (decoded.abiItem.type !== "error") return null;
    return { errorName: decoded.errorName, message: sentenceFor(decoded.errorName, decoded.abiItem.inputs, decoded.args ?? [], locale) };
  } catch {
    return null;
  }
}

/** The user-facing explanation of any error from wagmi/viem (or anything else). */
export function decodeContractError(error: unknown, locale?: string): DecodedError {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return { message: "You rejected the request in your wallet. Nothing was sent.", action: "retry" };
    }
    if (error.walk((e) => e instanceof ChainMismatchError)) {
      return { message: "Your wallet is on a different network. Switch networks and try again.", action: "switch-network" };
    }
    if (error.walk((e) => e instanceof InsufficientFundsError)) {
      return { message: "Your wallet does not have enough ETH to pay for gas.", action: "fund-wallet" };
    }
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (reverted) {
      if (reverted.data?.abiItem && reverted.data.abiItem.type === "error" && reverted.data.errorName !== "Error" && reverted.data.errorName !== "Panic") {
        return {
          errorName: reverted.data.errorName,
          message: sentenceFor(reverted.data.errorName, reverted.data.abiItem.inputs, reverted.data.args ?? [], locale),
        };
      }
      if (reverted.raw) {
        const decoded = decodeRevertData(reverted.raw, locale);
        if (decoded) return decoded;
      }
      if (reverted.reason) return { message: `The contract refused the transaction: ${reverted.reason}.` };
      return { message: "The contract refused the transaction without giving a reason." };
    }
    const raw = findRevertData(error);
    if (raw) {
      const decoded = decodeRevertData(raw, locale);
      if (decoded) return decoded;
    }
    if (error.walk((e) => e instanceof HttpRequestError)) {
      return { message: "The blockchain node cannot be reached. Check your connection and try again.", action: "retry" };
    }
    return { message: error.shortMessage || "Something went wrong with the transaction.", action: "retry" };
  }
  if (error instanceof Error) return { message: error.message, action: "retry" };
  return { message: "Something went wrong.", action: "retry" };
}

/** Some RPC errors carry the revert data on an inner error's `data` field rather than as a revert error. */
function findRevertData(error: BaseError): Hex | null {
  let found: Hex | null = null;
  error.walk((e) => {
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) found = data as Hex;
    return found !== null;
  });
  return found;
}
