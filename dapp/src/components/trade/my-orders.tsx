"use client";
import { useState } from "react";
import { devStablecoinAbi, orderBookAbi } from "@cowatt/deployments/abis";
import { maxBuyCost, parsePrice, parseShares } from "@/lib/trade";
import { useOrderBookAddress, type OnChainOrder, type OrderBookSettings } from "@/lib/use-trade";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { formatCurrency, formatDate, formatNumber } from "@/lib/format";
import type { Stablecoin } from "@/lib/use-platform";
import { TxStatus } from "../tx-status";
import { describePlacement, placementOf } from "./order-form";
import { formatUnits } from "viem";

interface Props {
  orders: readonly OnChainOrder[];
  settings: OrderBookSettings;
  stablecoin: Stablecoin;
  allowance: bigint | undefined;
}

/** The account's open orders on this asset, read from the chain, each with modify and cancel. */
export function MyOpenOrders({ orders, settings, stablecoin, allowance }: Props) {
  if (orders.length === 0) return <p className="muted text-sm" data-testid="no-open-orders">You have no open orders on this asset.</p>;
  return (
    <ul className="flex flex-col gap-3" data-testid="my-open-orders">
      {orders.map((order) => (
        <OpenOrderRow key={order.id.toString()} order={order} settings={settings} stablecoin={stablecoin} allowance={allowance} />
      ))}
    </ul>
  );
}

function OpenOrderRow({ order, settings, stablecoin, allowance }: { order: OnChainOrder } & Omit<Props, "orders">) {
  const orderBook = useOrderBookAddress();
  const { status, write, reset } = useWriteWithStatus();
  const [editing, setEditing] = useState(false);
  const [price, setPrice] = useState(formatUnits(order.price, stablecoin.decimals));
  const [shares, setShares] = useState(order.shares.toString());
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const money = (value: bigint) => formatCurrency(value, stablecoin.decimals);
  const busy = isBusy(status);

  async function cancel() {
    setProblem(null);
    setResult(null);
    reset();
    await write({ address: orderBook, abi: orderBookAbi, functionName: "cancelOrder", args: [order.id] });
  }

  async function modify(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    setResult(null);
    reset();
    const newPrice = parsePrice(price, stablecoin.decimals);
    if (!newPrice.ok) return setProblem(newPrice.error);
    const newShares = parseShares(shares);
    if (!newShares.ok) return setProblem(newShares.error);
    if (newPrice.value === order.price && newShares.value === order.shares) return setProblem("Change the price or the shares first.");
    const keepsPlace = newPrice.value === order.price && newShares.value < order.shares;
    if (order.side === "Buy" && !keepsPlace) {
      // A replacement is a new buy order: the old escrow comes back first, then the new one is pulled.
      const needed = maxBuyCost(newPrice.value, newShares.value, settings.feeBps);
      if ((allowance ?? 0n) < needed) {
        const approval = await write({ address: (stablecoin.address), abi: devStablecoinAbi, functionName: "approve", args: [orderBook, needed] });
        if (!approval || approval.status !== "success") return;
      }
    }
    const receipt = await write({ address: orderBook, abi: orderBookAbi, functionName: "modifyOrder", args: [order.id, newPrice.value, newShares.value] });
    if (receipt?.status === "success") {
      setEditing(false);
      setResult(keepsPlace ? `Order #${order.id} reduced to ${formatNumber(newShares.value)} shares; it keeps its place.` : `Replaced. ${describePlacement(placementOf(receipt), money)}`);
    }
  }

  const label = `${order.side} ${formatNumber(order.shares)} at ${money(order.price)}`;
  return (
    <li className="rounded-xl border border-stone-200 p-3 dark:border-stone-800" data-testid="open-order" data-order-id={order.id.toString()}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <p className="font-semibold tabular-nums">
            <span className={order.side === "Buy" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>{order.side}</span>{" "}
            {formatNumber(order.shares)} × {money(order.price)}
          </p>
          <p className="muted text-xs">
            Order #{order.id.toString()} · placed {formatDate(order.createdAt, { withTime: true })}
            {order.side === "Buy" ? ` · ${money(order.price * order.shares)} escrowed` : " · shares reserved in your wallet"}
          </p>
        </div>
        <div className="flex gap-2">
          <button type="button" className="btn-secondary" onClick={() => setEditing((e) => !e)} aria-expanded={editing} disabled={busy} aria-label={`Modify order: ${label}`} data-testid="modify-order">
            Modify
          </button>
          <button type="button" className="btn-secondary" onClick={cancel} disabled={busy} aria-label={`Cancel order: ${label}`} data-testid="cancel-order">
            Cancel
          </button>
        </div>
      </div>
      {editing && (
        <form onSubmit={modify} className="mt-3 grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end" noValidate>
          <div>
            <label className="label" htmlFor={`modify-price-${order.id}`}>New price</label>
            <input id={`modify-price-${order.id}`} className="field tabular-nums" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </div>
          <div>
            <label className="label" htmlFor={`modify-shares-${order.id}`}>New shares</label>
            <input id={`modify-shares-${order.id}`} className="field tabular-nums" inputMode="numeric" value={shares} onChange={(e) => setShares(e.target.value)} />
          </div>
          <button type="submit" className="btn-primary" disabled={busy}>Save</button>
          <p className="muted text-xs sm:col-span-3">Fewer shares at the same price keeps the order&apos;s place in the queue; a new price or more shares replaces it with a new order.</p>
        </form>
      )}
      {problem && <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">{problem}</p>}
      <div className="mt-2"><TxStatus status={status} /></div>
      {result && <p role="status" className="mt-1 text-sm">{result}</p>}
    </li>
  );
}
