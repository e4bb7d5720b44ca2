/**
 * Energy certificates as the subgraph indexes them (Certificate, CertificateBalance, CertificateRetirement, and
 * the per-asset and per-account counters), turned into the impact pages' rows. Every certificate read of the
 * app goes through this module and impact-hooks.ts; live chain reads are kept where freshness matters (the
 * balance right before retiring, a retirement the subgraph has not indexed yet).
 */
import type { Address, Hex } from "viem";
import { co2GramsForWh } from "./impact";

const CERTIFICATE_FIELDS = /* GraphQL */ `id tokenId periodId start end units emissionFactorGPerKWh asset { id name }`;
const RETIREMENT_FIELDS = /* GraphQL */ `
  id retirementId amount beneficiary purpose co2AvoidedGrams retiredBy timestamp transactionHash
  account { id }
  certificate { ${CERTIFICATE_FIELDS} }
`;

/** The impact page: every asset's production and certificate counters, and the wallet's shares, certificates and retirements. */
export const IMPACT_QUERY = /* GraphQL */ `
  query Impact($account: Bytes!) {
    assets(first: 1000, orderBy: energyReportedWh, orderDirection: desc) {
      id name technology status emissionFactorGPerKWh energyReportedWh totalShares
      certificatesIssued certificatesRetired co2AvoidedGrams
    }
    positions(first: 1000, where: { account: $account, balance_gt: "0" }) { balance asset { id } }
    account(id: $account) {
      certificatesRetired
      co2AvoidedGrams
      certificateBalances(first: 1000) { id balance retired certificate { ${CERTIFICATE_FIELDS} } }
      certificateRetirements(first: 100, orderBy: retirementId, orderDirection: desc) { ${RETIREMENT_FIELDS} }
    }
  }
`;

export const RETIREMENT_QUERY = /* GraphQL */ `
  query Retirement($id: ID!) { certificateRetirement(id: $id) { ${RETIREMENT_FIELDS} } }
`;

export interface SubgraphCertificate {
  id: string;
  tokenId: string;
  periodId: string;
  start: string | null;
  end: string | null;
  units: string;
  emissionFactorGPerKWh: string;
  asset: { id: string; name: string };
}

export interface SubgraphRetirement {
  id: string;
  retirementId: string;
  amount: string;
  beneficiary: string;
  purpose: string;
  co2AvoidedGrams: string;
  retiredBy: Address;
  timestamp: string;
  transactionHash: Hex;
  account: { id: Address };
  certificate: SubgraphCertificate;
}

export interface ImpactAsset {
  id: string;
  name: string;
  technology: string;
  status: string;
  emissionFactorGPerKWh: string;
  energyReportedWh: string;
  totalShares: string;
  /** Certificates issued and retired (kWh) and the CO2 their retirements claimed (grams). */
  certificatesIssued: string;
  certificatesRetired: string;
  co2AvoidedGrams: string;
}

export interface ImpactData {
  assets: ImpactAsset[];
  positions: { balance: string; asset: { id: string } }[];
  account: {
    certificatesRetired: string;
    co2AvoidedGrams: string;
    certificateBalances: { id: string; balance: string; retired: string; certificate: SubgraphCertificate }[];
    certificateRetirements: SubgraphRetirement[];
  } | null;
}

/** One production period's certificates as the page shows them. */
export interface CertificatePeriod {
  id: bigint;
  assetId: bigint;
  assetName: string;
  periodId: bigint;
  start: bigint | null;
  end: bigint | null;
  units: bigint;
  emissionFactorGPerKWh: number;
}

export interface Holding extends CertificatePeriod {
  balance: bigint;
  retiredByAccount: bigint;
}

export interface Retirement {
  retirementId: bigint;
  account: Address;
  retiredBy: Address;
  certificate: CertificatePeriod;
  amount: bigint;
  beneficiary: string;
  purpose: string;
  co2AvoidedGrams: bigint;
  timestamp: bigint;
  transactionHash: Hex;
}

export function certificatePeriod(c: SubgraphCertificate): CertificatePeriod {
  return {
    id: BigInt(c.tokenId),
    assetId: BigInt(c.asset.id),
    assetName: c.asset.name,
    periodId: BigInt(c.periodId),
    start: c.start === null ? null : BigInt(c.start),
    end: c.end === null ? null : BigInt(c.end),
    units: BigInt(c.units),
    emissionFactorGPerKWh: Number(c.emissionFactorGPerKWh),
  };
}

/** Certificates the account holds or has retired, newest period first within each asset. */
export function holdingsOf(account: ImpactData["account"]): Holding[] {
  return (account?.certificateBalances ?? [])
    .map((row) => ({ ...certificatePeriod(row.certificate), balance: BigInt(row.balance), retiredByAccount: BigInt(row.retired) }))
    .filter((holding) => holding.balance > 0n || holding.retiredByAccount > 0n)
    .sort((a, b) => (a.assetId !== b.assetId ? (a.assetId < b.assetId ? -1 : 1) : a.periodId > b.periodId ? -1 : a.periodId < b.periodId ? 1 : 0));
}

export function retirementOf(r: SubgraphRetirement): Retirement {
  return {
    retirementId: BigInt(r.retirementId),
    account: r.account.id,
    retiredBy: r.retiredBy,
    certificate: certificatePeriod(r.certificate),
    amount: BigInt(r.amount),
    beneficiary: r.beneficiary,
    purpose: r.purpose,
    co2AvoidedGrams: BigInt(r.co2AvoidedGrams),
    timestamp: BigInt(r.timestamp),
    transactionHash: r.transactionHash,
  };
}

export interface ImpactRow {
  asset: ImpactAsset;
  /** CO2 displaced by the asset's reported production at its emission factor. */
  co2Grams: bigint;
  certificatesIssued: bigint;
  certificatesRetired: bigint;
  /** CO2 claimed by retiring the asset's certificates. */
  retiredCo2Grams: bigint;
}

export interface ImpactSummary {
  rows: ImpactRow[];
  platformCo2Grams: bigint;
  /** The account's share of each asset's CO2 by shares held (shares ÷ total shares). */
  yourShareCo2Grams: bigint;
  certificatesHeld: bigint;
  retiredCo2Grams: bigint;
}

export function impactSummary(data: ImpactData): ImpactSummary {
  const rows = data.assets.map((asset) => ({
    asset,
    co2Grams: co2GramsForWh(BigInt(asset.energyReportedWh), BigInt(asset.emissionFactorGPerKWh)),
    certificatesIssued: BigInt(asset.certificatesIssued),
    certificatesRetired: BigInt(asset.certificatesRetired),
    retiredCo2Grams: BigInt(asset.co2AvoidedGrams),
  }));
  const byId = new Map(rows.map((row) => [row.asset.id, row]));
  const yourShareCo2Grams = data.positions.reduce((sum, position) => {
    const row = byId.get(position.asset.id);
    const total = row ? BigInt(row.asset.totalShares) : 0n;
    return row && total > 0n ? sum + (row.co2Grams * BigInt(position.balance)) / total : sum;
  }, 0n);
  return {
    rows,
    platformCo2Grams: rows.reduce((sum, row) => sum + row.co2Grams, 0n),
    yourShareCo2Grams,
    certificatesHeld: (data.account?.certificateBalances ?? []).reduce((sum, row) => sum + BigInt(row.balance), 0n),
    retiredCo2Grams: BigInt(data.account?.co2AvoidedGrams ?? "0"),
  };
}
