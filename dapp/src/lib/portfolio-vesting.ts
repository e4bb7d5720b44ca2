/**
 * WATT vesting wallets from the deployment record (`vestingWallets`, written by the governance deployment).
 * Records from before that field, or with malformed rows, yield fewer entries rather than an error.
 */
import { isAddress, type Address } from "viem";

export interface VestingWallet {
  name: string;
  address: Address;
  beneficiary: Address;
  /** WATT wei as a decimal string (the record is JSON). */
  allocation: string;
  start: number;
  durationSeconds: number;
  cliffSeconds: number;
}

export function readVestingWallets(record: unknown): VestingWallet[] {
  const rows = (record as { vestingWallets?: unknown } | null)?.vestingWallets;
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row): VestingWallet[] => {
    if (!row || typeof row !== "object") return [];
    const r = row as Record<string, unknown>;
    if (typeof r.address !== "string" || !isAddress(r.address) || typeof r.beneficiary !== "string" || !isAddress(r.beneficiary)) return [];
    const number = (value: unknown) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0);
    return [{
      name: typeof r.name === "string" ? r.name : "allocation",
      address: r.address,
      beneficiary: r.beneficiary,
      allocation: typeof r.allocation === "string" && /^\d+$/.test(r.allocation) ? r.allocation : "0",
      start: number(r.start),
      durationSeconds: number(r.durationSeconds),
      cliffSeconds: number(r.cliffSeconds),
    }];
  });
}

/** Share of the allocation vested at `now` (linear after the cliff, as OpenZeppelin's VestingWalletCliff). */
export function vestedFraction(wallet: Pick<VestingWallet, "start" | "durationSeconds" | "cliffSeconds">, now: number): number {
  if (now < wallet.start + wallet.cliffSeconds) return 0;
  if (wallet.durationSeconds === 0 || now >= wallet.start + wallet.durationSeconds) return 1;
  return (now - wallet.start) / wallet.durationSeconds;
}
