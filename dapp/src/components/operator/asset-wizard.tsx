"use client";
import { TxStatus } from "../tx-status";
import { useEffect, useRef, useState } from "react";
import { parseEventLogs, type Address } from "viem";
import { abis } from "@cowatt/deployments/abis";
import { api, ApiError } from "@/lib/api";
import { countryName, KNOWN_COUNTRIES } from "@/lib/format";
import { cidOfBytes, documentBytes } from "@/lib/documents";
import {
  EMPTY_WIZARD, firstStepWithError, MAX_DOCUMENT_BYTES, TECHNOLOGIES, toAssetSpec, toMetadataDocument, validateWizard, WIZARD_STEPS,
  type WizardDocument, type WizardErrors, type WizardValues,
} from "@/lib/operator-wizard";
import { contractAddress } from "@/lib/runtime-config";
import { useStablecoin } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describedBy, FieldError } from "./form-ui";

const DRAFT_KEY = "cowatt.operator.asset-draft";
const DOCUMENT_KINDS = ["permit", "grid-connection", "yield-report", "ppa", "contract", "insurance", "other"];

type TextField = Exclude<keyof WizardValues, "documents">;

const FIELD_META: Record<TextField, { label: string; hint?: string; type?: string; inputMode?: "numeric" | "decimal" }> = {
  name: { label: "Asset name" },
  technology: { label: "Technology" },
  description: { label: "Description", hint: "What it is, where it stands, who runs it." },
  country: { label: "Country" },
  location: { label: "Place", hint: "Town and region." },
  latitude: { label: "Latitude (°)", inputMode: "decimal" },
  longitude: { label: "Longitude (°)", inputMode: "decimal" },
  capacityKW: { label: "Nameplate capacity (kW)", inputMode: "decimal" },
  expectedAnnualKWh: { label: "Expected production, P50 (kWh / year)", inputMode: "numeric" },
  commissionedOn: { label: "Commissioning date", type: "date" },
  emissionFactor: { label: "Grid emission factor displaced (g CO₂ / kWh)", hint: "The grid average the asset's output replaces.", inputMode: "numeric" },
  totalShares: { label: "Total shares", inputMode: "numeric" },
  pricePerShare: { label: "Proposed price per share", inputMode: "decimal" },
  minimumRaise: { label: "Minimum raise for the offering to succeed", inputMode: "decimal" },
  offeringDays: { label: "Offering duration (days)", inputMode: "numeric" },
};

function toBase64(buffer: ArrayBuffer): string {
  let binary = "";
  const bytes = new Uint8Array(buffer);
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
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
  const loaded = useRef(false);
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
    loaded.current = true;
  }, []);
  useEffect(() => {
    if (!loaded.current) return;
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(values));
    } catch {
      // documents can exceed the storage quota; the text fields are what matters
      localStorage.setItem(DRAFT_KEY, JSON.stringify({ ...values, documents: [] }));
    }
  }, [values]);

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

  async function addFiles(files: FileList | null) {
    if (!files) return;
    const added: WizardDocument[] = [];
    for (const file of Array.from(files)) {
      if (file.size > MAX_DOCUMENT_BYTES) {
        setErrors((current) => ({ ...current, documents: `${file.name} is larger than 2 MB.` }));
        continue;
      }
      added.push({ title: file.name.replace(/\.[^.]+$/, ""), kind: "other", fileName: file.name, mediaType: file.type, size: file.size, contentBase64: toBase64(await file.arrayBuffer()) });
    }
    setValues((current) => ({ ...current, documents: [...current.documents, ...added] }));
  }

  async function submit() {
    const all = validateWizard(values, undefined, options);
    setErrors(all);
    const wrong = firstStepWithError(all);
    if (wrong !== null) return go(wrong);
    reset();
    setUpload({ phase: "uploading" });
    const document = toMetadataDocument(values, operator);
    const cid = await cidOfBytes(documentBytes(document));
    try {
      const stored = await api<{ cid: string }>("/api/operator/documents", { method: "POST", body: { document, cid } });
      if (stored.cid !== cid) throw new Error(`The server stored the documents as ${stored.cid}, expected ${cid}.`);
      setUpload({ phase: "done", cid });
    } catch (error) {
      setUpload({ phase: "failed", message: error instanceof ApiError || error instanceof Error ? error.message : String(error) });
      return;
    }
    const receipt = await write({
      address: contractAddress(config, "EnergyAsset"), abi: abis.EnergyAsset, functionName: "registerAsset", args: [toAssetSpec(values, cid)],
    });
    if (receipt?.status === "success") {
      const [event] = parseEventLogs({ abi: abis.EnergyAsset, eventName: "AssetRegistered", logs: receipt.logs });
      setRegistered(event?.args.assetId ?? null);
      localStorage.removeItem(DRAFT_KEY);
    }
  }

  if (registered !== null) {
    return (
      <div className="card flex flex-col gap-3 p-6" role="status" data-testid="asset-registered" data-asset-id={registered.toString()}>
        <h3 className="text-lg font-semibold">Asset #{registered.toString()} registered</h3>
        <p className="muted text-sm">It is now Submitted: a verifier reviews it and its documents (CID <span className="break-all font-mono">{upload.cid}</span>). You will see the outcome under “Your assets”.</p>
        <button type="button" className="btn-secondary self-start" onClick={() => { setRegistered(null); setValues(EMPTY_WIZARD); setStep(0); reset(); setUpload({ phase: "idle" }); }}>Register another asset</button>
      </div>
    );
  }

  const field = (name: TextField) => {
    const meta = FIELD_META[name];
    const id = `wizard-${name}`;
    const common = { id, className: "field", value: values[name], ...describedBy(id, errors[name]) };
    let input;
    if (name === "technology") {
      input = (
        <select {...common} onChange={(event) => set(name, event.target.value)}>
          <option value="">Choose…</option>
          {TECHNOLOGIES.map((technology) => <option key={technology} value={technology}>{technology}</option>)}
        </select>
      );
    } else if (name === "country") {
      input = (
        <select {...common} onChange={(event) => set(name, event.target.value)}>
          <option value="">Choose…</option>
          {[...KNOWN_COUNTRIES].sort((a, b) => countryName(a).localeCompare(countryName(b))).map((code) => <option key={code} value={code}>{countryName(code)}</option>)}
        </select>
      );
    } else if (name === "description") {
      input = <textarea {...common} className="field min-h-24 py-2" onChange={(event) => set(name, event.target.value)} />;
    } else {
      input = <input {...common} type={meta.type ?? "text"} inputMode={meta.inputMode} onChange={(event) => set(name, event.target.value)} />;
    }
    return (
      <div key={name} className={name === "description" ? "sm:col-span-2" : undefined}>
        <label htmlFor={id} className="label">{meta.label}{(name === "pricePerShare" || name === "minimumRaise") && stablecoin ? ` (${stablecoin.symbol})` : ""}</label>
        {input}
        {meta.hint && !errors[name] && <p className="muted mt-1 text-xs">{meta.hint}</p>}
        <FieldError id={`${id}-error`} message={errors[name]} />
      </div>
    );
  };

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
        <div className="flex flex-col gap-3">
          <label htmlFor="wizard-files" className="label">Documents (permits, grid connection, yield report; under 2 MB each)</label>
          <input id="wizard-files" type="file" multiple className="text-sm" {...describedBy("wizard-documents", errors.documents)}
            onChange={(event) => { void addFiles(event.target.files); event.target.value = ""; }} />
          <FieldError id="wizard-documents-error" message={errors.documents} />
          <ul className="flex flex-col gap-2">
            {values.documents.map((document, index) => (
              <li key={`${document.fileName}-${index}`} className="grid gap-2 rounded-xl border border-stone-200 p-3 sm:grid-cols-[1fr_10rem_auto] dark:border-stone-800" data-testid="wizard-document">
                <div>
                  <label className="label" htmlFor={`doc-title-${index}`}>Title of {document.fileName}</label>
                  <input id={`doc-title-${index}`} className="field" value={document.title}
                    onChange={(event) => setValues((current) => ({ ...current, documents: current.documents.map((d, i) => (i === index ? { ...d, title: event.target.value } : d)) }))} />
                </div>
                <div>
                  <label className="label" htmlFor={`doc-kind-${index}`}>Kind</label>
                  <select id={`doc-kind-${index}`} className="field" value={document.kind}
                    onChange={(event) => setValues((current) => ({ ...current, documents: current.documents.map((d, i) => (i === index ? { ...d, kind: event.target.value } : d)) }))}>
                    {DOCUMENT_KINDS.map((kind) => <option key={kind} value={kind}>{kind}</option>)}
                  </select>
                </div>
                <button type="button" className="btn-secondary self-end" aria-label={`Remove ${document.fileName}`}
                  onClick={() => setValues((current) => ({ ...current, documents: current.documents.filter((_, i) => i !== index) }))}>Remove</button>
              </li>
            ))}
          </ul>
        </div>
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
