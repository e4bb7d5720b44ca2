/**
 * Reads the platform's live state through the generated deployment module: assets with their lifecycle
 * state, holders and offerings. Used by `npm run status` and the dev runner's start-up summary.
 */
import { createPublicClient, formatUnits, http, type Address } from "viem";
import { abis, readDeployment } from "@cowatt/deployments";

const STATUS_NAMES = ["None", "Submitted", "UnderReview", "Verified", "Rejected", "Offering", "Active", "Suspended", "Decommissioned"];
const TECHNOLOGY_NAMES = ["Solar", "Wind", "Hydro", "Biomass", "Geothermal", "Storage"];
const OFFERING_STATUS_NAMES = ["None", "Open", "Succeeded", "Failed", "Cancelled"];

export interface AssetStatusRow {
  id: bigint;
  name: string;
  technology: string;
  capacityMW: number;
  status: string;
  holders: bigint;
  sharesIssued: bigint;
  totalShares: bigint;
  offering?: { id: bigint; status: string; sold: bigint; hardCap: bigint; raisedEur: string };
  /** Best bid and ask on the order book (price in EUR, shares), for Active assets. */
  book?: { bid: [string, bigint]; ask: [string, bigint] };
  /** Revenue deposited for holders and claimed so far, in EUR. */
  revenue?: { deposited: string; claimed: string };
}

export async function readStatus(network = "localhost", rpcUrl?: string): Promise<AssetStatusRow[]> {
  const deployment = readDeployment(network);
  const url = rpcUrl ?? deployment.rpcUrl;
  if (!url) throw new Error(`No RPC URL for ${network}: pass one or set rpcUrl in the deployment record`);
  const client = createPublicClient({ transport: http(url) });
  const energyAsset = { address: deployment.contracts.EnergyAsset.address, abi: abis.EnergyAsset } as const;
  const offering = { address: deployment.contracts.Offering.address, abi: abis.Offering } as const;
  const orderBook = { address: deployment.contracts.OrderBook.address, abi: abis.OrderBook } as const;
  const distributor = { address: deployment.contracts.RevenueDistributor.address, abi: abis.RevenueDistributor } as const;

  const count = await client.readContract({ ...energyAsset, functionName: "assetCount" });
  const rows: AssetStatusRow[] = [];
  for (let id = 1n; id <= count; id++) {
    const [state, spec, holders, supply, offeringId] = await Promise.all([
      client.readContract({ ...energyAsset, functionName: "asset", args: [id] }),
      client.readContract({ ...energyAsset, functionName: "assetSpec", args: [id] }),
      client.readContract({ ...energyAsset, functionName: "holderCount", args: [id] }),
      client.readContract({ ...energyAsset, functionName: "totalSupply", args: [id] }),
      client.readContract({ ...offering, functionName: "latestOfferingOf", args: [id] }),
    ]);
    const row: AssetStatusRow = {
      id,
      name: spec.name,
      technology: TECHNOLOGY_NAMES[spec.technology] ?? String(spec.technology),
      capacityMW: Number(spec.capacityW) / 1e6,
      status: STATUS_NAMES[state.status] ?? String(state.status),
      holders,
      sharesIssued: supply,
      totalShares: spec.totalShares,
    };
    if (offeringId !== 0n) {
      const [terms, offeringState] = await Promise.all([
        client.readContract({ ...offering, functionName: "terms", args: [offeringId] }),
        client.readContract({ ...offering, functionName: "state", args: [offeringId] }),
      ]);
      row.offering = {
        id: offeringId,
        status: OFFERING_STATUS_NAMES[offeringState.status] ?? String(offeringState.status),
        sold: offeringState.sharesSold,
        hardCap: terms.hardCapShares,
        raisedEur: formatUnits(offeringState.raised, 6),
      };
    }
    if (row.status === "Active") {
      const [[bidPrice, bidShares], [askPrice, askShares]] = await Promise.all([
        client.readContract({ ...orderBook, functionName: "bestBid", args: [id] }),
        client.readContract({ ...orderBook, functionName: "bestAsk", args: [id] }),
      ]);
      row.book = { bid: [formatUnits(bidPrice, 6), bidShares], ask: [formatUnits(askPrice, 6), askShares] };
      const [deposited, claimed] = await Promise.all([
        client.readContract({ ...distributor, functionName: "totalDeposited", args: [id] }),
        client.readContract({ ...distributor, functionName: "totalClaimed", args: [id] }),
      ]);
      row.revenue = { deposited: formatUnits(deposited, 6), claimed: formatUnits(claimed, 6) };
    }
    rows.push(row);
  }
  return rows;
}

export function formatStatus(rows: AssetStatusRow[]): string {
  const lines = rows.map((row) => {
    const offering = row.offering
      ? `offering #${row.offering.id} ${row.offering.status}: ${row.offering.sold}/${row.offering.hardCap} shares, €${Number(row.offering.raisedEur).toLocaleString("en")} raised`
      : "no offering";
    const book = row.book
      ? `  book: bid €${row.book.bid[0]} × ${row.book.bid[1]} / ask €${row.book.ask[0]} × ${row.book.ask[1]}`
      : "";
    const revenue = row.revenue
      ? `  revenue: €${Number(row.revenue.deposited).toLocaleString("en")} paid out, €${Number(row.revenue.claimed).toLocaleString("en")} claimed`
      : "";
    return `  #${row.id} ${row.name.padEnd(30)} ${row.technology.padEnd(7)} ${row.capacityMW.toFixed(2).padStart(6)} MW  ${row.status.padEnd(11)} holders ${String(row.holders).padStart(3)}  shares ${row.sharesIssued}/${row.totalShares}  ${offering}${book}${revenue}`;
  });
  return ["Assets on chain:", ...lines].join("\n");
}

export type { Address };
