"use client";
import { TxStatus } from "../tx-status";
import { useState } from "react";
import { useReadContract } from "wagmi";
import { energyAssetAbi } from "@cowatt/deployments/abis";
import { isAddress, type Address } from "viem";
import { shortAddress } from "@/lib/format";
import { contractAddress } from "@/lib/runtime-config";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { ConfirmDialog, describedBy, FieldError } from "../operator/form-ui";

type Action = "freeze" | "unfreeze" | "forced" | "recover";
interface Form { wallet: string; from: string; to: string; assetIds: string; amount: string; reason: string }
const EMPTY: Form = { wallet: "", from: "", to: "", assetIds: "", amount: "", reason: "" };

/** Agent actions on EnergyAsset: freeze/unfreeze, forced transfer, wallet recovery — each confirmed in a dialog. */
export function ComplianceActions() {
  const config = useRuntimeConfig();
  const energyAsset = contractAddress(config, "EnergyAsset");
  const { status, write, reset } = useWriteWithStatus();
  const [action, setAction] = useState<Action>("freeze");
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [confirming, setConfirming] = useState(false);
  const frozen = useReadContract({
    address: energyAsset, abi: energyAssetAbi, functionName: "isFrozen", args: isAddress(form.wallet.trim()) ? [form.wallet.trim() as Address] : undefined,
    query: { enabled: isAddress(form.wallet.trim()) },
  });

  function check(): boolean {
    const problems: Partial<Record<keyof Form, string>> = {};
    const address = (field: keyof Form) => { if (!isAddress(form[field].trim())) problems[field] = "Enter a wallet address (0x…)."; };
    if (action === "freeze" || action === "unfreeze") address("wallet");
    if (action === "forced" || action === "recover") { address("from"); address("to"); }
    if (action === "forced") {
      if (!/^\d+$/.test(form.assetIds.trim())) problems.assetIds = "Enter the asset id.";
      if (!/^[1-9]\d*$/.test(form.amount.trim())) problems.amount = "Enter the number of shares (at least 1).";
    }
    if (action === "recover" && !/^\d+(\s*,\s*\d+)*$/.test(form.assetIds.trim())) problems.assetIds = "List the asset ids, separated by commas.";
    if (!form.reason.trim()) problems.reason = "State the legal or regulatory reason; it is recorded on chain.";
    setErrors(problems);
    return Object.keys(problems).length === 0;
  }

  async function run() {
    setConfirming(false);
    const reason = form.reason.trim();
    if (action === "freeze" || action === "unfreeze") {
      await write({ address: energyAsset, abi: energyAssetAbi, functionName: "setAddressFrozen", args: [form.wallet.trim() as Address, action === "freeze", reason] });
    } else if (action === "forced") {
      await write({ address: energyAsset, abi: energyAssetAbi, functionName: "forcedTransfer", args: [BigInt(form.assetIds.trim()), form.from.trim() as Address, form.to.trim() as Address, BigInt(form.amount.trim()), reason] });
    } else {
      const ids = form.assetIds.split(",").map((part) => BigInt(part.trim()));
      await write({ address: energyAsset, abi: energyAssetAbi, functionName: "recoverWallet", args: [form.from.trim() as Address, form.to.trim() as Address, ids, reason] });
    }
  }

  const input = (field: keyof Form, label: string, props: { mono?: boolean; inputMode?: "numeric" } = {}) => (
    <div>
      <label className="label" htmlFor={`compliance-${field}`}>{label}</label>
      <input id={`compliance-${field}`} className={`field ${props.mono ? "font-mono" : ""}`} inputMode={props.inputMode} value={form[field]}
        onChange={(event) => setForm({ ...form, [field]: event.target.value })} {...describedBy(`compliance-${field}`, errors[field])} />
      <FieldError id={`compliance-${field}-error`} message={errors[field]} />
    </div>
  );
  const summary = {
    freeze: `Freeze ${shortAddress(form.wallet.trim())} for every asset: it can no longer send or receive shares.`,
    unfreeze: `Unfreeze ${shortAddress(form.wallet.trim())}: its shares move again under the normal rules.`,
    forced: `Move ${form.amount} shares of asset #${form.assetIds} from ${shortAddress(form.from.trim())} to ${shortAddress(form.to.trim())} without the holder's consent.`,
    recover: `Move every available share of assets ${form.assetIds} from ${shortAddress(form.from.trim())} to ${shortAddress(form.to.trim())} and freeze the lost wallet.`,
  }[action];

  return (
    <form className="flex flex-col gap-4" noValidate aria-label="Compliance action" onSubmit={(event) => { event.preventDefault(); if (check()) setConfirming(true); }}>
      <fieldset className="flex flex-wrap gap-3">
        <legend className="label">Action</legend>
        {([["freeze", "Freeze wallet"], ["unfreeze", "Unfreeze wallet"], ["forced", "Forced transfer"], ["recover", "Wallet recovery"]] as const).map(([key, label]) => (
          <label key={key} className="flex items-center gap-2 text-sm">
            <input type="radio" name="compliance-action" value={key} checked={action === key} onChange={() => { setAction(key); setErrors({}); }} /> {label}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        {(action === "freeze" || action === "unfreeze") && (
          <>
            {input("wallet", "Wallet", { mono: true })}
            {frozen.data !== undefined && <p className="self-end text-sm">Currently {frozen.data ? "frozen" : "not frozen"}.</p>}
          </>
        )}
        {(action === "forced" || action === "recover") && input("from", action === "recover" ? "Lost wallet" : "From", { mono: true })}
        {(action === "forced" || action === "recover") && input("to", action === "recover" ? "New wallet (same identity)" : "To (KYC-verified)", { mono: true })}
        {action === "forced" && input("assetIds", "Asset id", { inputMode: "numeric" })}
        {action === "forced" && input("amount", "Shares", { inputMode: "numeric" })}
        {action === "recover" && input("assetIds", "Asset ids (comma-separated)")}
        <div className="sm:col-span-2">{input("reason", "Reason (recorded on chain)")}</div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={isBusy(status)}>Review action…</button>
        <TxStatus status={status} onDismiss={reset} />
      </div>
      <ConfirmDialog open={confirming} title="Confirm the compliance action" confirmLabel="Sign and execute" onCancel={() => setConfirming(false)} onConfirm={() => void run()}>
        <p>{summary}</p>
        <p className="muted mt-2">Reason: {form.reason.trim()}</p>
        <p className="muted mt-2">This bypasses the holder&apos;s consent and is visible on chain to everyone.</p>
      </ConfirmDialog>
    </form>
  );
}
