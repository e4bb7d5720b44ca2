/**
 * Resubmitting a rejected asset: EnergyAsset.updateAssetSpec takes a corrected specification (and a new metadata
 * CID) from the asset's operator while it is Rejected or Submitted, and moves a Rejected asset back to Submitted.
 * This module turns the stored specification into editable form values, validates the edit with the
 * registration wizard's rules, and writes the new metadata document: the previous one, updated, with the added
 * documents and the operator's answer to the rejection.
 */
import { formatUnits, type ContractFunctionReturnType } from "viem";
import type { energyAssetAbi } from "@cowatt/deployments/abis";
import {
  EMPTY_WIZARD, metadataDocumentEntry, TECHNOLOGIES, validateWizard, WIZARD_STEPS,
  type WizardDocument, type WizardErrors, type WizardValues,
} from "./operator-wizard";

/** IEnergyAsset.AssetSpec as viem reads it, typed from the generated ABI. */
export type StoredAssetSpec = ContractFunctionReturnType<typeof energyAssetAbi, "view", "assetSpec">;

/** The specification fields a resubmission may change, in the wizard's order. */
export const RESUBMISSION_FIELDS = [
  "name", "technology", "description", "country", "location", "latitude", "longitude",
  "capacityKW", "expectedAnnualKWh", "commissionedOn", "emissionFactor", "totalShares",
] as const satisfies readonly (keyof WizardValues)[];

const STEP_OF_TOTAL_SHARES = WIZARD_STEPS.findIndex((step) => (step.fields as readonly string[]).includes("totalShares"));
const DOCUMENTS_STEP = WIZARD_STEPS.findIndex((step) => step.key === "documents");

const text = (metadata: Record<string, unknown>, key: string) => (typeof metadata[key] === "string" ? (metadata[key] as string) : "");

/** Form values from the specification on chain and the current metadata document (description, place). */
export function valuesFromSpec(spec: StoredAssetSpec, metadata: Record<string, unknown>): WizardValues {
  return {
    ...EMPTY_WIZARD,
    name: spec.name,
    technology: TECHNOLOGIES[spec.technology] ?? "",
    description: text(metadata, "description"),
    country: String(spec.country),
    location: text(metadata, "location"),
    latitude: formatUnits(BigInt(spec.latitudeE6), 6),
    longitude: formatUnits(BigInt(spec.longitudeE6), 6),
    capacityKW: formatUnits(spec.capacityW, 3),
    expectedAnnualKWh: spec.expectedAnnualKWh.toString(),
    commissionedOn: new Date(Number(spec.commissionedAt) * 1000).toISOString().slice(0, 10),
    emissionFactor: String(spec.emissionFactorGPerKWh),
    totalShares: spec.totalShares.toString(),
    documents: [],
  };
}

/** The fields whose value differs from the original (trimmed). */
export function changedFields(original: WizardValues, edited: WizardValues): (typeof RESUBMISSION_FIELDS)[number][] {
  return RESUBMISSION_FIELDS.filter((field) => original[field].trim() !== edited[field].trim());
}

/**
 * The wizard's rules for the specification fields and the added documents (`edited.documents`), and one more:
 * a resubmission must change something, else the verifier would see the rejected asset again unchanged.
 */
export function validateResubmission(
  original: WizardValues,
  edited: WizardValues,
  options: { knownCountries?: readonly number[] } = {},
): WizardErrors {
  const errors: WizardErrors = {};
  const specSteps = WIZARD_STEPS.map((_, index) => index).filter((index) => index < STEP_OF_TOTAL_SHARES);
  for (const step of specSteps) Object.assign(errors, validateWizard(edited, step, options));
  const terms = validateWizard(edited, STEP_OF_TOTAL_SHARES, options);
  if (terms.totalShares) errors.totalShares = terms.totalShares;
  if (edited.documents.length > 0) {
    const documents = validateWizard(edited, DOCUMENTS_STEP, options);
    if (documents.documents) errors.documents = documents.documents;
  }
  if (Object.keys(errors).length === 0 && edited.documents.length === 0 && changedFields(original, edited).length === 0) {
    errors.documents = "Nothing has changed yet: attach what the reviewer asked for or correct the specification, then resubmit.";
  }
  return errors;
}

/**
 * The new metadata document: the previous one with the edited name, description, place and capacity, its
 * documents followed by the added ones, and a record of this resubmission (the rejection it answers, the note).
 */
export function resubmittedMetadata(
  previous: Record<string, unknown>,
  edited: WizardValues,
  added: WizardDocument[],
  answer: { rejectionReason: string; note: string; capacityW: bigint },
): Record<string, unknown> {
  const previousDocuments = Array.isArray(previous.documents) ? (previous.documents as unknown[]) : [];
  const previousResubmissions = Array.isArray(previous.resubmissions) ? (previous.resubmissions as unknown[]) : [];
  return {
    ...previous,
    name: edited.name.trim(),
    description: edited.description.trim(),
    location: edited.location.trim(),
    capacityW: answer.capacityW.toString(),
    documents: [...previousDocuments, ...added.map(metadataDocumentEntry)],
    resubmissions: [
      ...previousResubmissions,
      { answersRejection: answer.rejectionReason, note: answer.note.trim(), addedDocuments: added.map((document) => document.title.trim()) },
    ],
  };
}
