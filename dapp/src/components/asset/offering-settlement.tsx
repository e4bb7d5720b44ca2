"use client";
import { useState } from "react";
import { useAccount, useReadContracts } from "wagmi";
import { offeringAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { OFFERING_STATUSES } from "@/lib/errors";
import { formatCurrency, formatNumber } from "@/lib/format";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { TxStatus } from "../tx-status";

export interface SettleableOffering {
  offeringId: string;
  assetName: string;
}

/**
 * The connected wallet's unsettled contributions to closed offerings: a refund of exactly what was paid when
 * the offering failed or was cancelled, delivery of the shares when it succeeded. Anyone may trigger either
 * for any investor; here the investor does it for themself.
 */
export function OfferingSettlements({ offerings, decimals }: { offerings: SettleableOffering[]; decimals: number }) {
  const config = useRuntimeConfig();
  const { address } = useAccount();
  const offering = contractAddress(config, "Offering");
  const reads = useReadContracts({
    contracts: offerings.flatMap(({ offeringId }) => [
      { address: offering, abi: offeringAbi, functionName: "state", args: [BigInt(offeringId)] } as const,
      { address: offering, abi: offeringAbi, functionName: "contribution", args: [BigInt(offeringId), address!] } as const,
    ]),
    allowFailure: false,
    query: { enabled: !!address && offerings.length > 0, refetchInterval: 15_000 },
  });
  // Offerings settled from this page stay listed, so the confirmation (and its transaction) stays readable.
  const [handled, setHandled] = useState<ReadonlySet<string>>(new Set());
  if (!address || !reads.data) return null;
  const pending = offerings.flatMap((entry, index) => {
    const state = reads.data[index * 2] as { status: number };
    const contribution = reads.data[index * 2 + 1] as { shares: bigint; paid: bigint; settled: boolean };
    const status = OFFERING_STATUSES[state.status];
    if ((contribution.settled && !handled.has(entry.offeringId)) || contribution.shares === 0n) return [];
    if (status !== "Succeeded" && status !== "Failed" && status !== "Cancelled") return [];
    return [{ ...entry, status, contribution }];
  });
  if (pending.length === 0) return null;
  return (
    <div className="flex flex-col gap-3" data-testid="offering-settlements">
      {pending.map((entry) => (
        <SettleOne
          key={entry.offeringId}
          offering={offering}
          investor={address}
          decimals={decimals}
          onSend={() => setHandled((current) => new Set(current).add(entry.offeringId))}
          {...entry}
        />
      ))}
    </div>
  );
}

function SettleOne({ offering, investor, offeringId, assetName, status, contribution, decimals, onSend }: {
  offering: `0x${string}`;
  investor: `0x${string}`;
  offeringId: string;
  assetName: string;
  status: "Succeeded" | "Failed" | "Cancelled";
  contribution: { shares: bigint; paid: bigint; settled: boolean };
  decimals: number;
  onSend(): void;
}) {
  const { status: tx, write } = useWriteWithStatus();
  const refund = status !== "Succeeded";
  return (
    <div className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950/30">
      <p>
        {refund ? (
          <>The {assetName} offering {status === "Failed" ? "did not reach its soft cap" : "was cancelled"}. You paid{" "}
            <strong>{formatCurrency(contribution.paid, decimals)}</strong> for {formatNumber(contribution.shares)} shares; it is refunded in full.</>
        ) : (
          <>The {assetName} offering succeeded: your <strong>{formatNumber(contribution.shares)} shares</strong> are ready to be delivered to your wallet.</>
        )}
      </p>
      <button
        type="button"
        className="btn-primary mt-3"
        disabled={isBusy(tx) || contribution.settled}
        onClick={() => {
          onSend();
          void write({ address: offering, abi: offeringAbi, functionName: refund ? "refund" : "deliverShares", args: [BigInt(offeringId), [investor]] });
        }}
      >
        {contribution.settled ? (refund ? "Refunded" : "Delivered") : refund ? `Claim refund of ${formatCurrency(contribution.paid, decimals)}` : "Take delivery of my shares"}
      </button>
      <div className="mt-2"><TxStatus status={tx} /></div>
    </div>
  );
}
