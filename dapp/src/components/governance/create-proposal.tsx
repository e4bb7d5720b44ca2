"use client";
import Link from "next/link";
import { useState } from "react";
import { useAccount, useReadContracts } from "wagmi";
import { encodeFunctionData, isAddress, parseEventLogs, zeroAddress, type Abi, type Address, type Hex } from "viem";
import { assetGovernorAbi, assetTimelockAbi, orderBookAbi, platformGovernorAbi } from "@cowatt/deployments/abis";
import { GOVERNANCE_CONTEXT_QUERY, type GovernanceContext } from "@/lib/use-governance";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useStablecoin } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { parsePrice } from "@/lib/trade";
import { formatCurrency, formatNumber, formatPercent } from "@/lib/format";
import { contractAddress } from "@/lib/runtime-config";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { useSession } from "@/providers/session";
import { TxStatus } from "../tx-status";

interface GovernorChoice {
  address: Address;
  kind: "platform" | "asset";
  label: string;
  timelock: Address | null;
}

/**
 * A new proposal: the description goes to IPFS (the document route answers its CID), then the governor's
 * propose() with `ipfs://<cid>`. Offered to accounts at or above the governor's proposal threshold: WATT
 * holders on the platform, an asset's larger shareholders and its managers on that asset.
 */
export function CreateProposal() {
  const config = useRuntimeConfig();
  const { address: account } = useAccount();
  const context = useSubgraphQuery<GovernanceContext>("governance-context", GOVERNANCE_CONTEXT_QUERY, { account: (account ?? zeroAddress).toLowerCase() }, { enabled: !!account });
  const platformGovernor = config.contracts.PlatformGovernor?.address;
  const choices: GovernorChoice[] = [
    ...(platformGovernor ? [{ address: platformGovernor, kind: "platform" as const, label: "Platform (WATT holders)", timelock: null }] : []),
    ...(context.data?.governors ?? [])
      .filter((g) => g.asset)
      .map((g) => ({ address: g.id as Address, kind: "asset" as const, label: `${g.asset!.name} (shareholders)`, timelock: (g.timelock as Address | null) ?? null })),
  ];
  const [chosen, setChosen] = useState<string>("");
  const governor = choices.find((c) => c.address === chosen) ?? choices[0];

  if (!account) return <p className="muted">Connect your wallet to make a proposal.</p>;
  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm"><Link href="/governance" className="underline">Governance</Link> / New proposal</nav>
      <h1 className="text-3xl font-bold tracking-tight">New proposal</h1>
      <div className="max-w-xl">
        <label htmlFor="proposal-governor" className="label">Who decides</label>
        <select id="proposal-governor" className="field" value={governor?.address ?? ""} onChange={(e) => setChosen(e.target.value)} data-testid="proposal-governor">
          {choices.map((choice) => <option key={choice.address} value={choice.address}>{choice.label}</option>)}
        </select>
      </div>
      {governor && <ProposalForm key={governor.address} governor={governor} account={account} orderBook={contractAddress(config, "OrderBook")} />}
    </div>
  );
}

function ProposalForm({ governor, account, orderBook }: { governor: GovernorChoice; account: Address; orderBook: Address }) {
  const session = useSession();
  const { stablecoin } = useStablecoin();
  const { status, write, reset } = useWriteWithStatus();
  const abi = (governor.kind === "platform" ? platformGovernorAbi : assetGovernorAbi) as Abi;
  const reads = useReadContracts({
    contracts: [
      { address: governor.address, abi, functionName: "proposalThreshold" },
      { address: governor.address, abi, functionName: "clock" },
      ...(governor.timelock ? [{ address: governor.timelock, abi: assetTimelockAbi as Abi, functionName: "reserveBalance" }] : []),
    ],
    allowFailure: false,
  });
  // clock() is a uint48: viem returns it as a number.
  const clock = reads.data ? BigInt(reads.data[1] as number | bigint) : undefined;
  const power = useReadContracts({
    // propose() counts the proposer's votes one second before now (Governor: clock() - 1).
    contracts: clock === undefined ? [] : [{ address: governor.address, abi, functionName: "getVotes", args: [account, clock - 1n] }],
    allowFailure: false,
    query: { enabled: clock !== undefined },
  });
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [recipient, setRecipient] = useState("");
  const [amount, setAmount] = useState("");
  const [invoice, setInvoice] = useState("");
  const [feePercent, setFeePercent] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const busy = isBusy(status);

  const threshold = reads.data ? (reads.data[0] as bigint) : undefined;
  const reserve = governor.timelock && reads.data ? (reads.data[2] as bigint) : undefined;
  const votes = power.data ? (power.data[0] as bigint) : undefined;
  const allowed = threshold !== undefined && votes !== undefined && votes >= threshold;
  const unit = governor.kind === "platform" ? "WATT votes" : "share votes";
  const fmtVotes = (value: bigint) => (governor.kind === "platform" ? formatNumber(Number(value / 10n ** 18n)) : formatNumber(value));

  function action(): { target: Address; calldata: Hex } | string {
    if (governor.kind === "asset") {
      if (!governor.timelock) return "This asset's timelock is not indexed yet; try again shortly.";
      if (!isAddress(recipient)) return "Enter the address to pay (0x followed by 40 hexadecimal characters).";
      if (!stablecoin) return "The stablecoin cannot be read from the chain.";
      const parsed = parsePrice(amount, stablecoin.decimals);
      if (!parsed.ok) return parsed.error.replace("price per share", "amount").replace("price", "amount");
      if (reserve !== undefined && parsed.value > reserve) return `The reserve holds ${formatCurrency(reserve, stablecoin.decimals)}; ask for less.`;
      if (!invoice.trim()) return "Enter the invoice's IPFS CID so holders can check it.";
      return {
        target: governor.timelock,
        calldata: encodeFunctionData({ abi: assetTimelockAbi, functionName: "spendMaintenance", args: [recipient, parsed.value, invoice.trim()] }),
      };
    }
    const percent = Number(feePercent.replace(",", "."));
    if (!feePercent.trim() || !Number.isFinite(percent) || percent < 0) return "Enter the new trading fee in percent, for example 0.35.";
    const bps = Math.round(percent * 100);
    if (Math.abs(bps - percent * 100) > 1e-9) return "The fee is set in steps of 0.01 %.";
    return { target: orderBook, calldata: encodeFunctionData({ abi: orderBookAbi, functionName: "setFee", args: [bps] }) };
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    setCreated(null);
    reset();
    if (!title.trim() || !body.trim()) return setProblem("Give the proposal a title and a description.");
    const call = action();
    if (typeof call === "string") return setProblem(call);
    if (!allowed) return setProblem("You do not hold enough votes to propose here.");
    if (session.status !== "authenticated") return setProblem("Sign in with your wallet (the Sign in button at the top) so the description can be stored.");
    const response = await fetch("/governance/documents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: title.trim(), body: body.trim(), ...(invoice.trim() ? { attachments: [`ipfs://${invoice.trim()}`] } : {}) }),
    }).catch(() => null);
    if (!response) return setProblem("The description could not be uploaded: the server cannot be reached. Your text is kept; try again.");
    const stored = (await response.json().catch(() => null)) as { uri?: string; error?: string } | null;
    if (!response.ok || !stored?.uri) return setProblem(stored?.error ?? `The description could not be uploaded (HTTP ${response.status}). Your text is kept; try again.`);
    const receipt = await write({ address: governor.address, abi, functionName: "propose", args: [[call.target], [0n], [call.calldata], stored.uri] });
    if (receipt?.status === "success") {
      const [log] = parseEventLogs({ abi: platformGovernorAbi, logs: receipt.logs, eventName: "ProposalCreated" });
      if (log) setCreated(`/governance/${governor.address.toLowerCase()}/${log.args.proposalId.toString()}`);
    }
  }

  return (
    <form onSubmit={submit} className="card flex max-w-xl flex-col gap-4 p-5" data-testid="proposal-form" noValidate>
      <p className="text-sm" data-testid="proposal-threshold">
        {threshold === undefined || votes === undefined
          ? "Reading the proposal threshold…"
          : allowed
            ? `You hold ${fmtVotes(votes)} ${unit}; the threshold is ${fmtVotes(threshold)}.`
            : `Proposing here needs ${fmtVotes(threshold)} ${unit}; you hold ${fmtVotes(votes)}. Delegate to yourself or gather delegations first.`}
      </p>
      <div>
        <label htmlFor="proposal-title" className="label">Title</label>
        <input id="proposal-title" className="field" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div>
        <label htmlFor="proposal-body" className="label">Description</label>
        <textarea id="proposal-body" className="field min-h-32 py-2" value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      {governor.kind === "asset" ? (
        <fieldset className="flex flex-col gap-3">
          <legend className="font-semibold">Maintenance payment from the asset&apos;s reserve</legend>
          {reserve !== undefined && stablecoin && <p className="muted text-sm">Reserve: {formatCurrency(reserve, stablecoin.decimals)}</p>}
          <div>
            <label htmlFor="spend-to" className="label">Pay to</label>
            <input id="spend-to" className="field font-mono text-xs" placeholder="0x…" value={recipient} onChange={(e) => setRecipient(e.target.value)} />
          </div>
          <div>
            <label htmlFor="spend-amount" className="label">Amount ({stablecoin?.symbol ?? "stablecoin"})</label>
            <input id="spend-amount" className="field tabular-nums" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div>
            <label htmlFor="spend-invoice" className="label">Invoice (IPFS CID)</label>
            <input id="spend-invoice" className="field font-mono text-xs" value={invoice} onChange={(e) => setInvoice(e.target.value)} />
          </div>
        </fieldset>
      ) : (
        <fieldset className="flex flex-col gap-3">
          <legend className="font-semibold">Change the order-book trading fee</legend>
          <div>
            <label htmlFor="new-fee" className="label">New taker fee (%)</label>
            <input id="new-fee" className="field tabular-nums" inputMode="decimal" placeholder={formatPercent(0.004, { maximumFractionDigits: 2 })} value={feePercent} onChange={(e) => setFeePercent(e.target.value)} />
          </div>
        </fieldset>
      )}
      <button type="submit" className="btn-primary" disabled={busy || !allowed} data-testid="submit-proposal">Propose</button>
      {problem && <p role="alert" className="text-sm text-red-700 dark:text-red-300">{problem}</p>}
      <TxStatus status={status} />
      {created && <p role="status" className="text-sm">Proposal created. <Link href={created} className="underline">Open it</Link>.</p>}
    </form>
  );
}
