"use client";
import { TxStatus } from "../tx-status";
import { useRef, useState } from "react";
import { revenueSettlementAbi } from "@cowatt/deployments/abis";
import { formatCurrency, formatDate, formatPercent } from "@/lib/format";
import { isCid } from "@/lib/documents";
import {
  INVOICE_ACCEPT, INVOICE_FORMATS_TEXT, invoiceDocument, invoiceFileProblem, readDocumentFile, storeOperatorDocument,
} from "@/lib/document-upload";
import { contractAddress } from "@/lib/runtime-config";
import { useStablecoin } from "@/lib/use-platform";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describedBy, FieldError, FILE_INPUT_CLASS } from "./form-ui";

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
const EMPTY_FORM = { periodId: "", amount: "", category: CATEGORIES[0]!, documentCID: "" };

/**
 * RevenueSettlement.recordExpense for an unsettled reported period, with the invoice's CID: uploaded here to the
 * platform's document store, or pasted for an invoice stored elsewhere. The list polls: a recorded expense
 * reaches the subgraph a moment after its confirmation.
 */
export function ExpensesPanel({ assetId }: { assetId: string }) {
  const config = useRuntimeConfig();
  const { stablecoin } = useStablecoin();
  const data = useSubgraphQuery<ExpensesData>("operator-expenses", EXPENSES_QUERY, { asset: assetId }, { refetchInterval: 5_000 });
  const { status, write, reset } = useWriteWithStatus();
  const [form, setForm] = useState(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Editing a field clears its error; the others stay until the next attempt.
  const setField = (field: keyof typeof EMPTY_FORM, value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _, ...others }) => others);
  };
  const invoice = useInvoiceUpload(assetId, (cid) => setField("documentCID", cid));
  const id = `expense-${assetId}`;
  const open = data.data?.productionPeriods.filter((period) => !period.settlement) ?? [];

  async function submit() {
    const decimals = stablecoin?.decimals ?? 6;
    const problems: Record<string, string> = {};
    if (!form.periodId) problems.periodId = "Choose the production period the expense belongs to.";
    const match = new RegExp(`^(\\d+)(?:\\.(\\d{1,${decimals}}))?$`).exec(form.amount.trim());
    const amount = match ? BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt((match[2] ?? "").padEnd(decimals, "0") || "0") : 0n;
    if (amount === 0n) problems.amount = `Enter the amount (more than 0, at most ${decimals} decimals).`;
    if (invoice.state.phase === "uploading") problems.documentCID = "Wait for the invoice upload to finish.";
    else if (!isCid(form.documentCID.trim())) problems.documentCID = "Upload the invoice, or paste the IPFS CID of one already stored.";
    setErrors(problems);
    if (Object.keys(problems).length) return;
    const receipt = await write({
      address: contractAddress(config, "RevenueSettlement"), abi: revenueSettlementAbi, functionName: "recordExpense",
      args: [BigInt(assetId), BigInt(form.periodId), amount, form.category, form.documentCID.trim()],
    });
    // Recorded: the next expense starts empty (the period stays chosen); on any failure everything typed stays.
    if (receipt?.status === "success") {
      setForm((current) => ({ ...EMPTY_FORM, periodId: current.periodId }));
      invoice.clear();
    }
  }

  return (
    <div className="flex flex-col gap-4">
      {data.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">Expenses could not be loaded: {data.error.message}</p>}
      <ul className="flex flex-col gap-1 text-sm">
        {data.data?.expenses.length === 0 && <li className="muted">No expenses recorded.</li>}
        {data.data?.expenses.map((expense) => (
          <li key={expense.id} data-testid="expense-row" data-document-cid={expense.documentCID} className="break-words">
            Period {expense.periodId} · {expense.category} · {stablecoin ? formatCurrency(BigInt(expense.amount), stablecoin.decimals) : expense.amount} · {formatDate(BigInt(expense.timestamp))}
            <span className="muted"> · invoice <span className="font-mono text-xs" title={expense.documentCID}>{shortCid(expense.documentCID)}</span></span>
          </li>
        ))}
      </ul>
      {open.length === 0 ? <p className="muted text-sm">Expenses are recorded against a reported production period that is not settled yet; this asset has none open.</p> : (
        <form className="grid gap-3 sm:grid-cols-2" noValidate onSubmit={(event) => { event.preventDefault(); void submit(); }} aria-label="Record an expense">
          <div>
            <label className="label" htmlFor={`${id}-period`}>Period</label>
            <select id={`${id}-period`} className="field" value={form.periodId} onChange={(event) => setField("periodId", event.target.value)} {...describedBy(`${id}-period`, errors.periodId)}>
              <option value="">Choose…</option>
              {open.map((period) => <option key={period.periodId} value={period.periodId}>#{period.periodId}: {formatDate(BigInt(period.start))} – {formatDate(BigInt(period.end))}</option>)}
            </select>
            <FieldError id={`${id}-period-error`} message={errors.periodId} />
          </div>
          <div>
            <label className="label" htmlFor={`${id}-category`}>Category</label>
            <select id={`${id}-category`} className="field" value={form.category} onChange={(event) => setField("category", event.target.value)}>
              {CATEGORIES.map((category) => <option key={category}>{category}</option>)}
            </select>
          </div>
          <div>
            <label className="label" htmlFor={`${id}-amount`}>Amount{stablecoin ? ` (${stablecoin.symbol})` : ""}</label>
            <input id={`${id}-amount`} className="field" inputMode="decimal" value={form.amount} onChange={(event) => setField("amount", event.target.value)} {...describedBy(`${id}-amount`, errors.amount)} />
            <FieldError id={`${id}-amount-error`} message={errors.amount} />
          </div>
          <InvoiceFields id={id} upload={invoice} cid={form.documentCID} error={errors.documentCID} onCidChange={(cid) => setField("documentCID", cid)} />
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={isBusy(status)}>Record expense</button>
            <TxStatus status={status} onDismiss={reset} />
          </div>
        </form>
      )}
    </div>
  );
}

type InvoiceUploadState =
  | { phase: "idle" }
  | { phase: "refused"; message: string }
  | { phase: "uploading"; fileName: string; fraction: number }
  | { phase: "done"; fileName: string; cid: string }
  | { phase: "failed"; fileName: string; message: string };

/** Checks and stores a picked invoice, reporting progress; the last file is kept so a failed upload can be retried. */
function useInvoiceUpload(assetId: string, onStored: (cid: string) => void) {
  const [state, setState] = useState<InvoiceUploadState>({ phase: "idle" });
  const lastFile = useRef<File | null>(null);

  async function upload(file: File) {
    lastFile.current = file;
    const problem = invoiceFileProblem(file);
    if (problem) return setState({ phase: "refused", message: problem });
    const fileName = file.name;
    setState({ phase: "uploading", fileName, fraction: 0 });
    try {
      const document = invoiceDocument(await readDocumentFile(file), assetId);
      const cid = await storeOperatorDocument(document, { onProgress: (fraction) => setState({ phase: "uploading", fileName, fraction }) });
      setState({ phase: "done", fileName, cid });
      onStored(cid);
    } catch (error) {
      setState({ phase: "failed", fileName, message: error instanceof Error ? error.message : String(error) });
    }
  }

  return {
    state,
    upload: (file: File) => void upload(file),
    retry: () => void (lastFile.current && upload(lastFile.current)),
    clear: () => {
      lastFile.current = null;
      setState({ phase: "idle" });
    },
  };
}

/** The invoice: a file uploaded to the document store (its CID fills in) or the CID of one stored elsewhere. */
function InvoiceFields({ id, upload, cid, error, onCidChange }: {
  id: string;
  upload: ReturnType<typeof useInvoiceUpload>;
  cid: string;
  error?: string;
  onCidChange: (cid: string) => void;
}) {
  const { state } = upload;
  // The note about an upload holds only while the CID field still shows what it stored.
  const uploadedHere = state.phase === "done" && state.cid === cid.trim();
  return (
    <fieldset className="flex flex-col gap-3 rounded-xl border border-stone-200 p-3 sm:col-span-2 dark:border-stone-800">
      <legend className="px-1 text-sm font-semibold">Invoice</legend>
      <div>
        <label className="label" htmlFor={`${id}-invoice-file`}>Invoice file</label>
        <input
          id={`${id}-invoice-file`}
          type="file"
          accept={INVOICE_ACCEPT}
          className={FILE_INPUT_CLASS}
          disabled={state.phase === "uploading"}
          aria-describedby={`${id}-invoice-file-hint ${id}-invoice-upload`}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) upload.upload(file);
            event.target.value = ""; // picking the same file again uploads it again
          }}
        />
        <p id={`${id}-invoice-file-hint`} className="muted mt-1 text-xs">{INVOICE_FORMATS_TEXT}, under 2 MB. Stored in the platform&apos;s document store; its CID fills in below.</p>
        <div id={`${id}-invoice-upload`} className="mt-2" data-testid="invoice-upload" data-phase={state.phase}>
          {state.phase === "uploading" && (
            <div role="status" className="flex flex-col gap-1 text-sm">
              <span>Uploading {state.fileName}… {formatPercent(state.fraction, { maximumFractionDigits: 0 })}</span>
              <progress
                max={1}
                value={state.fraction}
                aria-label={`Upload of ${state.fileName}`}
                className="h-2 w-full overflow-hidden rounded-full bg-stone-200 accent-brand-600 dark:bg-stone-800 [&::-webkit-progress-bar]:bg-stone-200 dark:[&::-webkit-progress-bar]:bg-stone-800 [&::-webkit-progress-value]:bg-brand-600"
              />
            </div>
          )}
          {uploadedHere && (
            <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">Uploaded {state.fileName}: its CID is filled in below.</p>
          )}
          {state.phase === "refused" && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{state.message} Pick another file.</p>}
          {state.phase === "failed" && (
            <div role="alert" className="flex flex-wrap items-center gap-3 text-sm text-red-700 dark:text-red-400">
              <span>{state.fileName} could not be uploaded: {asSentence(state.message)} What you typed is kept.</span>
              <button type="button" className="btn-secondary" onClick={upload.retry}>Try the upload again</button>
            </div>
          )}
        </div>
      </div>
      <div>
        <label className="label" htmlFor={`${id}-cid`}>Invoice CID</label>
        <input
          id={`${id}-cid`}
          className="field font-mono"
          spellCheck={false}
          autoComplete="off"
          value={cid}
          onChange={(event) => onCidChange(event.target.value)}
          {...describedBy(`${id}-cid`, error, { hint: true })}
        />
        <p id={`${id}-cid-hint`} className="muted mt-1 text-xs">Filled in by the upload, or paste the CID of an invoice already stored on IPFS.</p>
        <FieldError id={`${id}-cid-error`} message={error} />
      </div>
    </fieldset>
  );
}

function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A CID's start and end, enough to tell invoices apart in the list (the full CID is in the title). */
function shortCid(cid: string): string {
  return cid.length > 20 ? `${cid.slice(0, 10)}…${cid.slice(-6)}` : cid;
}
