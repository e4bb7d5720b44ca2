import { describe, expect, it } from "vitest";
import { changedFields, resubmittedMetadata, validateResubmission, valuesFromSpec, type StoredAssetSpec } from "./asset-resubmission";
import { assetSpecOf, type WizardDocument } from "./operator-wizard";

const spec: StoredAssetSpec = {
  name: "Biomasa Soria 800 kW", technology: 3, capacityW: 800_000n, country: 724, latitudeE6: 41_764_000, longitudeE6: -2_464_000,
  commissionedAt: BigInt(Date.parse("2027-01-01T00:00:00Z") / 1000), expectedAnnualKWh: 5_600_000n, emissionFactorGPerKWh: 190, totalShares: 8_000n,
  metadataCID: "bafkreiexample",
};
const metadata = { name: spec.name, description: "A forest-residue biomass CHP plant supplying a district heating network.", location: "Soria, Spain", documents: [{ title: "Fuel supply contract", kind: "contract" }], capacityW: "800000" };
const gridApproval: WizardDocument = { title: "Grid access approval", kind: "grid-connection", fileName: "grid.pdf", mediaType: "application/pdf", size: 4, contentBase64: "JVBERg==" };

describe("valuesFromSpec", () => {
  it("turns the stored specification back into the values the operator typed", () => {
    const values = valuesFromSpec(spec, metadata);
    expect(values).toMatchObject({
      name: "Biomasa Soria 800 kW", technology: "Biomass", country: "724", latitude: "41.764", longitude: "-2.464", capacityKW: "800",
      expectedAnnualKWh: "5600000", commissionedOn: "2027-01-01", emissionFactor: "190", totalShares: "8000", location: "Soria, Spain",
    });
    // Unchanged values give back the same specification.
    const { metadataCID: _, ...withoutCid } = spec;
    expect(assetSpecOf(values, "x")).toEqual({ ...withoutCid, metadataCID: "x" });
  });
});

describe("validateResubmission", () => {
  const original = valuesFromSpec(spec, metadata);
  it("refuses a resubmission that changes nothing", () => {
    expect(validateResubmission(original, original).documents).toMatch(/Nothing has changed yet/);
  });
  it("accepts an added document or a corrected field", () => {
    expect(validateResubmission(original, { ...original, documents: [gridApproval] })).toEqual({});
    expect(validateResubmission(original, { ...original, expectedAnnualKWh: "5200000" })).toEqual({});
    expect(changedFields(original, { ...original, expectedAnnualKWh: "5200000", name: " Biomasa Soria 800 kW " })).toEqual(["expectedAnnualKWh"]);
  });
  it("applies the wizard's rules to the edited specification and documents, not to the offering proposal", () => {
    const errors = validateResubmission(original, { ...original, expectedAnnualKWh: "9000000", totalShares: "0", pricePerShare: "" });
    expect(errors.expectedAnnualKWh).toMatch(/More than the capacity can produce/);
    expect(errors.totalShares).toMatch(/number of shares/);
    expect(errors.pricePerShare).toBeUndefined();
    expect(validateResubmission(original, { ...original, documents: [{ ...gridApproval, title: " " }] }).documents).toBe("Give every document a title.");
  });
});

describe("resubmittedMetadata", () => {
  it("keeps the previous documents, adds the new ones and records what the resubmission answers", () => {
    const edited = { ...valuesFromSpec(spec, metadata), description: "A forest-residue biomass CHP plant, now with its grid access approval." };
    const document = resubmittedMetadata({ ...metadata, extra: 1 }, edited, [gridApproval], { rejectionReason: "Grid approval missing.", note: " Attached. ", capacityW: 800_000n });
    expect(document).toMatchObject({
      extra: 1,
      description: "A forest-residue biomass CHP plant, now with its grid access approval.",
      capacityW: "800000",
      resubmissions: [{ answersRejection: "Grid approval missing.", note: "Attached.", addedDocuments: ["Grid access approval"] }],
    });
    const documents = document.documents as { title: string; content?: string }[];
    expect(documents.map((d) => d.title)).toEqual(["Fuel supply contract", "Grid access approval"]);
    expect(documents[1]!.content).toBe("data:application/pdf;base64,JVBERg==");
  });
});
