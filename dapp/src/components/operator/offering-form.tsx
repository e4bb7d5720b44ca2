"use client";
import { useState } from "react";
import { useReadContracts } from "wagmi";
import { energyAssetAbi, offeringAbi } from "@cowatt/deployments/abis";
import { keccak256, parseEventLogs, toHex, type Address } from "viem";
import { ASSET_STATUSES } from "@/lib/errors";
import { formatCurrency, formatDate, formatNumber, formatPercent } from "@/lib/format";
import {
  emptyOfferingForm, offeringReadiness, offeringSummary, toOfferingTerms, validateOfferingForm,
  type OfferingContext, type OfferingFormErrors, type OfferingFormValues,
} from "@/lib/offering-terms";
import { contractAddress } from "@/lib/runtime-config";
import { useChainTime, useStablecoin } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { ErrorState, Notice } from "../states";
import { TxStatus } from "../tx-status";
import { describedBy, FieldError } from "./form-ui";

const OFFERING_MANAGER_ROLE = keccak256(toHex("OFFERING_MANAGER_ROLE"));

type TextField = Exclude<keyof OfferingFormValues, "startNow">;
const FIELDS: Record<TextField, { label: string; hint: string; type?: string; inputMode?: "numeric" | "decimal" }> = {
  pricePerShare: { label: "Price per share", hint: "What an investor pays for one share.", inputMode: "decimal" },
  hardCapShares: { label: "Shares offered (hard cap)", hint: "The offering closes early once these are sold.", inputMode: "numeric" },
  softCapShares: { label: "Soft cap (shares)", hint: "Below this at closing, every investor is refunded in full.", inputMode: "numeric" },
  minPurchaseShares: { label: "Minimum ticket (shares)", hint: "The smallest purchase.", inputMode: "numeric" },
  maxSharesPerInvestor: { label: "Maximum per investor (shares)", hint: "Leave empty for no limit beyond the shares offered.", inputMode: "numeric" },
  start: { label: "Opens", hint: "In your time zone.", type: "datetime-local" },
  end: { label: "Closes", hint: "In your time zone; unsold shares stay with the asset.", type: "datetime-local" },
  treasury: { label: "Treasury (receives the proceeds)", hint: "Paid when the offering succeeds, minus the platform fee." },
};

/**
 * Offering.createOffering for one asset: a pre-check of role, lifecycle state and unissued shares with the
 * reason shown, the terms validated field by field before any signature, and what they mean in money.
 */
export function OfferingForm({ assetId, account }: { assetId: bigint; account: Address }) {
  const config = useRuntimeConfig();
  const { stablecoin } = useStablecoin();
  const now = useChainTime();
  const offering = contractAddress(config, "Offering");
  const energyAsset = contractAddress(config, "EnergyAsset");
  const reads = useReadContracts({
    contracts: [
      { address: energyAsset, abi: energyAssetAbi, functionName: "asset", args: [assetId] },
      { address: energyAsset, abi: energyAssetAbi, functionName: "assetSpec", args: [assetId] },
      { address: energyAsset, abi: energyAssetAbi, functionName: "totalSupply", args: [assetId] },
      { address: offering, abi: offeringAbi, functionName: "hasRole", args: [OFFERING_MANAGER_ROLE, account] },
      { address: offering, abi: offeringAbi, functionName: "platformFeeBps" },
      { address: offering, abi: offeringAbi, functionName: "paymentToken" },
    ],
    allowFailure: false,
  });
  const { status, write, reset } = useWriteWithStatus();
  const [values, setValues] = useState<OfferingFormValues>(() => emptyOfferingForm(account));
  // Errors show from the first attempt on, then follow every edit (a corrected field clears its message).
  const [attempted, setAttempted] = useState(false);
  const [created, setCreated] = useState<bigint | null>(null);

  if (reads.error) return <ErrorState title="The asset's offering state could not be read" message={reads.error.message} onRetry={() => void reads.refetch()} />;
  if (!reads.data || !stablecoin || now === undefined) return <p className="muted text-sm" role="status">Checking the asset and your role…</p>;

  const [state, spec, issued, isOfferingManager, feeBps, paymentToken] = reads.data;
  const unissuedShares = spec.totalShares - issued;
  const readiness = offeringReadiness({ status: ASSET_STATUSES[state.status] ?? "None", operator: state.operator, account, isOfferingManager, unissuedShares });
  const context: OfferingContext = { stablecoinDecimals: stablecoin.decimals, now, unissuedShares };
  const money = (amount: bigint) => formatCurrency(amount, stablecoin.decimals);
  const id = `offering-${assetId}`;

  if (created !== null) {
    return (
      <div role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-sm text-emerald-950 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100" data-testid="offering-created" data-offering-id={created.toString()}>
        <p className="font-semibold">Offering #{created.toString()} is open.</p>
        <p>The asset is now in its Offering state; investors see it on the marketplace. Close it after the end date (or once sold out) from the asset page.</p>
      </div>
    );
  }
  if (!readiness.ready) return <Notice tone="warn"><span data-testid="offering-not-ready">{readiness.reason}</span></Notice>;

  const set = (field: keyof OfferingFormValues, value: string | boolean) => setValues((current) => ({ ...current, [field]: value }));
  const currentErrors = validateOfferingForm(values, context);
  const errors: OfferingFormErrors = attempted ? currentErrors : {};
  const preview = Object.keys(currentErrors).length === 0 ? toOfferingTerms(assetId, values, context) : null;

  async function submit() {
    const problems = validateOfferingForm(values, context);
    setAttempted(true);
    if (Object.keys(problems).length > 0) return;
    const receipt = await write({ address: offering, abi: offeringAbi, functionName: "createOffering", args: [toOfferingTerms(assetId, values, context)] });
    if (receipt?.status === "success") {
      const [event] = parseEventLogs({ abi: offeringAbi, eventName: "OfferingCreated", logs: receipt.logs });
      setCreated(event?.args.offeringId ?? 0n);
    }
  }

  const field = (name: TextField) => {
    const meta = FIELDS[name];
    const fieldId = `${id}-${name}`;
    return (
      <div key={name} className={name === "treasury" ? "sm:col-span-2" : undefined}>
        <label htmlFor={fieldId} className="label">{meta.label}{name === "pricePerShare" ? ` (${stablecoin.symbol})` : ""}</label>
        <input id={fieldId} className={`field ${name === "treasury" ? "font-mono" : ""}`} type={meta.type ?? "text"} inputMode={meta.inputMode}
          value={values[name]} onChange={(event) => set(name, event.target.value)} {...describedBy(fieldId, errors[name])} />
        {errors[name] ? <FieldError id={`${fieldId}-error`} message={errors[name]} /> : <p className="muted mt-1 text-xs">{meta.hint}</p>}
      </div>
    );
  };

  return (
    <form className="flex flex-col gap-4" noValidate aria-label={`Offering terms for asset #${assetId}`} onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <p className="muted text-sm">
        {formatNumber(unissuedShares)} of {formatNumber(spec.totalShares)} shares are not issued yet. Investors pay in {stablecoin.symbol}
        {paymentToken.toLowerCase() !== stablecoin.address.toLowerCase() ? ` (payment token ${paymentToken})` : ""}; the money stays in escrow until the offering closes.
        The platform fee is {formatPercent(feeBps / 10_000)} of the amount raised.
      </p>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Price and caps</legend>
        {(["pricePerShare", "hardCapShares", "softCapShares", "minPurchaseShares", "maxSharesPerInvestor"] as const).map(field)}
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="label">Window</legend>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={values.startNow} onChange={(event) => set("startNow", event.target.checked)} />
          Open as soon as the transaction confirms
        </label>
        {!values.startNow && field("start")}
        {field("end")}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">{field("treasury")}</div>

      {preview && (
        <dl className="grid gap-x-6 gap-y-1 rounded-xl bg-stone-50 p-4 text-sm sm:grid-cols-2 dark:bg-stone-900" data-testid="offering-summary">
          <div><dt className="muted">Raised at the soft cap (needed to succeed)</dt><dd className="font-medium">{money(offeringSummary(preview, feeBps).minimumRaise)}</dd></div>
          <div><dt className="muted">Raised if sold out</dt><dd className="font-medium">{money(offeringSummary(preview, feeBps).maximumRaise)}</dd></div>
          <div><dt className="muted">Smallest ticket</dt><dd>{money(offeringSummary(preview, feeBps).minimumTicket)}</dd></div>
          <div><dt className="muted">To the treasury if sold out, after the fee</dt><dd>{money(offeringSummary(preview, feeBps).netAtMaximum)}</dd></div>
          <div className="sm:col-span-2"><dt className="muted">Window</dt><dd>{values.startNow ? "From confirmation" : formatDate(preview.startTime, { withTime: true })} – {formatDate(preview.endTime, { withTime: true })}</dd></div>
        </dl>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={isBusy(status)}>Open the offering</button>
        <span className="muted text-xs">The terms cannot be changed once the offering is open; it can only be cancelled.</span>
      </div>
      <TxStatus status={status} onDismiss={reset} />
    </form>
  );
}
