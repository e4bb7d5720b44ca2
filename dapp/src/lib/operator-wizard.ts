/**
 * The asset registration wizard's model: the operator's form values (strings, as typed), per-step validation
 * with the same limits EnergyAsset enforces (so the chain never rejects a spec the form accepted), and the
 * conversion to IEnergyAsset.AssetSpec and to the metadata document stored on IPFS.
 */
export const TECHNOLOGIES = ["Solar", "Wind", "Hydro", "Biomass", "Geothermal", "Storage"] as const;
export type TechnologyName = (typeof TECHNOLOGIES)[number];

export const MAX_EMISSION_FACTOR = 2_000; // g CO2/kWh, EnergyAsset's ceiling
export const HOURS_PER_YEAR = 8_760;
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
export const MAX_DOCUMENTS = 8;

export interface WizardDocument {
  title: string;
  kind: string;
  fileName: string;
  mediaType: string;
  size: number;
  /** base64 of the file's bytes, embedded in the metadata document. */
  contentBase64: string;
}

export interface WizardValues {
  name: string;
  technology: string;
  description: string;
  country: string;
  location: string;
  latitude: string;
  longitude: string;
  capacityKW: string;
  expectedAnnualKWh: string;
  commissionedOn: string;
  emissionFactor: string;
  totalShares: string;
  pricePerShare: string;
  minimumRaise: string;
  offeringDays: string;
  documents: WizardDocument[];
}

export const EMPTY_WIZARD: WizardValues = {
  name: "", technology: "", description: "", country: "", location: "", latitude: "", longitude: "",
  capacityKW: "", expectedAnnualKWh: "", commissionedOn: "", emissionFactor: "",
  totalShares: "", pricePerShare: "", minimumRaise: "", offeringDays: "30", documents: [],
};

export const WIZARD_STEPS = [
  { key: "basics", title: "Asset", fields: ["name", "technology", "description"] },
  { key: "site", title: "Site", fields: ["country", "location", "latitude", "longitude"] },
  { key: "production", title: "Production", fields: ["capacityKW", "expectedAnnualKWh", "commissionedOn", "emissionFactor"] },
  { key: "terms", title: "Offering terms", fields: ["totalShares", "pricePerShare", "minimumRaise", "offeringDays"] },
  { key: "documents", title: "Documents", fields: ["documents"] },
] as const satisfies readonly { key: string; title: string; fields: readonly (keyof WizardValues)[] }[];

export type WizardErrors = Partial<Record<keyof WizardValues, string>>;

const DECIMAL = /^\d+(\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(\.\d+)?$/;

function decimalToUnits(text: string, decimals: number): bigint | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.split(".");
  if (fraction.length > decimals) return null;
  return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** Degrees as micro-degrees (EnergyAsset's latitudeE6/longitudeE6), at most 6 decimals. */
export function degreesToE6(text: string): number | null {
  const trimmed = text.trim();
  if (!SIGNED_DECIMAL.test(trimmed)) return null;
  const negative = trimmed.startsWith("-");
  const units = decimalToUnits(negative ? trimmed.slice(1) : trimmed, 6);
  if (units === null) return null;
  return Number(negative ? -units : units);
}

/** Validates the fields of one step (or every step when `step` is omitted). */
export function validateWizard(values: WizardValues, step?: number, options: { stablecoinDecimals?: number; knownCountries?: readonly number[] } = {}): WizardErrors {
  const errors: WizardErrors = {};
  const steps = step === undefined ? WIZARD_STEPS.map((_, index) => index) : [step];
  const check = (field: keyof WizardValues) => steps.some((index) => (WIZARD_STEPS[index]!.fields as readonly string[]).includes(field));
  const decimals = options.stablecoinDecimals ?? 6;

  if (check("name")) {
    const name = values.name.trim();
    if (!name) errors.name = "Give the asset a name.";
    else if (name.length > 80) errors.name = "Keep the name under 80 characters.";
  }
  if (check("technology") && !TECHNOLOGIES.includes(values.technology as TechnologyName)) errors.technology = "Choose the technology.";
  if (check("description") && values.description.trim().length < 20) errors.description = "Describe the asset in at least 20 characters (what it is, where, who runs it).";

  if (check("country")) {
    const country = Number(values.country);
    if (!/^\d{1,3}$/.test(values.country) || country < 1 || country > 999) errors.country = "Choose the country of the site.";
    else if (options.knownCountries && !options.knownCountries.includes(country)) errors.country = "This country is not supported yet.";
  }
  if (check("location") && !values.location.trim()) errors.location = "Name the place (town, region).";
  if (check("latitude")) {
    const latitude = degreesToE6(values.latitude);
    if (latitude === null) errors.latitude = "Enter the latitude in decimal degrees, e.g. 50.38 (at most 6 decimals).";
    else if (Math.abs(latitude) > 90_000_000) errors.latitude = "A latitude lies between −90 and 90.";
  }
  if (check("longitude")) {
    const longitude = degreesToE6(values.longitude);
    if (longitude === null) errors.longitude = "Enter the longitude in decimal degrees, e.g. 6.93 (at most 6 decimals).";
    else if (Math.abs(longitude) > 180_000_000) errors.longitude = "A longitude lies between −180 and 180.";
  }

  const capacityW = decimalToUnits(values.capacityKW, 3);
  if (check("capacityKW") && (capacityW === null || capacityW === 0n)) errors.capacityKW = "Enter the nameplate capacity in kW (more than 0, at most 3 decimals).";
  if (check("expectedAnnualKWh")) {
    const expected = /^\d+$/.test(values.expectedAnnualKWh.trim()) ? BigInt(values.expectedAnnualKWh.trim()) : null;
    if (expected === null || expected === 0n) errors.expectedAnnualKWh = "Enter the expected yearly production (P50) in whole kWh.";
    else if (capacityW !== null && capacityW > 0n && expected > (capacityW * BigInt(HOURS_PER_YEAR)) / 1000n) {
      errors.expectedAnnualKWh = `More than the capacity can produce running all year (${((capacityW * BigInt(HOURS_PER_YEAR)) / 1000n).toString()} kWh).`;
    }
  }
  if (check("commissionedOn") && !/^\d{4}-\d{2}-\d{2}$/.test(values.commissionedOn)) errors.commissionedOn = "Enter the commissioning date (it may be in the future).";
  if (check("emissionFactor")) {
    const factor = Number(values.emissionFactor);
    if (!/^\d+$/.test(values.emissionFactor.trim())) errors.emissionFactor = "Enter the grid emission factor in whole grams of CO₂ per kWh.";
    else if (factor > MAX_EMISSION_FACTOR) errors.emissionFactor = `At most ${MAX_EMISSION_FACTOR} g/kWh (above any grid's average).`;
  }

  if (check("totalShares") && !/^[1-9]\d{0,17}$/.test(values.totalShares.trim())) errors.totalShares = "Enter the number of shares (a whole number, at least 1).";
  const price = decimalToUnits(values.pricePerShare, decimals);
  if (check("pricePerShare") && (price === null || price === 0n)) errors.pricePerShare = `Enter the price per share (more than 0, at most ${decimals} decimals).`;
  if (check("minimumRaise")) {
    const minimum = decimalToUnits(values.minimumRaise, decimals);
    if (minimum === null) errors.minimumRaise = "Enter the minimum raise (0 when any amount will do).";
    else if (price !== null && /^\d+$/.test(values.totalShares.trim()) && minimum > price * BigInt(values.totalShares.trim())) {
      errors.minimumRaise = "The minimum raise exceeds the value of all shares.";
    }
  }
  if (check("offeringDays")) {
    const days = Number(values.offeringDays);
    if (!/^\d+$/.test(values.offeringDays.trim()) || days < 1 || days > 365) errors.offeringDays = "An offering runs 1 to 365 days.";
  }

  if (check("documents")) {
    if (values.documents.length === 0) errors.documents = "Attach at least one document (permit, grid connection, yield report…).";
    else if (values.documents.length > MAX_DOCUMENTS) errors.documents = `Attach at most ${MAX_DOCUMENTS} documents.`;
    else if (values.documents.some((document) => document.size > MAX_DOCUMENT_BYTES)) errors.documents = "Each document must be under 2 MB.";
    else if (values.documents.some((document) => !document.title.trim())) errors.documents = "Give every document a title.";
  }
  return errors;
}

/** The first step holding an error, for jumping back on submit. */
export function firstStepWithError(errors: WizardErrors): number | null {
  const index = WIZARD_STEPS.findIndex((step) => step.fields.some((field) => errors[field]));
  return index === -1 ? null : index;
}

/** IEnergyAsset.AssetSpec from valid values. */
export function toAssetSpec(values: WizardValues, metadataCID: string) {
  const errors = validateWizard(values);
  if (Object.keys(errors).length > 0) throw new Error(`invalid wizard values: ${Object.keys(errors).join(", ")}`);
  return assetSpecOf(values, metadataCID);
}

/** IEnergyAsset.AssetSpec from values whose specification fields the caller has validated. */
export function assetSpecOf(values: WizardValues, metadataCID: string) {
  return {
    name: values.name.trim(),
    technology: TECHNOLOGIES.indexOf(values.technology as TechnologyName),
    capacityW: decimalToUnits(values.capacityKW, 3)!,
    country: Number(values.country),
    latitudeE6: degreesToE6(values.latitude)!,
    longitudeE6: degreesToE6(values.longitude)!,
    commissionedAt: BigInt(Math.floor(Date.parse(`${values.commissionedOn}T00:00:00Z`) / 1000)),
    expectedAnnualKWh: BigInt(values.expectedAnnualKWh.trim()),
    emissionFactorGPerKWh: Number(values.emissionFactor),
    totalShares: BigInt(values.totalShares.trim()),
    metadataCID,
  };
}

/** The metadata document (stored on IPFS, named by its CID): description, proposed terms, documents. */
export function toMetadataDocument(values: WizardValues, operator: string) {
  return {
    name: values.name.trim(),
    description: values.description.trim(),
    operator,
    location: values.location.trim(),
    capacityW: decimalToUnits(values.capacityKW, 3)!.toString(),
    offeringTerms: {
      pricePerShare: values.pricePerShare.trim(),
      minimumRaise: values.minimumRaise.trim(),
      durationDays: Number(values.offeringDays),
    },
    documents: values.documents.map(metadataDocumentEntry),
  };
}

/** An uploaded file as the metadata document lists it, its bytes embedded as a data URL. */
export function metadataDocumentEntry(document: WizardDocument) {
  return {
    title: document.title.trim(),
    kind: document.kind,
    fileName: document.fileName,
    mediaType: document.mediaType,
    size: document.size,
    content: `data:${document.mediaType || "application/octet-stream"};base64,${document.contentBase64}`,
  };
}
