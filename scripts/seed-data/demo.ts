import type { AssetSpecInput } from "../lib/deploy.ts";

/**
 * Demo data for the local platform: real-world-like assets, operators and investors. Figures are
 * plausible for the technology and site (capacity factors, grid emission factors, prices).
 */

export const TECHNOLOGY = { Solar: 0, Wind: 1, Hydro: 2, Biomass: 3, Geothermal: 4, Storage: 5 } as const;
export const COUNTRIES = { AT: 40, BE: 56, DE: 276, ES: 724, FR: 250, IT: 380, NL: 528, PT: 620 } as const;
export const EU_COUNTRIES = Object.values(COUNTRIES);

export interface DemoInvestor {
  name: string;
  country: number;
  investorClass: 0 | 1 | 2;
}

/** Investors take the node's test accounts from index 6 on. */
export const investors: DemoInvestor[] = [
  { name: "Lucía Fernández", country: COUNTRIES.ES, investorClass: 0 },
  { name: "Jonas Becker", country: COUNTRIES.DE, investorClass: 0 },
  { name: "Camille Laurent", country: COUNTRIES.FR, investorClass: 0 },
  { name: "Daan de Vries", country: COUNTRIES.NL, investorClass: 1 },
  { name: "Inês Carvalho", country: COUNTRIES.PT, investorClass: 0 },
  { name: "Marco Rossi", country: COUNTRIES.IT, investorClass: 0 },
  { name: "Energiegenossenschaft Rheinland eG", country: COUNTRIES.DE, investorClass: 2 },
];

export interface DemoAsset {
  key: "wind" | "solar" | "rooftop" | "hydro" | "biomass";
  /** Index of the operator among the node's test accounts. */
  operatorAccount: number;
  spec: Omit<AssetSpecInput, "metadataCID">;
  metadata: {
    description: string;
    operator: string;
    location: string;
    documents: { title: string; kind: string }[];
  };
}

const date = (iso: string) => BigInt(Math.floor(Date.parse(iso) / 1000));

export const assets: DemoAsset[] = [
  {
    key: "wind",
    operatorAccount: 3,
    spec: {
      name: "Nordwind Eifel WEA 2.3 MW",
      technology: TECHNOLOGY.Wind,
      capacityW: 2_300_000n,
      country: COUNTRIES.DE,
      latitudeE6: 50_335_100,
      longitudeE6: 6_947_300,
      commissionedAt: date("2021-09-15"),
      expectedAnnualKWh: 5_240_000n, // capacity factor 26 %
      emissionFactorGPerKWh: 380,
      totalShares: 23_000n,
    },
    metadata: {
      description:
        "An Enercon E-82 E2 turbine (2.3 MW, 108 m hub height) on a ridge near Adenau in the Eifel, " +
        "selling under the EEG market premium. Owned by the community since 2021.",
      operator: "Nordwind Bürgerenergie eG",
      location: "Adenau, Rhineland-Palatinate, Germany",
      documents: [
        { title: "BImSchG operating permit", kind: "permit" },
        { title: "Wind resource assessment (P50/P90)", kind: "yield-report" },
        { title: "Maintenance contract (Enercon EP2)", kind: "contract" },
      ],
    },
  },
  {
    key: "solar",
    operatorAccount: 2,
    spec: {
      name: "Sol de Castilla 5 MW",
      technology: TECHNOLOGY.Solar,
      capacityW: 5_000_000n,
      country: COUNTRIES.ES,
      latitudeE6: 41_652_300,
      longitudeE6: -4_724_500,
      commissionedAt: date("2027-04-01"),
      expectedAnnualKWh: 8_650_000n, // 1,730 kWh/kWp with single-axis trackers
      emissionFactorGPerKWh: 190,
      totalShares: 50_000n,
    },
    metadata: {
      description:
        "A 5 MWp ground-mounted solar farm with single-axis trackers near Valladolid, " +
        "with a 10-year PPA with a regional cooperative retailer.",
      operator: "Sol de Castilla Energía S.L.",
      location: "Valladolid, Castilla y León, Spain",
      documents: [
        { title: "Grid connection permit (REE)", kind: "permit" },
        { title: "PVsyst energy yield report", kind: "yield-report" },
        { title: "Power purchase agreement summary", kind: "contract" },
      ],
    },
  },
  {
    key: "rooftop",
    operatorAccount: 4,
    spec: {
      name: "Toits Solaires de Lyon",
      technology: TECHNOLOGY.Solar,
      capacityW: 420_000n,
      country: COUNTRIES.FR,
      latitudeE6: 45_764_000,
      longitudeE6: 4_835_700,
      commissionedAt: date("2026-06-01"),
      expectedAnnualKWh: 483_000n, // 1,150 kWh/kWp on flat roofs
      emissionFactorGPerKWh: 60,
      totalShares: 4_200n,
    },
    metadata: {
      description:
        "A rooftop PV cooperative on 14 school and gymnasium roofs of Lyon's 7th arrondissement, " +
        "selling under an EDF OA feed-in contract.",
      operator: "Coopérative Toits Solaires de Lyon SCIC",
      location: "Lyon, Auvergne-Rhône-Alpes, France",
      documents: [
        { title: "Roof lease agreements", kind: "contract" },
        { title: "Structural survey", kind: "technical" },
      ],
    },
  },
  {
    key: "hydro",
    operatorAccount: 5,
    spec: {
      name: "Mini-hídrica do Tâmega 1.2 MW",
      technology: TECHNOLOGY.Hydro,
      capacityW: 1_200_000n,
      country: COUNTRIES.PT,
      latitudeE6: 41_283_000,
      longitudeE6: -8_075_000,
      commissionedAt: date("2019-03-01"),
      expectedAnnualKWh: 4_200_000n, // capacity factor 40 %
      emissionFactorGPerKWh: 160,
      totalShares: 12_000n,
    },
    metadata: {
      description: "A run-of-river mini hydro plant on the Tâmega river, refurbished in 2019.",
      operator: "Hidro Tâmega, Lda.",
      location: "Amarante, Porto district, Portugal",
      documents: [{ title: "Water use licence (APA)", kind: "permit" }],
    },
  },
  {
    key: "biomass",
    operatorAccount: 5,
    spec: {
      name: "Biomasa Soria 800 kW",
      technology: TECHNOLOGY.Biomass,
      capacityW: 800_000n,
      country: COUNTRIES.ES,
      latitudeE6: 41_764_000,
      longitudeE6: -2_464_000,
      commissionedAt: date("2027-01-01"),
      expectedAnnualKWh: 5_600_000n,
      emissionFactorGPerKWh: 190,
      totalShares: 8_000n,
    },
    metadata: {
      description: "A forest-residue biomass CHP plant supplying a district heating network.",
      operator: "Hidro Tâmega, Lda.",
      location: "Soria, Castilla y León, Spain",
      documents: [{ title: "Fuel supply contract", kind: "contract" }],
    },
  },
];

/**
 * The metered site of the development platform: the wind turbine's gateway (test account #17 signs its
 * batches) and its export meter. `npm run dev` registers them in DeviceRegistry and runs the gateway with
 * simulated meters against the relay. The serial contains "wind", so the simulator gives it a turbine profile.
 */
export const DEV_METERED_SITE = {
  assetKey: "wind",
  gatewayAccountIndex: 17,
  latitudeDeg: 50.3351,
  longitudeDeg: 6.9474,
  meters: [{ serial: "NWE-WEA01-wind-export", maxPowerW: 2_500_000 }],
} as const;
