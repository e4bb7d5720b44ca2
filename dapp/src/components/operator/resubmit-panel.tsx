"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useReadContract } from "wagmi";
import { energyAssetAbi } from "@cowatt/deployments/abis";
import { api } from "@/lib/api";
import { changedFields, resubmittedMetadata, RESUBMISSION_FIELDS, validateResubmission, valuesFromSpec } from "@/lib/asset-resubmission";
import { storeOperatorDocument } from "@/lib/document-upload";
import { KNOWN_COUNTRIES } from "@/lib/format";
import { assetSpecOf, type WizardErrors, type WizardValues } from "@/lib/operator-wizard";
import { contractAddress } from "@/lib/runtime-config";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { ErrorState } from "../states";
import { TxStatus } from "../tx-status";
import { DocumentFields } from "./document-fields";
import { FIELD_META, SpecField } from "./spec-field";

/**
 * Corrects a rejected asset and sends it back to review: the stored specification and metadata as editable
 * values, documents to add, a note for the verifier; the new metadata goes to the document store, then
 * EnergyAsset.updateAssetSpec records the specification with its CID and returns the asset to Submitted.
 */
export function ResubmitPanel({ assetId, rejectionReason, onDone }: { assetId: bigint; rejectionReason: string; onDone: () => void }) {
  const config = useRuntimeConfig();
  const energyAsset = contractAddress(config, "EnergyAsset");
  const spec = useReadContract({ address: energyAsset, abi: energyAssetAbi, functionName: "assetSpec", args: [assetId] });
  const cid = spec.data?.metadataCID;
  const metadata = useQuery({
    queryKey: ["asset-metadata-raw", cid],
    queryFn: () => api<Record<string, unknown>>(`/api/documents/${cid}`),
    enabled: !!cid,
    staleTime: Infinity,
  });
  const { status, write, reset } = useWriteWithStatus();
  const [original, setOriginal] = useState<WizardValues | null>(null);
  const [values, setValues] = useState<WizardValues | null>(null);
  const [note, setNote] = useState("");
  // Rule errors show from the first attempt on and follow every edit; a refused file is reported until the next pick.
  const [attempted, setAttempted] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>();
  const [upload, setUpload] = useState<{ phase: "idle" | "uploading" | "failed"; message?: string }>({ phase: "idle" });

  // Start from what is stored, once; later refetches must not overwrite the operator's edits.
  useEffect(() => {
    if (original || !spec.data || !metadata.data) return;
    const initial = valuesFromSpec(spec.data, metadata.data);
    setOriginal(initial);
    setValues(initial);
  }, [original, spec.data, metadata.data]);

  if (spec.error) return <ErrorState title="The asset's specification could not be read" message={spec.error.message} onRetry={() => void spec.refetch()} />;
  if (metadata.error) return <ErrorState title="The asset's current documents could not be read" message={metadata.error.message} onRetry={() => void metadata.refetch()} />;
  if (!original || !values || !spec.data || !metadata.data) return <p className="muted text-sm" role="status">Loading the submitted specification…</p>;

  const previousDocuments = Array.isArray(metadata.data.documents) ? (metadata.data.documents as { title?: unknown }[]) : [];
  const changed = changedFields(original, values);
  const errors: WizardErrors = attempted ? validateResubmission(original, values, { knownCountries: KNOWN_COUNTRIES }) : {};
  const set = (field: keyof WizardValues, value: string) => setValues((current) => current && { ...current, [field]: value });

  async function resubmit() {
    if (!values || !original || !metadata.data) return;
    const problems = validateResubmission(original, values, { knownCountries: KNOWN_COUNTRIES });
    setAttempted(true);
    if (Object.keys(problems).length > 0) return;
    reset();
    setUpload({ phase: "uploading" });
    // The spec is built first: its capacity (in W) goes into the metadata document too.
    const draftSpec = assetSpecOf(values, "");
    const document = resubmittedMetadata(metadata.data, values, values.documents, { rejectionReason, note, capacityW: draftSpec.capacityW });
    let newCid: string;
    try {
      newCid = await storeOperatorDocument(document);
    } catch (error) {
      setUpload({ phase: "failed", message: error instanceof Error ? error.message : String(error) });
      return;
    }
    setUpload({ phase: "idle" });
    const receipt = await write({ address: energyAsset, abi: energyAssetAbi, functionName: "updateAssetSpec", args: [assetId, { ...draftSpec, metadataCID: newCid }] });
    if (receipt?.status === "success") onDone();
  }

  const idPrefix = `resubmit-${assetId}`;
  return (
    <form className="flex flex-col gap-4" noValidate aria-label={`Correct and resubmit asset #${assetId}`} onSubmit={(event) => { event.preventDefault(); void resubmit(); }}>
      <p className="muted text-sm">
        Correct what the verifier asked for, attach any missing document, and send the asset back to review. The documents already submitted stay attached.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        {RESUBMISSION_FIELDS.map((name) => (
          <SpecField key={name} name={name} idPrefix={idPrefix} value={values[name]} error={errors[name]} onChange={(value) => set(name, value)} />
        ))}
      </div>
      <div className="text-sm">
        <p className="label">Already attached</p>
        <ul className="muted list-disc pl-5">
          {previousDocuments.map((doc, index) => <li key={index}>{typeof doc.title === "string" ? doc.title : "Untitled document"}</li>)}
          {previousDocuments.length === 0 && <li>No documents.</li>}
        </ul>
      </div>
      <DocumentFields idPrefix={idPrefix} label="Add documents (under 2 MB each)" documents={values.documents} error={fileError ?? errors.documents}
        onChange={(update) => { setFileError(undefined); setValues((current) => current && { ...current, documents: update(current.documents) }); }}
        onError={setFileError} />
      <div>
        <label htmlFor={`${idPrefix}-note`} className="label">Note for the verifier (optional)</label>
        <textarea id={`${idPrefix}-note`} className="field min-h-20 py-2" value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <p className="muted text-sm" data-testid="resubmit-changes">
        {changed.length === 0 && values.documents.length === 0
          ? "No changes yet."
          : `Changes: ${[...changed.map((field) => FIELD_META[field].label), ...values.documents.map((d) => `new document “${d.title}”`)].join(", ")}.`}
      </p>
      {upload.phase === "uploading" && <p role="status" className="muted text-sm">Storing the documents…</p>}
      {upload.phase === "failed" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">The documents could not be stored: {upload.message} Your changes are kept; try again.</p>}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn-primary" disabled={isBusy(status) || upload.phase === "uploading"}>Upload and resubmit for review</button>
      </div>
      <TxStatus status={status} onDismiss={reset} />
    </form>
  );
}
