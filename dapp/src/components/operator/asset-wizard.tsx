"use client";
import { TxStatus } from "../tx-status";
import { useEffect, useRef, useState } from "react";
import { parseEventLogs, type Address } from "viem";
import { energyAssetAbi } from "@cowatt/deployments/abis";
import { countryName, KNOWN_COUNTRIES } from "@/lib/format";
import { storeOperatorDocument } from "@/lib/document-upload";
import {
  EMPTY_WIZARD, firstStepWithError, MAX_DOCUMENT_BYTES, TECHNOLOGIES, toAssetSpec, toMetadataDocument, validateWizard, WIZARD_STEPS,
  type WizardDocument, type WizardErrors, type WizardValues,
} from "@/lib/operator-wizard";
import { contractAddress } from "@/lib/runtime-config";
import { useStablecoin } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { DocumentFields } from "./document-fields";
import { FIELD_META, SpecField, type SpecFieldName } from "./spec-field";

const DRAFT_KEY = "cowatt.operator.asset-draft";
type TextField = SpecFieldName;

/** Whether a registration was started and not finished (the wizard saves every change as a draft). */
export function hasAssetDraft(): boolean {
  try {
    const saved = localStorage.getItem(DRAFT_KEY);
    return saved !== null && JSON.stringify({ ...EMPTY_WIZARD, ...(JSON.parse(saved) as Partial<WizardValues>) }) !== JSON.stringify(EMPTY_WIZARD);
  } catch {
    return false;
  }
}

/** Registers an asset in five validated steps; the draft survives reloads and failed transactions. */
export function AssetWizard({ operator }: { operator: Address }) {
  const config = useRuntimeConfig();
  const { stablecoin } = useStablecoin();
  const { status, write, reset } = useWriteWithStatus();
  const [values, setValues] = useState<WizardValues>(EMPTY_WIZARD);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<WizardErrors>({});
  const [upload, setUpload] = useState<{ phase: "idle" | "uploading" | "done" | "failed"; message?: string; cid?: string }>({ phase: "idle" });
  const [registered, setRegistered] = useState<bigint | null>(null);
  // State, not a ref: saving starts from the render after the draft was read, so the first (empty) render never
  // overwrites the stored draft (the console reads it in the same commit to decide whether to open the wizard).
  const [draftLoaded, setDraftLoaded] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const options = { stablecoinDecimals: stablecoin?.decimals ?? 6, knownCountries: KNOWN_COUNTRIES };
  const review = step === WIZARD_STEPS.length;

  useEffect(() => {
    try {
      const saved = localStorage.getItem(DRAFT_KEY);
      if (saved) setValues({ ...EMPTY_WIZARD, ...(JSON.parse(saved) as Partial<WizardValues>) });
    } catch {
      // an unreadable draft starts empty
    }
    setDraftLoaded(true);
  }, []);
  useEffect(() => {
    if (!draftLoaded) return;
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(values));
    } catch {
      // documents can exceed the storage quota; the text fields are what matters
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...values, documents: [] }));
    }
  }, [values, draftLoaded]);

  const set = (field: TextField, value: string) => setValues((current) => ({ ...current, [field]: value }));
  const go = (next: number) => {
    setStep(next);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  const nextStep = () => {
    const stepErrors = validateWizard(values, step, options);
    setErrors(stepErrors);
    if (Object.keys(stepErrors).length === 0) go(step + 1);
  };

  async function submit() {
    const all = validateWizard(values, undefined, options);
    setErrors(all);
    const wrong = firstStepWithError(all);
    if (wrong !== null) return go(wrong);
    reset();
    setUpload({ phase: "uploading" });
    let cid: string;
    try {
      cid = await storeOperatorDocument(toMetadataDocument(values, operator));
      setUpload({ phase: "done", cid });
    } catch (error) {
      setUpload({ phase: "failed", message: error instanceof Error ? error.message : String(error) });
      return;
    }
    const receipt = await write({
      address: contractAddress(config, "EnergyAsset"), abi: energyAssetAbi, functionName: "registerAsset", args: [toAssetSpec(values, cid)],
    });
    if (receipt?.status === "success") {
      const [event] = parseEventLogs({ abi: energyAssetAbi, eventName: "AssetRegistered", logs: receipt.logs });
      setRegistered(event?.args.assetId ?? null);
      localStorage.removeItem(DRAFT_KEY);
    }
  }

  if (registered !== null) {
    return (
      <div className="card flex flex-col gap-3 p-6" role="status" data-testid="asset-registered" data-asset-id={registered.toString()}>
        <h3 className="text-lg font-semibold">Asset #{registered.toString()} registered</h3>
        <p className="muted text-sm">It is now Submitted: a verifier reviews it and its documents (CID <span className="break-all font-mono">{upload.cid}</span>). It is listed above under “Your assets”, where you will see the outcome.</p>
        <button type="button" className="btn-secondary self-start" onClick={() => { setRegistered(null); setValues(EMPTY_WIZARD); setStep(0); reset(); setUpload({ phase: "idle" }); }}>Register another asset</button>
      </div>
    );
  }

  const field = (name: TextField) => (
    <SpecField key={name} name={name} idPrefix="wizard" value={values[name]} error={errors[name]} onChange={(value) => set(name, value)}
      unit={(name === "pricePerShare" || name === "minimumRaise") && stablecoin ? stablecoin.symbol : undefined} />
  );

  return (
    <div className="card flex flex-col gap-5 p-4 sm:p-6">
      <ol className="flex flex-wrap gap-2 text-xs" aria-label="Steps">
        {[...WIZARD_STEPS.map((s) => s.title), "Review"].map((title, index) => (
          <li key={title} aria-current={index === step ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${index === step ? "bg-brand-600 text-white" : index < step ? "bg-stone-200 dark:bg-stone-800" : "border border-stone-300 dark:border-stone-700"}`}>
            {index + 1}. {title}
          </li>
        ))}
      </ol>
      <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none" data-testid="wizard-step-title">
        {review ? "Review and register" : WIZARD_STEPS[step]!.title}
      </h3>

      {!review && step < WIZARD_STEPS.length - 1 && (
        <div className="grid gap-4 sm:grid-cols-2">{(WIZARD_STEPS[step]!.fields as readonly TextField[]).map(field)}</div>
      )}

      {step === WIZARD_STEPS.length - 1 && (
        <DocumentFields idPrefix="wizard" label="Documents (permits, grid connection, yield report; under 2 MB each)" documents={values.documents} error={errors.documents}
          onChange={(update) => setValues((current) => ({ ...current, documents: update(current.documents) }))}
          onError={(message) => setErrors((current) => ({ ...current, documents: message }))} />
      )}

      {review && (
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="wizard-review">
          {(Object.keys(FIELD_META) as TextField[]).map((name) => (
            <div key={name}>
              <dt className="muted">{FIELD_META[name].label}</dt>
              <dd className="break-words">{name === "country" && values.country ? countryName(Number(values.country)) : values[name] || "—"}</dd>
            </div>
          ))}
          <div className="sm:col-span-2"><dt className="muted">Documents</dt><dd>{values.documents.map((d) => d.title).join(", ")}</dd></div>
        </dl>
      )}

      {upload.phase === "uploading" && <p role="status" className="muted text-sm">Storing the documents…</p>}
      {upload.phase === "failed" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">The documents could not be stored: {upload.message} Your entries are kept; try again.</p>}
      <TxStatus status={status} onDismiss={reset} />

      <div className="flex flex-wrap gap-3">
        {step > 0 && <button type="button" className="btn-secondary" onClick={() => go(step - 1)} disabled={isBusy(status)}>Back</button>}
        {!review && <button type="button" className="btn-primary" onClick={nextStep}>Next</button>}
        {review && <button type="button" className="btn-primary" onClick={() => void submit()} disabled={isBusy(status) || upload.phase === "uploading"}>Upload documents and register</button>}
      </div>
    </div>
  );
}
