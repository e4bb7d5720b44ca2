import { describe, expect, it } from "vitest";
import { cidOfBytes, documentBytes } from "./documents";
import { EMPTY_WIZARD, degreesToE6, firstStepWithError, toAssetSpec, toMetadataDocument, validateWizard, type WizardValues } from "./operator-wizard";

const valid: WizardValues = {
  ...EMPTY_WIZARD,
  name: "Moselle Solar Park",
  technology: "Solar",
  description: "A 4.2 MWp ground-mounted solar park on a former vineyard terrace.",
  country: "276",
  location: "Bernkastel-Kues, Germany",
  latitude: "49.916",
  longitude: "7.0712",
  capacityKW: "4200",
  expectedAnnualKWh: "4100000",
  commissionedOn: "2027-04-01",
  emissionFactor: "380",
  totalShares: "10000",
  pricePerShare: "250",
  minimumRaise: "1000000",
  offeringDays: "45",
  documents: [{ title: "Grid connection", kind: "grid", fileName: "grid.pdf", mediaType: "application/pdf", size: 4, contentBase64: "JVBERg==" }],
};

describe("asset wizard validation", () => {
  it("accepts a complete asset and converts it to the contract's spec", () => {
    expect(validateWizard(valid)).toEqual({});
    const spec = toAssetSpec(valid, "bafkreitest");
    expect(spec).toMatchObject({
      technology: 0, capacityW: 4_200_000n, country: 276, latitudeE6: 49_916_000, longitudeE6: 7_071_200,
      expectedAnnualKWh: 4_100_000n, emissionFactorGPerKWh: 380, totalShares: 10_000n, metadataCID: "bafkreitest",
    });
    expect(spec.commissionedAt).toBe(BigInt(Date.UTC(2027, 3, 1) / 1000));
  });

  it("checks only the fields of the step asked for", () => {
    const errors = validateWizard({ ...EMPTY_WIZARD, name: "X", technology: "Solar", description: "long enough description here" }, 0);
    expect(errors).toEqual({});
    expect(Object.keys(validateWizard(EMPTY_WIZARD, 1)).sort()).toEqual(["country", "latitude", "location", "longitude"]);
  });

  it("enforces EnergyAsset's limits", () => {
    const errors = validateWizard({ ...valid, latitude: "91", longitude: "-180.5", expectedAnnualKWh: "40000000", emissionFactor: "2001", totalShares: "0" });
    expect(errors.latitude).toMatch(/between −90 and 90/);
    expect(errors.longitude).toMatch(/between −180 and 180/);
    expect(errors.expectedAnnualKWh).toBe("More than the capacity can produce running all year (36792000 kWh).");
    expect(errors.emissionFactor).toMatch(/At most 2000/);
    expect(errors.totalShares).toBeDefined();
    expect(firstStepWithError(errors)).toBe(1);
  });

  it("refuses malformed numbers, excess decimals and unknown countries", () => {
    const errors = validateWizard({ ...valid, capacityKW: "1,5", pricePerShare: "1.0000001", latitude: "50.1234567", country: "999" }, undefined, { knownCountries: [276] });
    expect(Object.keys(errors).sort()).toEqual(["capacityKW", "country", "latitude", "pricePerShare"]);
    expect(validateWizard({ ...valid, minimumRaise: "3000000" }).minimumRaise).toBe("The minimum raise exceeds the value of all shares.");
    expect(validateWizard({ ...valid, documents: [] }).documents).toMatch(/at least one/);
    expect(() => toAssetSpec({ ...valid, name: "" }, "x")).toThrow(/name/);
  });

  it("parses degrees exactly", () => {
    expect(degreesToE6("-33.8688")).toBe(-33_868_800);
    expect(degreesToE6("0")).toBe(0);
    expect(degreesToE6("abc")).toBeNull();
  });
});

describe("metadata document", () => {
  it("embeds the documents and is named by the CID of its bytes", async () => {
    const document = toMetadataDocument(valid, "0xabc");
    expect(document.documents[0]!.content).toBe("data:application/pdf;base64,JVBERg==");
    expect(document.offeringTerms).toEqual({ pricePerShare: "250", minimumRaise: "1000000", durationDays: 45 });
    const cid = await cidOfBytes(documentBytes(document));
    expect(cid).toMatch(/^bafkrei[a-z2-7]{52}$/);
    expect(await cidOfBytes(documentBytes({ ...document, name: "Other" }))).not.toBe(cid);
  });
});
