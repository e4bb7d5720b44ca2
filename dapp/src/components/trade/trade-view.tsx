"use client";
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useAccount } from "wagmi";
import { formatUnits } from "viem";
import {
  aggregateDepth, computeSpread, MARKET_ACTIVITY_QUERY, mergeMyTrades, TRADE_ASSETS_QUERY, type MarketActivity, type TradeAsset,
} from "@/lib/trade";
import { useMyOpenOrders, useOrderBook, useOrderBookSettings, useTradingBalances } from "@/lib/use-trade";
import { queryOutcome } from "@/lib/service-status";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useStablecoin } from "@/lib/use-platform";
import { formatCurrency, formatNumber, formatPercent } from "@/lib/format";
import { LoadFailedState } from "../query-states";
import { EmptyState, ErrorState, LoadingGrid } from "../states";
import { DepthChart } from "./depth-chart";
import { OrderLadder } from "./order-ladder";
import { OrderForm } from "./order-form";
import { MyOpenOrders } from "./my-orders";
import { TradesTable } from "./trades-table";

/** The trade page: asset selector, live book, order form, the account's orders and trades, recent trades. */
export function TradeView({ assetId: requestedId }: { assetId?: string }) {
  const router = useRouter();
  const assets = useSubgraphQuery<{ assets: TradeAsset[] }>("trade-assets", TRADE_ASSETS_QUERY, undefined, { refetchInterval: 30_000 });
  const list = assets.data?.assets ?? [];
  const selected = list.find((asset) => asset.id === requestedId) ?? (requestedId === undefined ? list[0] : undefined);
  // A bad id in the URL is said, not silently replaced; the chain still answers for assets not indexed yet.
  const validId = requestedId === undefined || /^\d+$/.test(requestedId);
  const assetId = selected ? BigInt(selected.id) : validId && requestedId !== undefined ? BigInt(requestedId) : undefined;

  if (!validId) return <ErrorState title="Unknown asset" message={`“${requestedId}” is not an asset id. Pick an asset from the list.`} onRetry={() => router.push("/trade")} />;
  // Without an asset in the URL the list picks one; with one, the chain answers even when the list cannot load.
  // A list that loaded once stays through failed refreshes, so the market below (and a typed order) stays too.
  const outcome = queryOutcome(assets);
  if (outcome.state === "loading" && requestedId === undefined) return <LoadingGrid count={3} label="Loading tradable assets" />;
  if (outcome.state === "failed" && requestedId === undefined) {
    return <LoadFailedState title="Tradable assets could not be loaded" message={outcome.message} onRetry={() => void assets.refetch()} />;
  }
  if (requestedId === undefined && list.length === 0) {
    return <EmptyState title="Nothing to trade yet">Assets can be traded once their offering has succeeded and they are active.</EmptyState>;
  }

  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-bold tracking-tight">Trade</h1>
          <p className="muted">Buy and sell shares of active assets on the order book.</p>
        </div>
        <div className="sm:w-80">
          <label htmlFor="trade-asset" className="label">Asset</label>
          <select
            id="trade-asset"
            className="field"
            value={assetId?.toString() ?? ""}
            onChange={(event) => router.push(`/trade/${event.target.value}`)}
            data-testid="asset-selector"
          >
            {!selected && assetId !== undefined && <option value={assetId.toString()}>Asset #{assetId.toString()}</option>}
            {list.map((asset) => (
              <option key={asset.id} value={asset.id}>{asset.name}</option>
            ))}
          </select>
        </div>
      </header>
      {assetId !== undefined && <Market assetId={assetId} asset={selected} />}
    </div>
  );
}

function Market({ assetId, asset }: { assetId: bigint; asset: TradeAsset | undefined }) {
  const { address: account } = useAccount();
  const { stablecoin, error: stablecoinError } = useStablecoin();
  const book = useOrderBook(assetId);
  const { settings, error: settingsError } = useOrderBookSettings();
  const { balances } = useTradingBalances(assetId);
  const openOrders = useMyOpenOrders(assetId);
  const activity = useSubgraphQuery<MarketActivity>(
    "market-activity",
    MARKET_ACTIVITY_QUERY,
    { asset: assetId.toString(), account: (account ?? "0x0000000000000000000000000000000000000000").toLowerCase() },
    { refetchInterval: 5_000 },
  );
  const [price, setPrice] = useState("");

  const bids = useMemo(() => aggregateDepth(book.bids ?? []), [book.bids]);
  const asks = useMemo(() => aggregateDepth(book.asks ?? []), [book.asks]);
  const spread = book.bestBid && book.bestAsk ? computeSpread(book.bestBid.price, book.bestAsk.price) : null;
  const myTrades = useMemo(() => (activity.data ? mergeMyTrades(activity.data.asMaker, activity.data.asTaker) : []), [activity.data]);

  if (book.error || stablecoinError || settingsError) {
    return (
      <ErrorState
        title="The order book cannot be read"
        message="The blockchain node cannot be reached or this asset has no book. Check your connection and try again."
        onRetry={() => void book.refetch()}
      />
    );
  }
  if (!stablecoin || !settings || !book.bids || !book.asks) return <LoadingGrid count={3} label="Loading the order book" />;
  const decimals = stablecoin.decimals;
  const money = (value: bigint) => formatCurrency(value, decimals);

  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Market summary" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-6" data-testid="market-summary">
        <Stat label="Best bid" value={book.bestBid?.price ? money(book.bestBid.price) : "—"} testId="best-bid" />
        <Stat label="Best ask" value={book.bestAsk?.price ? money(book.bestAsk.price) : "—"} testId="best-ask" />
        <Stat label="Spread" value={spread ? `${money(spread.absolute)} · ${formatPercent(spread.relative, { maximumFractionDigits: 2 })}` : "—"} testId="spread" />
        <Stat label="Last price" value={asset?.lastPrice ? money(BigInt(asset.lastPrice)) : "—"} testId="last-price" />
        <Stat label="Taker fee" value={formatPercent(settings.feeBps / 10_000, { maximumFractionDigits: 2 })} testId="taker-fee" />
        <Stat label="Volume" value={asset ? money(BigInt(asset.tradeVolume)) : "—"} testId="volume" />
      </section>

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section className="card flex flex-col gap-4 p-4 sm:p-5" aria-labelledby="book-heading">
          <div className="flex items-baseline justify-between">
            <h2 id="book-heading" className="text-lg font-semibold">Order book</h2>
            <span className="muted text-xs" aria-live="polite">Live from the chain</span>
          </div>
          <DepthChart bids={bids} asks={asks} decimals={decimals} />
          <OrderLadder bids={bids} asks={asks} spread={spread} decimals={decimals} onPickPrice={(p) => setPrice(formatUnits(p, decimals))} />
        </section>
        <section className="card p-4 sm:p-5">
          {account ? (
            <OrderForm
              assetId={assetId}
              bids={book.bids}
              asks={book.asks}
              settings={settings}
              stablecoin={stablecoin}
              balances={balances}
              price={price}
              onPriceChange={setPrice}
            />
          ) : (
            <div className="flex flex-col gap-2">
              <h2 className="text-lg font-semibold">Place an order</h2>
              <p className="muted text-sm">Connect your wallet to buy or sell shares.</p>
            </div>
          )}
        </section>
      </div>

      {account && (
        <div className="grid gap-6 lg:grid-cols-2">
          <section className="card flex flex-col gap-3 p-4 sm:p-5" aria-labelledby="open-orders-heading">
            <h2 id="open-orders-heading" className="text-lg font-semibold">My open orders</h2>
            {openOrders.error ? (
              <p role="alert" className="text-sm text-red-700 dark:text-red-300">Your open orders cannot be read from the chain right now.</p>
            ) : openOrders.isLoading ? (
              <p className="muted text-sm">Loading…</p>
            ) : (
              <MyOpenOrders orders={openOrders.orders} settings={settings} stablecoin={stablecoin} allowance={balances?.allowance} />
            )}
            {balances && (
              <p className="muted text-xs" data-testid="my-balances">
                You hold {formatNumber(balances.shares)} shares ({formatNumber(balances.escrowedShares)} under sell orders) and {money(balances.stablecoin)}.
              </p>
            )}
          </section>
          <section className="card flex flex-col gap-3 p-4 sm:p-5" aria-labelledby="my-trades-heading">
            <h2 id="my-trades-heading" className="text-lg font-semibold">My trades</h2>
            <TradesSection activity={activity}>
              {() => <TradesTable trades={myTrades} decimals={decimals} caption="Your trades on this asset" account={account} testId="my-trades" empty="You have not traded this asset yet." />}
            </TradesSection>
          </section>
        </div>
      )}

      <section className="card flex flex-col gap-3 p-4 sm:p-5" aria-labelledby="recent-trades-heading">
        <h2 id="recent-trades-heading" className="text-lg font-semibold">Recent trades</h2>
        <TradesSection activity={activity}>
          {(data) => <TradesTable trades={data.trades} decimals={decimals} caption="Recent trades of this asset" testId="recent-trades" empty="No trades yet." />}
        </TradesSection>
      </section>
    </div>
  );
}

/** Trade history from the subgraph: loading, unavailable (the book still works), or the table. */
function TradesSection({ activity, children }: { activity: { data?: MarketActivity; error: Error | null }; children: (data: MarketActivity) => React.ReactNode }) {
  // What loaded stays through a failed refresh; the service banner says when the indexer is down.
  if (activity.data) return <>{children(activity.data)}</>;
  if (activity.error) return <p className="muted text-sm">Trade history is unavailable: {activity.error.message}</p>;
  return <p className="muted text-sm">Loading…</p>;
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="card px-3 py-2">
      <p className="muted text-xs">{label}</p>
      <p className="font-semibold tabular-nums" data-testid={testId}>{value}</p>
    </div>
  );
}
