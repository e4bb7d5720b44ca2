"use client";
import { TxStatus } from "../tx-status";
import { useState } from "react";
import { parseEventLogs, type Address } from "viem";
import { energyCertificateAbi } from "@cowatt/deployments/abis";
import { co2GramsForKWh, formatCo2, MAX_BENEFICIARY_LENGTH, MAX_PURPOSE_LENGTH, validateRetirement, type RetireInput } from "@/lib/impact";
import type { Holding } from "@/lib/impact-certificates";
import { useCertificateSource, useLiveCertificateBalance } from "@/lib/impact-hooks";
import { formatNumber } from "@/lib/format";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { describedBy, FieldError } from "../operator/form-ui";

/**
 * Retire some of a held certificate for a beneficiary; shows the CO2 claimed before signing. The amount is
 * checked against the balance read from the chain right now (the indexed one may lag a transfer).
 */
export function RetireForm({ holding, account, onClose, onRetired }: { holding: Holding; account: Address; onClose: () => void; onRetired: (retirementId: bigint) => void }) {
  const source = useCertificateSource()!;
  const { status, write, reset } = useWriteWithStatus();
  const live = useLiveCertificateBalance(account, holding.id);
  const balance = live.data ?? holding.balance;
  const [input, setInput] = useState<RetireInput>({ amount: holding.balance.toString(), beneficiary: "", purpose: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof RetireInput, string>>>({});
  const change = (field: keyof RetireInput, value: string) => {
    setInput((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };
  const id = `retire-${holding.id}`;
  const preview = validateRetirement(input, balance);
  const co2 = preview.ok ? co2GramsForKWh(preview.value.amount, holding.emissionFactorGPerKWh) : null;

  async function submit() {
    // Read the balance again just before signing: a transfer since the last refresh changes what may be retired.
    const fresh = (await live.refetch()).data ?? balance;
    const check = validateRetirement(input, fresh);
    if (!check.ok) return setErrors(check.errors);
    setErrors({});
    const receipt = await write({
      address: source.address, abi: energyCertificateAbi, functionName: "retire",
      args: [account, holding.id, check.value.amount, check.value.beneficiary, check.value.purpose],
    });
    if (receipt?.status === "success") {
      const [event] = parseEventLogs({ abi: energyCertificateAbi, eventName: "CertificatesRetired", logs: receipt.logs });
      if (event) onRetired(event.args.retirementId);
    }
  }

  return (
    <form className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Retire certificates" onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <div>
        <label className="label" htmlFor={`${id}-amount`}>Certificates to retire (kWh)</label>
        <input id={`${id}-amount`} className="field" inputMode="numeric" value={input.amount} {...describedBy(`${id}-amount`, errors.amount)}
          onChange={(event) => change("amount", event.target.value)} />
        <FieldError id={`${id}-amount-error`} message={errors.amount} />
      </div>
      <div>
        <label className="label" htmlFor={`${id}-beneficiary`}>Beneficiary</label>
        <input id={`${id}-beneficiary`} className="field" maxLength={MAX_BENEFICIARY_LENGTH} placeholder="Who the claim is for" value={input.beneficiary}
          {...describedBy(`${id}-beneficiary`, errors.beneficiary)} onChange={(event) => change("beneficiary", event.target.value)} />
        <FieldError id={`${id}-beneficiary-error`} message={errors.beneficiary} />
      </div>
      <div className="sm:col-span-2">
        <label className="label" htmlFor={`${id}-purpose`}>Purpose (optional)</label>
        <input id={`${id}-purpose`} className="field" maxLength={MAX_PURPOSE_LENGTH} placeholder="e.g. Scope 2 claim for 2026" value={input.purpose}
          {...describedBy(`${id}-purpose`, errors.purpose)} onChange={(event) => change("purpose", event.target.value)} />
        <FieldError id={`${id}-purpose-error`} message={errors.purpose} />
      </div>
      {live.data !== undefined && live.data !== holding.balance && (
        <p className="text-sm sm:col-span-2" role="status">You hold {formatNumber(live.data)} of these on chain right now; the list above is catching up.</p>
      )}
      <p className="text-sm sm:col-span-2" data-testid="retire-co2">
        {co2 !== null ? <>Retiring claims <strong>{formatCo2(co2)}</strong> avoided (at {holding.emissionFactorGPerKWh} g/kWh). Retired certificates cannot be transferred again.</> : "Enter the amount and beneficiary to see the CO₂ claimed."}
      </p>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
        <button type="submit" className="btn-primary" disabled={isBusy(status)}>Retire certificates</button>
        <button type="button" className="btn-secondary" onClick={onClose} disabled={isBusy(status)}>Cancel</button>
        <TxStatus status={status} onDismiss={reset} />
      </div>
    </form>
  );
}
