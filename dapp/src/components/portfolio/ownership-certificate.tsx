"use client";
import Link from "next/link";
import { useReadContracts } from "wagmi";
import { offeringAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { transactionUrl } from "@/lib/chain";
import { OFFERING_STATUSES } from "@/lib/errors";
import { countryName, formatCurrency, formatDate, formatNumber, formatPower } from "@/lib/format";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useStablecoin } from "@/lib/use-platform";
import { EmptyState, ErrorState, LoadingGrid } from "../states";

const RECEIPT_QUERY = /* GraphQL */ `
  query Receipt($receiptId: BigInt!) {
    purchases(where: { receiptId: $receiptId }, first: 1) {
      id receiptId shares cost timestamp blockNumber transactionHash
      investor { id }
      offering { id pricePerShare endTime asset { id name technology capacityW country totalShares } }
    }
  }
`;

interface ReceiptData {
  purchases: {
    id: string;
    receiptId: string;
    shares: string;
    cost: string;
    timestamp: string;
    blockNumber: string;
    transactionHash: string;
    investor: { id: `0x${string}` };
    offering: { id: string; pricePerShare: string; endTime: string; asset: { id: string; name: string; technology: string; capacityW: string; country: number; totalShares: string } };
  }[];
}

/**
 * A printable ownership certificate for one offering purchase (its numbered receipt, from SharesPurchased),
 * with the settlement state read live from the Offering contract: in escrow, delivered or refunded.
 */
export function OwnershipCertificate({ receiptId }: { receiptId: string }) {
  const config = useRuntimeConfig();
  const valid = /^\d{1,18}$/.test(receiptId);
  const query = useSubgraphQuery<ReceiptData>("receipt", RECEIPT_QUERY, { receiptId }, { enabled: valid });
  const { stablecoin } = useStablecoin();
  const purchase = query.data?.purchases[0];
  const offering = contractAddress(config, "Offering");
  const live = useReadContracts({
    contracts: purchase
      ? [
          { address: offering, abi: offeringAbi, functionName: "state", args: [BigInt(purchase.offering.id)] } as const,
          { address: offering, abi: offeringAbi, functionName: "contribution", args: [BigInt(purchase.offering.id), purchase.investor.id] } as const,
        ]
      : [],
    allowFailure: false,
    query: { enabled: !!purchase },
  });
  if (!valid) return <EmptyState title="No such receipt">Receipt numbers are whole numbers.</EmptyState>;
  if (query.isPending) return <LoadingGrid count={1} label="Loading the receipt" />;
  if (query.error) return <ErrorState title="The receipt could not be loaded" message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!purchase) return <EmptyState title={`Receipt #${receiptId} was not found`}>It may not be indexed yet; try again in a moment.</EmptyState>;

  const decimals = stablecoin?.decimals ?? 6;
  const asset = purchase.offering.asset;
  const [state, contribution] = (live.data ?? []) as [{ status: number } | undefined, { settled: boolean } | undefined];
  const status = state ? OFFERING_STATUSES[state.status] : undefined;
  const settlement = !state || !contribution
    ? "Checking the offering…"
    : status === "Open"
      ? "Held in escrow until the offering closes."
      : status === "Succeeded"
        ? contribution.settled ? "Delivered: the shares are in the investor's wallet." : "The offering succeeded; the shares are ready for delivery."
        : contribution.settled ? "Refunded in full: the offering did not go ahead." : "The offering did not go ahead; the payment is refundable.";
  const ownership = Number(purchase.shares) / Number(asset.totalShares);
  const url = transactionUrl(config, purchase.transactionHash);

  return (
    <article className="mx-auto flex max-w-2xl flex-col gap-4" data-testid="ownership-certificate">
      <div className="card flex flex-col gap-5 border-2 border-brand-600 p-6 sm:p-10 print:border-black print:shadow-none">
        <header className="text-center">
          <p className="text-xs font-semibold uppercase tracking-[0.2em] text-brand-700 dark:text-brand-500">CoWatt · Certificate of ownership</p>
          <h1 className="mt-2 text-2xl font-bold">{asset.name}</h1>
          <p className="muted text-sm">{asset.technology} · {formatPower(BigInt(asset.capacityW))} · {countryName(asset.country)}</p>
        </header>
        <p className="text-center">
          This certifies that wallet <span className="break-all font-mono text-sm" data-testid="certificate-investor">{purchase.investor.id}</span> bought
        </p>
        <p className="text-center text-4xl font-bold tabular-nums" data-testid="certificate-shares">{formatNumber(BigInt(purchase.shares))} shares</p>
        <p className="muted text-center text-sm">{(ownership * 100).toFixed(4)} % of the asset&apos;s {formatNumber(BigInt(asset.totalShares))} shares</p>
        <dl className="grid grid-cols-2 gap-3 text-sm">
          <dt className="muted">Receipt</dt><dd data-testid="certificate-receipt">#{purchase.receiptId}</dd>
          <dt className="muted">Offering</dt><dd>#{purchase.offering.id}</dd>
          <dt className="muted">Price per share</dt><dd>{formatCurrency(BigInt(purchase.offering.pricePerShare), decimals)}</dd>
          <dt className="muted">Paid</dt><dd data-testid="certificate-cost">{formatCurrency(BigInt(purchase.cost), decimals)}</dd>
          <dt className="muted">Date</dt><dd>{formatDate(BigInt(purchase.timestamp), { withTime: true })}</dd>
          <dt className="muted">Block</dt><dd>{purchase.blockNumber}</dd>
          <dt className="muted">Status</dt><dd data-testid="certificate-status">{settlement}</dd>
          <dt className="muted">Transaction</dt>
          <dd className="break-all font-mono text-xs">{url ? <a className="underline" href={url}>{purchase.transactionHash}</a> : purchase.transactionHash}</dd>
        </dl>
        <p className="muted text-xs">
          The chain is the record: this receipt is the Offering contract&apos;s SharesPurchased event #{purchase.receiptId} on chain {config.chainId}, contract{" "}
          <span className="break-all font-mono">{offering}</span>.
        </p>
      </div>
      <div className="flex flex-wrap gap-2 print:hidden">
        <button type="button" className="btn-primary" onClick={() => window.print()}>Print or save as PDF</button>
        <Link href={`/assets/${asset.id}`} className="btn-secondary">Asset page</Link>
        <Link href="/portfolio" className="btn-secondary">Portfolio</Link>
      </div>
    </article>
  );
}
