"use client";
import { useMemo, useState } from "react";
import { useAccount } from "wagmi";
import { parseEventLogs, type TransactionReceipt } from "viem";
import { devStablecoinAbi, orderBookAbi } from "@cowatt/deployments/abis";
import {
  estimateFill, feeFor, marketLimit, maxBuyCost, parsePrice, parseShares, SIDE, summarizePlacement, TIME_IN_FORCE,
  type PlacementSummary, type PriceLevel, type Side,
} from "@/lib/trade";
import { useCompliancePrecheck, useOrderBookAddress, type OrderBookSettings } from "@/lib/use-trade";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { formatCurrency, formatNumber, formatPercent } from "@/lib/format";
import type { Stablecoin } from "@/lib/use-platform";
import { SegmentedControl } from "../segmented-control";
import { TxStatus } from "../tx-status";

type OrderType = "limit" | "market";
const SIDE_OPTIONS = [
  { value: "Buy", label: "Buy", chosenClassName: "bg-emerald-700 text-white", testId: "side-buy" },
  { value: "Sell", label: "Sell", chosenClassName: "bg-red-600 text-white", testId: "side-sell" },
] as const;

interface Props {
  assetId: bigint;
  bids: readonly PriceLevel[];
  asks: readonly PriceLevel[];
  settings: OrderBookSettings;
  stablecoin: Stablecoin;
  balances: { availableShares: bigint; stablecoin: bigint; allowance: bigint } | undefined;
  /** Price picked from the ladder (kept in sync with the field until the user types). */
  price: string;
  onPriceChange: (price: string) => void;
}

/** Default slippage tolerance of market orders, basis points. */
const DEFAULT_SLIPPAGE_BPS = 200;

/** Limit and market orders with the fee shown before signing, the compliance pre-check and the stablecoin approval. */
export function OrderForm({ assetId, bids, asks, settings, stablecoin, balances, price, onPriceChange }: Props) {
  const { address: account } = useAccount();
  const orderBook = useOrderBookAddress();
  const precheck = useCompliancePrecheck();
  const { status, write, reset } = useWriteWithStatus();
  const [side, setSide] = useState<Side>("Buy");
  const [type, setType] = useState<OrderType>("limit");
  const [shares, setShares] = useState("");
  const [slippage, setSlippage] = useState("2");
  const [problem, setProblem] = useState<string | null>(null);
  const [step, setStep] = useState<string | null>(null);
  const [result, setResult] = useState<PlacementSummary | null>(null);
  const money = (value: bigint) => formatCurrency(value, stablecoin.decimals);

  const parsedShares = parseShares(shares);
  const parsedPrice = parsePrice(price, stablecoin.decimals);
  const slippageBps = Math.round(Number(slippage.replace(",", ".")) * 100);
  const slippageValid = Number.isFinite(slippageBps) && slippageBps >= 0 && slippageBps <= 5_000;
  const opposite = side === "Buy" ? asks : bids;

  // What the order would do against the visible book, and what it can cost at most.
  const preview = useMemo(() => {
    if (!parsedShares.ok) return null;
    if (type === "market") {
      const fill = estimateFill(opposite, side, parsedShares.value, settings.feeBps);
      if (fill.shares === 0n || !slippageValid) return { fill, limit: null, maxCost: null };
      const limit = marketLimit(fill.worstPrice, side, slippageBps);
      return { fill, limit, maxCost: side === "Buy" ? maxBuyCost(limit, parsedShares.value, settings.feeBps) : null };
    }
    if (!parsedPrice.ok) return null;
    const fill = estimateFill(opposite, side, parsedShares.value, settings.feeBps, parsedPrice.value);
    return { fill, limit: parsedPrice.value, maxCost: side === "Buy" ? maxBuyCost(parsedPrice.value, parsedShares.value, settings.feeBps) : null };
  }, [parsedShares, parsedPrice, type, opposite, side, settings.feeBps, slippageBps, slippageValid]);

  const orderValue = preview?.limit && parsedShares.ok ? preview.limit * parsedShares.value : null;
  const belowMinimum = type === "limit" && orderValue !== null && orderValue < settings.minimumOrderValue;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    setResult(null);
    reset();
    if (!account) return setProblem("Connect your wallet to place an order.");
    if (!parsedShares.ok) return setProblem(parsedShares.error);
    if (type === "limit" && !parsedPrice.ok) return setProblem(parsedPrice.error);
    if (type === "market" && !slippageValid) return setProblem("Enter a slippage tolerance between 0 and 50 %.");
    if (!preview?.limit) return setProblem(side === "Buy" ? "There are no sell orders to buy from." : "There are no buy orders to sell to.");
    if (belowMinimum) return setProblem(`The order is worth less than the minimum order value of ${money(settings.minimumOrderValue)}.`);
    const amount = parsedShares.value;

    // Compliance first: nothing is signed for an order the contract would refuse.
    setStep("Checking that you may trade these shares…");
    let refusal: string | null;
    try {
      refusal = await precheck(assetId, account, side, amount);
    } catch {
      setStep(null);
      return setProblem("The compliance check could not be read from the chain. Check your connection and try again.");
    }
    if (refusal) {
      setStep(null);
      return setProblem(refusal);
    }
    if (side === "Sell" && balances && balances.availableShares < amount) {
      setStep(null);
      return setProblem(`You have ${formatNumber(balances.availableShares)} shares available to sell (shares under open sell orders are reserved).`);
    }
    setStep(null);
    if (side === "Buy" && preview.maxCost !== null && balances) {
      if (balances.stablecoin < preview.maxCost) {
        return setProblem(`This order needs up to ${money(preview.maxCost)} but your wallet holds ${money(balances.stablecoin)}.`);
      }
      if (balances.allowance < preview.maxCost) {
        // Escrow for buys: the order book may pull at most price × shares + fee, and no more.
        setStep(`Step 1 of 2: allow the order book to take up to ${money(preview.maxCost)} ${stablecoin.symbol}.`);
        const approval = await write({ address: stablecoin.address, abi: devStablecoinAbi, functionName: "approve", args: [orderBook, preview.maxCost] });
        if (!approval || approval.status !== "success") return setStep(null);
        setStep("Step 2 of 2: place the order.");
      }
    }
    const receipt = await write({
      address: orderBook,
      abi: orderBookAbi,
      functionName: "placeOrder",
      args: [{
        assetId,
        side: SIDE[side],
        price: preview.limit,
        shares: amount,
        expiry: 0n,
        timeInForce: type === "market" ? TIME_IN_FORCE.ImmediateOrCancel : TIME_IN_FORCE.GoodTillCancelled,
        maxFills: 0,
      }],
    });
    setStep(null);
    if (receipt?.status === "success") {
      setResult(placementOf(receipt));
      setShares("");
    }
  }

  const busy = isBusy(status) || step?.startsWith("Checking") === true;
  const feeRate = formatPercent(settings.feeBps / 10_000, { maximumFractionDigits: 2 });

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" aria-labelledby="order-form-heading" data-testid="order-form" noValidate>
      <h2 id="order-form-heading" className="text-lg font-semibold">Place an order</h2>
      <SegmentedControl label="Side" options={SIDE_OPTIONS} value={side} onChange={setSide} fullWidth />
      <div role="group" aria-label="Order type" className="flex gap-4 text-sm">
        {(["limit", "market"] as const).map((option) => (
          <label key={option} className="flex items-center gap-2">
            <input type="radio" name="order-type" value={option} checked={type === option} onChange={() => setType(option)} data-testid={`type-${option}`} />
            {option === "limit" ? "Limit" : "Market"}
          </label>
        ))}
      </div>
      {type === "limit" ? (
        <AmountField
          id="order-price"
          label={`Price per share (${stablecoin.symbol})`}
          inputMode="decimal"
          value={price}
          onChange={onPriceChange}
          error={price !== "" && !parsedPrice.ok ? parsedPrice.error : null}
          hint="Pick a price from the book or type one."
        />
      ) : (
        <AmountField
          id="order-slippage"
          label="Slippage tolerance (%)"
          inputMode="decimal"
          value={slippage}
          onChange={setSlippage}
          error={slippageValid ? null : "Enter a slippage tolerance between 0 and 50 %."}
          hint={`A market order takes the best ${side === "Buy" ? "asks" : "bids"} at once; whatever cannot fill within this distance from the visible price is cancelled, not left on the book.`}
        />
      )}
      <AmountField
        id="order-shares"
        label="Shares"
        inputMode="numeric"
        value={shares}
        onChange={setShares}
        error={shares !== "" && !parsedShares.ok ? parsedShares.error : null}
        hint={balances
          ? side === "Sell"
            ? `${formatNumber(balances.availableShares)} shares available to sell.`
            : `${money(balances.stablecoin)} in your wallet.`
          : "Whole shares."}
      />

      <section aria-label="Cost and fees" className="rounded-xl bg-stone-100 p-3 text-sm dark:bg-stone-800/60" data-testid="fee-disclosure">
        <p>
          Trading fee <strong data-testid="fee-rate">{feeRate}</strong> of the trade value, paid by the side that takes liquidity
          (fills at once); orders that rest on the book pay nothing when they fill later. Read from the order book contract.
        </p>
        {preview && parsedShares.ok && (
          <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 tabular-nums">
            <dt>Fills at once</dt>
            <dd data-testid="preview-fill">{formatNumber(preview.fill.shares)} shares{preview.fill.shares > 0n ? ` for ${money(preview.fill.value)}` : ""}</dd>
            <dt>Fee on that</dt>
            <dd data-testid="preview-fee">{money(preview.fill.fee)}</dd>
            {type === "limit" && preview.fill.unfilled > 0n && (
              <>
                <dt>Rests on the book</dt>
                <dd>{formatNumber(preview.fill.unfilled)} shares</dd>
              </>
            )}
            {type === "market" && preview.fill.unfilled > 0n && (
              <>
                <dt>Not fillable now</dt>
                <dd>{formatNumber(preview.fill.unfilled)} shares (cancelled)</dd>
              </>
            )}
            {side === "Buy" && preview.maxCost !== null && (
              <>
                <dt>At most</dt>
                <dd data-testid="preview-max-cost">{money(preview.maxCost)}</dd>
              </>
            )}
            {side === "Sell" && preview.fill.shares > 0n && (
              <>
                <dt>You receive now</dt>
                <dd>{money(preview.fill.value - feeFor(preview.fill.value, settings.feeBps))} or more</dd>
              </>
            )}
          </dl>
        )}
        {belowMinimum && <p className="mt-2 text-red-700 dark:text-red-300">Minimum order value: {money(settings.minimumOrderValue)}.</p>}
      </section>

      <button type="submit" className={side === "Buy" ? "btn-primary" : "btn bg-red-600 text-white hover:bg-red-700"} disabled={busy} data-testid="place-order">
        {side === "Buy" ? "Buy" : "Sell"} {parsedShares.ok ? `${formatNumber(parsedShares.value)} shares` : "shares"}
      </button>
      {step && <p className="muted text-sm" role="status">{step}</p>}
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="order-problem">{problem}</p>}
      <TxStatus status={status} />
      {result && (
        <p role="status" className="text-sm" data-testid="order-result">
          {describePlacement(result, money)}
        </p>
      )}
    </form>
  );
}

/** A labelled amount input whose hint line turns into the validation message. */
function AmountField({ id, label, inputMode, value, onChange, error, hint }: {
  id: string;
  label: string;
  inputMode: "decimal" | "numeric";
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <input
        id={id}
        className="field tabular-nums"
        inputMode={inputMode}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={`${id}-hint`}
        data-testid={id}
      />
      <p id={`${id}-hint`} className={`mt-1 text-xs ${error ? "text-red-700 dark:text-red-300" : "muted"}`}>{error ?? hint}</p>
    </div>
  );
}

function placementOf(receipt: TransactionReceipt): PlacementSummary {
  const events = parseEventLogs({ abi: orderBookAbi, logs: receipt.logs });
  return summarizePlacement(events.map((event) => ({ eventName: event.eventName, args: event.args as unknown as Record<string, unknown> })));
}

export function describePlacement(result: PlacementSummary, money: (value: bigint) => string): string {
  const parts: string[] = [];
  if (result.orderId !== null) parts.push(`Order #${result.orderId}:`);
  if (result.filledShares > 0n) parts.push(`${formatNumber(result.filledShares)} shares traded for ${money(result.value)} (fee ${money(result.fee)}).`);
  if (result.restingShares > 0n) parts.push(`${formatNumber(result.restingShares)} shares rest on the book.`);
  if (result.cancelledShares > 0n) parts.push(`${formatNumber(result.cancelledShares)} shares could not fill and were cancelled.`);
  return parts.join(" ");
}

export { placementOf };
