"use client";
import { TxStatus } from "../tx-status";
import { useState } from "react";
import { revenueSettlementAbi } from "@cowatt/deployments/abis";
import { formatCurrency, formatDate } from "@/lib/format";
import { isCid } from "@/lib/documents";
import { contractAddress } from "@/lib/runtime-config";
import { useStablecoin } from "@/lib/use-platform";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describedBy, FieldError } from "./form-ui";

const EXPENSES_QUERY = /* GraphQL */ `
  query OperatorExpenses($asset: String!) {
    productionPeriods(first: 100, where: { asset: $asset }, orderBy: periodId, orderDirection: desc) { periodId start end settlement { id } }
    expenses(first: 100, where: { asset: $asset }, orderBy: timestamp, orderDirection: desc) { id periodId amount category documentCID timestamp }
  }
`;
interface ExpensesData {
  productionPeriods: { periodId: string; start: string; end: string; settlement: { id: string } | null }[];
  expenses: { id: string; periodId: string; amount: string; category: string; documentCID: string; timestamp: string }[];
}
const CATEGORIES = ["maintenance", "insurance", "land lease", "grid fees", "monitoring", "other"];

/**
 * RevenueSettlement.recordExpense for an unsettled reported period, with the invoice's CID. The list polls: a
 * recorded expense reaches the subgraph a moment after its confirmation.
 */
export function ExpensesPanel({ assetId }: { assetId: string }) {
  const config = useRuntimeConfig();
  const { stablecoin } = useStablecoin();
  const data = useSubgraphQuery<ExpensesData>("operator-expenses", EXPENSES_QUERY, { asset: assetId }, { refetchInterval: 5_000 });
  const { status, write, reset } = useWriteWithStatus();
  const [form, setForm] = useState({ periodId: "", amount: "", category: CATEGORIES[0]!, documentCID: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = `expense-${assetId}`;
  const open = data.data?.productionPeriods.filter((period) => !period.settlement) ?? [];

  async function submit() {
    const decimals = stablecoin?.decimals ?? 6;
    const problems: Record<string, string> = {};
    if (!form.periodId) problems.periodId = "Choose the production period the expense belongs to.";
    const match = new RegExp(`^(\\d+)(?:\\.(\\d{1,${decimals}}))?$`).exec(form.amount.trim());
    const amount = match ? BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt((match[2] ?? "").padEnd(decimals, "0") || "0") : 0n;
    if (amount === 0n) problems.amount = `Enter the amount (more than 0, at most ${decimals} decimals).`;
    if (!isCid(form.documentCID.trim())) problems.documentCID = "Enter the invoice's IPFS CID.";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    await write({
      address: contractAddress(config, "RevenueSettlement"), abi: revenueSettlementAbi, functionName: "recordExpense",
      args: [BigInt(assetId), BigInt(form.periodId), amount, form.category, form.documentCID.trim()],
    });
  }

  return (
    <div className="flex flex-col gap-4">
      {data.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Expenses could not be loaded: {data.error.message}</p>}
      <ul className="flex flex-col gap-1 text-sm">
        {data.data?.expenses.length === 0 && <li className="muted">No expenses recorded.</li>}
        {data.data?.expenses.map((expense) => (
          <li key={expense.id}>Period {expense.periodId} · {expense.category} · {stablecoin ? formatCurrency(BigInt(expense.amount), stablecoin.decimals) : expense.amount} · {formatDate(BigInt(expense.timestamp))}</li>
        ))}
      </ul>
      {open.length === 0 ? <p className="muted text-sm">Expenses are recorded against a reported production period that is not settled yet; this asset has none open.</p> : (
        <form className="grid gap-3 sm:grid-cols-2" noValidate onSubmit={(event) => { event.preventDefault(); void submit(); }} aria-label="Record an expense">
          <div>
            <label className="label" htmlFor={`${id}-period`}>Period</label>
            <select id={`${id}-period`} className="field" value={form.periodId} onChange={(event) => setForm({ ...form, periodId: event.target.value })} {...describedBy(`${id}-period`, errors.periodId)}>
              <option value="">Choose…</option>
              {open.map((period) => <option key={period.periodId} value={period.periodId}>#{period.periodId}: {formatDate(BigInt(period.start))} – {formatDate(BigInt(period.end))}</option>)}
            </select>
            <FieldError id={`${id}-period-error`} message={errors.periodId} />
          </div>
          <div>
            <label className="label" htmlFor={`${id}-category`}>Category</label>
            <select id={`${id}-category`} className="field" value={form.category} onChange={(event) => setForm({ ...form, category: event.target.value })}>
              {CATEGORIES.map((category) => <option key={category}>{category}</option>)}
            </select>
          </div>
          <div>
            <label className="label" htmlFor={`${id}-amount`}>Amount{stablecoin ? ` (${stablecoin.symbol})` : ""}</label>
            <input id={`${id}-amount`} className="field" inputMode="decimal" value={form.amount} onChange={(event) => setForm({ ...form, amount: event.target.value })} {...describedBy(`${id}-amount`, errors.amount)} />
            <FieldError id={`${id}-amount-error`} message={errors.amount} />
          </div>
          <div>
            <label className="label" htmlFor={`${id}-cid`}>Invoice CID</label>
            <input id={`${id}-cid`} className="field font-mono" value={form.documentCID} onChange={(event) => setForm({ ...form, documentCID: event.target.value })} {...describedBy(`${id}-cid`, errors.documentCID)} />
            <FieldError id={`${id}-cid-error`} message={errors.documentCID} />
          </div>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <button type="submit" className="btn-secondary" disabled={isBusy(status)}>Record expense</button>
            <TxStatus status={status} onDismiss={reset} />
          </div>
        </form>
      )}
    </div>
  );
}
