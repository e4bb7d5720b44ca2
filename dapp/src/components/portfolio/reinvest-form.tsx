"use client";
import { useState } from "react";
import { revenueDistributorAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { formatCurrency, formatNumber } from "@/lib/format";
import { parseShareCount } from "@/lib/invest-compliance";
import type { PortfolioData, PositionRow } from "@/lib/portfolio";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { TxStatus } from "../tx-status";

/**
 * Spends revenue accrued on one asset on shares of an open offering (RevenueDistributor.reinvestInOffering):
 * no stablecoin leaves the distributor to the wallet and back. The transaction is simulated first, so a
 * compliance or offering refusal is shown as a sentence before anything is signed.
 */
export function ReinvestForm({ account, source, offerings, decimals, onClose }: {
  account: `0x${string}`;
  source: PositionRow;
  offerings: PortfolioData["openOfferings"];
  decimals: number;
  onClose(): void;
}) {
  const config = useRuntimeConfig();
  const distributor = contractAddress(config, "RevenueDistributor");
  const [offeringId, setOfferingId] = useState(offerings[0]?.id ?? "");
  const offering = offerings.find((o) => o.id === offeringId);
  const price = offering ? BigInt(offering.pricePerShare) : 0n;
  const affordable = price > 0n ? source.claimable / price : 0n;
  const [sharesText, setSharesText] = useState(() => String(affordable));
  const { status, write } = useWriteWithStatus();
  const parsed = parseShareCount(sharesText);
  const shares = "shares" in parsed ? parsed.shares : null;
  const cost = shares !== null ? shares * price : null;
  const problem = "error" in parsed
    ? parsed.error
    : cost !== null && cost > source.claimable
      ? `That costs ${formatCurrency(cost, decimals)}; ${formatCurrency(source.claimable, decimals)} is claimable from ${source.assetName}.`
      : offering && shares !== null && shares < BigInt(offering.minPurchaseShares)
        ? `The smallest purchase in this offering is ${formatNumber(BigInt(offering.minPurchaseShares))} shares.`
        : null;

  return (
    <form
      className="flex flex-col gap-3 rounded-xl border border-stone-200 p-4 dark:border-stone-800"
      aria-label={`Reinvest revenue from ${source.assetName}`}
      data-testid="reinvest-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem || shares === null || !offering) return;
        void write({ address: distributor, abi: revenueDistributorAbi, functionName: "reinvestInOffering", args: [BigInt(source.assetId), BigInt(offering.id), shares] });
      }}
    >
      <p className="text-sm">
        Reinvest revenue from <strong>{source.assetName}</strong> ({formatCurrency(source.claimable, decimals)} claimable) into an open offering. The shares
        are yours when the offering succeeds; if it fails the amount is refunded to your wallet.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="reinvest-offering" className="label">Offering</label>
          <select id="reinvest-offering" className="field" value={offeringId} onChange={(event) => setOfferingId(event.target.value)}>
            {offerings.map((o) => (
              <option key={o.id} value={o.id}>{o.asset.name} — {formatCurrency(BigInt(o.pricePerShare), decimals)} per share</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="reinvest-shares" className="label">Shares</label>
          <input id="reinvest-shares" className="field" inputMode="numeric" value={sharesText} onChange={(event) => setSharesText(event.target.value)} aria-invalid={!!problem} aria-describedby="reinvest-note" />
        </div>
      </div>
      <p id="reinvest-note" className={`text-sm ${problem ? "text-red-800 dark:text-red-300" : ""}`} data-testid="reinvest-note">
        {problem ?? (cost !== null ? `Uses ${formatCurrency(cost, decimals)} of your revenue; ${formatCurrency(source.claimable - cost, decimals)} stays claimable.` : "")}
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="btn-primary" disabled={!!problem || isBusy(status) || status.phase === "confirmed"} data-testid="reinvest-submit">
          {isBusy(status) ? "Reinvesting…" : "Reinvest"}
        </button>
        <button type="button" className="btn-secondary" onClick={onClose}>Close</button>
      </div>
      <div data-testid="reinvest-status"><TxStatus status={status} /></div>
      <p className="muted text-xs">Signed by {account.slice(0, 6)}…{account.slice(-4)}; compliance rules of the target asset apply to you.</p>
    </form>
  );
}
