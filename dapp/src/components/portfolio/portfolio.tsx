"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useAccount, useReadContracts } from "wagmi";
import { useWalletLayer } from "@/providers/wallet-layer";
import { revenueDistributorAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { contractAddress } from "@/lib/runtime-config";
import { formatCurrency, formatNumber } from "@/lib/format";
import { PORTFOLIO_QUERY, portfolioTotals, positionRows, type PortfolioData, type PositionRow } from "@/lib/portfolio";
import { queryOutcome } from "@/lib/service-status";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useStablecoin } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { EmptyState, LoadingGrid, Notice } from "../states";
import { Figure, ScrollTable, Section, TD, TH } from "../asset/section";
import { TxStatus } from "../tx-status";
import { OfferingSettlements } from "../asset/offering-settlement";
import { EarningsSection } from "./earnings-section";
import { OpenOrders } from "./open-orders";
import { ReinvestForm } from "./reinvest-form";
import { WattSection } from "./watt-section";

export function Portfolio() {
  const { address, isConnected } = useAccount();
  const { openConnect } = useWalletLayer();
  if (!isConnected || !address) {
    return (
      <EmptyState title="Your portfolio">
        <p>Connect your wallet to see your shares, the revenue they earned and what you can claim now.</p>
        <button type="button" className="btn-primary mt-4" onClick={openConnect}>Connect wallet</button>
      </EmptyState>
    );
  }
  return <ConnectedPortfolio account={address} />;
}

function ConnectedPortfolio({ account }: { account: `0x${string}` }) {
  const config = useRuntimeConfig();
  const distributor = contractAddress(config, "RevenueDistributor");
  const query = useSubgraphQuery<PortfolioData>("portfolio", PORTFOLIO_QUERY, { account: account.toLowerCase() }, { refetchInterval: 15_000 });
  const { stablecoin } = useStablecoin();
  const decimals = stablecoin?.decimals ?? 6;
  const money = (value: bigint) => formatCurrency(value, decimals);
  const assetIds = useMemo(() => (query.data?.positions ?? []).map((p) => p.asset.id), [query.data]);
  // Claimable revenue is read live from the distributor: the subgraph does not know accruals per holder.
  const claimableReads = useReadContracts({
    contracts: assetIds.map((id) => ({ address: distributor, abi: revenueDistributorAbi, functionName: "claimable", args: [BigInt(id), account] }) as const),
    allowFailure: false,
    query: { enabled: assetIds.length > 0, refetchInterval: 15_000 },
  });
  const claimable = useMemo(() => new Map(assetIds.map((id, i) => [id, (claimableReads.data?.[i] as bigint | undefined) ?? 0n])), [assetIds, claimableReads.data]);
  const rows = useMemo(() => positionRows(query.data?.positions ?? [], claimable, decimals), [query.data, claimable, decimals]);
  const totals = portfolioTotals(rows);
  const claimAll = useWriteWithStatus();
  const claimOne = useWriteWithStatus();
  const [reinvestFrom, setReinvestFrom] = useState<string | null>(null);
  const [claimingAsset, setClaimingAsset] = useState<string | null>(null);
  const withRevenue = rows.filter((row) => row.claimable > 0n);

  // A render function, not a component: a component defined here would remount (and drop focus) on every render.
  const positionActions = (row: PositionRow) => (
    <div className="flex justify-end gap-2">
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={row.claimable === 0n || isBusy(claimOne.status)}
        aria-label={`Claim ${money(row.claimable)} from ${row.assetName}`}
        onClick={() => {
          setClaimingAsset(row.assetId);
          void claimOne.write({ address: distributor, abi: revenueDistributorAbi, functionName: "claim", args: [BigInt(row.assetId), account] });
        }}
      >
        Claim
      </button>
      <button
        type="button"
        className="btn-secondary min-h-9 px-3"
        disabled={row.claimable === 0n || (query.data?.openOfferings.length ?? 0) === 0}
        aria-expanded={reinvestFrom === row.assetId}
        aria-label={`Reinvest revenue from ${row.assetName}`}
        onClick={() => setReinvestFrom((current) => (current === row.assetId ? null : row.assetId))}
      >
        Reinvest
      </button>
    </div>
  );

  // Once loaded, a failed refresh keeps the page on what was last loaded: open forms (reinvest, stake) keep what was typed.
  const outcome = queryOutcome(query);
  if (outcome.state === "loading") return <LoadingGrid count={3} label="Loading your portfolio" />;
  if (outcome.state === "failed") return <LoadFailedState title="Your portfolio could not be loaded" message={outcome.message} onRetry={() => void query.refetch()} />;
  const data = outcome.data;

  return (
    <div className="flex flex-col gap-6" data-testid="portfolio">
      <h1 className="text-3xl font-bold tracking-tight">Portfolio</h1>
      <RefreshFailedNotice outcome={outcome} what="Your positions" />
      {claimableReads.error && <Notice tone="warn">Claimable revenue cannot be read from the chain right now; the figures below leave it out.</Notice>}

      <dl className="card grid grid-cols-2 gap-4 p-5 sm:grid-cols-4">
        <Figure label="Value" value={money(totals.value)} testId="total-value" hint="Shares at the current offering or last trade price." />
        <Figure label="Cost basis" value={money(totals.costBasis)} testId="total-cost" />
        <Figure label="Revenue earned" value={money(totals.revenueEarned)} testId="total-earned" />
        <Figure label="Claimable now" value={money(totals.claimable)} testId="total-claimable" />
      </dl>

      <OfferingSettlements
        offerings={data.investments.filter((i) => !i.delivered && !i.refunded && i.offering.status !== "Open").map((i) => ({ offeringId: i.offering.id, assetName: i.offering.asset.name }))}
        decimals={decimals}
      />

      <Section
        id="positions"
        title="Positions"
        action={
          withRevenue.length > 1 || (withRevenue.length === 1 && rows.length > 1) ? (
            <button
              type="button"
              className="btn-primary"
              disabled={isBusy(claimAll.status)}
              data-testid="claim-all"
              onClick={() => void claimAll.write({ address: distributor, abi: revenueDistributorAbi, functionName: "claimMany", args: [withRevenue.map((r) => BigInt(r.assetId)), account] })}
            >
              Claim all ({money(totals.claimable)})
            </button>
          ) : undefined
        }
      >
        <div data-testid="claim-all-status"><TxStatus status={claimAll.status} onDismiss={claimAll.reset} /></div>
        {rows.length === 0 ? (
          <p className="muted text-sm">You hold no shares yet. <Link href="/" className="underline">Browse the marketplace</Link> to invest.</p>
        ) : (
          <>
          {/* Phones get one card per position (every figure and both actions in view); wider screens the table. */}
          <ul className="flex flex-col gap-3 sm:hidden" aria-label="Your positions">
            {rows.map((row) => (
              <li key={row.assetId} className="rounded-xl border border-stone-200 p-3 dark:border-stone-800" data-testid="position-card" data-asset-id={row.assetId}>
                <Link href={`/assets/${row.assetId}`} className="font-medium hover:underline">{row.assetName}</Link>
                {row.pendingShares > 0n && <p className="muted text-xs">{formatNumber(row.pendingShares)} in an open offering (escrow)</p>}
                <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
                  <Figure label="Shares" value={formatNumber(row.shares)} />
                  <Figure label="Value" value={row.value === null ? "—" : money(row.value)} />
                  <Figure label="Cost basis" value={money(row.costBasis)} />
                  <Figure label="Revenue earned" value={money(row.revenueEarned)} />
                  <Figure label="Claimable" value={money(row.claimable)} />
                </dl>
                <div className="mt-3">{positionActions(row)}</div>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
          <ScrollTable caption="Your positions">
            <thead>
              <tr>
                <th scope="col" className={TH}>Asset</th>
                <th scope="col" className={`${TH} text-right`}>Shares</th>
                <th scope="col" className={`${TH} text-right`}>Value</th>
                <th scope="col" className={`${TH} text-right`}>Cost basis</th>
                <th scope="col" className={`${TH} text-right`}>Revenue earned</th>
                <th scope="col" className={`${TH} text-right`}>Claimable</th>
                <th scope="col" className={TH}><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.assetId} data-testid="position-row" data-asset-id={row.assetId}>
                  <td className={TD}>
                    <Link href={`/assets/${row.assetId}`} className="font-medium hover:underline">{row.assetName}</Link>
                    {row.pendingShares > 0n && <p className="muted text-xs">{formatNumber(row.pendingShares)} in an open offering (escrow)</p>}
                    {row.escrowed > 0n && <p className="muted text-xs">{formatNumber(row.escrowed)} under sell orders</p>}
                  </td>
                  <td className={`${TD} text-right tabular-nums`} data-testid="position-shares">{formatNumber(row.shares)}</td>
                  <td className={`${TD} text-right tabular-nums`}>
                    {row.value === null ? "—" : money(row.value)}
                    {row.unrealized !== null && row.unrealized !== 0n && (
                      <p className={`text-xs ${row.unrealized > 0n ? "text-brand-700 dark:text-brand-500" : "text-red-700 dark:text-red-400"}`}>
                        {row.unrealized > 0n ? "+" : "−"}{money(row.unrealized < 0n ? -row.unrealized : row.unrealized)}
                      </p>
                    )}
                  </td>
                  <td className={`${TD} text-right tabular-nums`}>{money(row.costBasis)}</td>
                  <td className={`${TD} text-right tabular-nums`}>{money(row.revenueEarned)}</td>
                  <td className={`${TD} text-right font-semibold tabular-nums`} data-testid="position-claimable">{money(row.claimable)}</td>
                  <td className={`${TD} text-right`}>
                    {positionActions(row)}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          </div>
          </>
        )}
        {claimingAsset && <div data-testid="claim-status"><TxStatus status={claimOne.status} onDismiss={claimOne.reset} /></div>}
        {reinvestFrom && (
          <ReinvestForm
            key={reinvestFrom}
            account={account}
            source={rows.find((r) => r.assetId === reinvestFrom)!}
            offerings={data.openOfferings}
            decimals={decimals}
            onClose={() => setReinvestFrom(null)}
          />
        )}
      </Section>

      {data.purchases.length > 0 && (
        <Section id="receipts" title="Purchase receipts">
          <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800" data-testid="receipts">
            {data.purchases.map((purchase) => (
              <li key={purchase.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>#{purchase.receiptId} · {formatNumber(BigInt(purchase.shares))} shares of {purchase.offering.asset.name} for {money(BigInt(purchase.cost))}</span>
                <Link href={`/portfolio/receipts/${purchase.receiptId}`} className="text-brand-700 underline dark:text-brand-500">Certificate</Link>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <EarningsSection account={account} decimals={decimals} currency={stablecoin?.symbol === "dEUR" || !stablecoin ? "EUR" : stablecoin.symbol} />
      <OpenOrders orders={data.orders} decimals={decimals} />
      <WattSection account={account} />
    </div>
  );
}
