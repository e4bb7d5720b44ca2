/**
 * Energy certificates read from the chain (EnergyCertificate events and views). The subgraph does not index
 * certificates yet; every certificate read of the app goes through this module so that it can switch to the
 * subgraph's entities later without touching the pages.
 */
import { abis } from "@cowatt/deployments/abis";
import type { Address, Hex, PublicClient } from "viem";
import { co2GramsForKWh } from "./impact";

export interface CertificateSource {
  address: Address;
  /** Block the contract was deployed at: event scans start here. */
  startBlock: number;
}

export interface CertificatePeriod {
  id: bigint;
  assetId: bigint;
  periodId: bigint;
  start: bigint;
  end: bigint;
  energyWh: bigint;
  units: bigint;
  emissionFactorGPerKWh: number;
  recipient: Address;
  issuedTransaction: Hex;
}

export interface Holding extends CertificatePeriod {
  balance: bigint;
  retiredByAccount: bigint;
}

export interface Retirement {
  retirementId: bigint;
  account: Address;
  retiredBy: Address;
  certificateId: bigint;
  assetId: bigint;
  periodId: bigint;
  amount: bigint;
  beneficiary: string;
  purpose: string;
  co2AvoidedGrams: bigint;
  blockNumber: bigint;
  timestamp: bigint;
  transactionHash: Hex;
}

const abi = abis.EnergyCertificate;

/** Every issued period (one CertificatesIssued event each), with its stored certificate data. */
export async function readIssuedPeriods(client: PublicClient, source: CertificateSource): Promise<CertificatePeriod[]> {
  const events = await client.getContractEvents({
    address: source.address, abi, eventName: "CertificatesIssued", fromBlock: BigInt(source.startBlock), strict: true,
  });
  if (events.length === 0) return [];
  const stored = await client.multicall({
    contracts: events.map((event) => ({ address: source.address, abi, functionName: "certificate", args: [event.args.id] }) as const),
    allowFailure: false,
  }).catch(async () =>
    // Chains without multicall3 (a bare Hardhat node): one call each.
    Promise.all(events.map((event) => client.readContract({ address: source.address, abi, functionName: "certificate", args: [event.args.id] }))),
  );
  return events.map((event, index) => {
    const certificate = stored[index]!;
    return {
      id: event.args.id,
      assetId: event.args.assetId,
      periodId: event.args.periodId,
      start: certificate.start,
      end: certificate.end,
      energyWh: certificate.energyWh,
      units: certificate.units,
      emissionFactorGPerKWh: Number(certificate.emissionFactorGPerKWh),
      recipient: event.args.recipient,
      issuedTransaction: event.transactionHash,
    };
  });
}

/** The account's balance and retired balance of every issued period it holds or has retired. */
export async function readHoldings(client: PublicClient, source: CertificateSource, account: Address, periods: CertificatePeriod[]): Promise<Holding[]> {
  if (periods.length === 0) return [];
  const ids = periods.map((period) => period.id);
  const [balances, retired] = await Promise.all([
    client.readContract({ address: source.address, abi, functionName: "balanceOfBatch", args: [ids.map(() => account), ids] }),
    Promise.all(ids.map((id) => client.readContract({ address: source.address, abi, functionName: "retiredBalanceOf", args: [account, id] }))),
  ]);
  return periods
    .map((period, index) => ({ ...period, balance: balances[index]!, retiredByAccount: retired[index]! }))
    .filter((holding) => holding.balance > 0n || holding.retiredByAccount > 0n);
}

/** Retirements, newest first; of one account when given. */
export async function readRetirements(client: PublicClient, source: CertificateSource, filter: { account?: Address; retirementId?: bigint } = {}): Promise<Retirement[]> {
  const events = await client.getContractEvents({
    address: source.address, abi, eventName: "CertificatesRetired", fromBlock: BigInt(source.startBlock), strict: true,
    args: { ...(filter.account ? { account: filter.account } : {}), ...(filter.retirementId !== undefined ? { retirementId: filter.retirementId } : {}) },
  });
  const blocks = new Map<bigint, bigint>();
  for (const event of events) {
    if (!blocks.has(event.blockNumber)) blocks.set(event.blockNumber, (await client.getBlock({ blockNumber: event.blockNumber })).timestamp);
  }
  return events
    .map((event) => ({
      retirementId: event.args.retirementId,
      account: event.args.account,
      retiredBy: event.args.retiredBy,
      certificateId: event.args.id,
      assetId: event.args.id >> 64n,
      periodId: event.args.id & ((1n << 64n) - 1n),
      amount: event.args.amount,
      beneficiary: event.args.beneficiary,
      purpose: event.args.purpose,
      co2AvoidedGrams: event.args.co2AvoidedGrams,
      blockNumber: event.blockNumber,
      timestamp: blocks.get(event.blockNumber)!,
      transactionHash: event.transactionHash,
    }))
    .sort((a, b) => (a.retirementId < b.retirementId ? 1 : -1));
}

export interface AssetCertificateTotals {
  assetId: bigint;
  issuedKWh: bigint;
  /** CO2 displaced by the asset's certified production (issued kWh × the factor fixed at issuance). */
  certifiedCo2Grams: bigint;
  periods: number;
}

/** Issued certificates and their CO2 per asset. */
export function totalsByAsset(periods: CertificatePeriod[]): Map<string, AssetCertificateTotals> {
  const totals = new Map<string, AssetCertificateTotals>();
  for (const period of periods) {
    const key = period.assetId.toString();
    const row = totals.get(key) ?? { assetId: period.assetId, issuedKWh: 0n, certifiedCo2Grams: 0n, periods: 0 };
    row.issuedKWh += period.units;
    row.certifiedCo2Grams += co2GramsForKWh(period.units, period.emissionFactorGPerKWh);
    row.periods += 1;
    totals.set(key, row);
  }
  return totals;
}
