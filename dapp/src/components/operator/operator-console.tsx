"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { formatCurrency, formatDate, formatNumber, formatPower } from "@/lib/format";
import { useStablecoin } from "@/lib/use-platform";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useSession } from "@/providers/session";
import { queryOutcome } from "@/lib/service-status";
import { LoadFailedState, RefreshFailedNotice } from "../query-states";
import { EmptyState, ErrorState, LoadingGrid, Notice } from "../states";
import { AssetWizard, hasAssetDraft } from "./asset-wizard";
import { DevicesPanel } from "./devices-panel";
import { ExpensesPanel } from "./expenses-panel";
import { SignedInGate } from "./form-ui";
import { OfferingForm } from "./offering-form";
import { ResubmitPanel } from "./resubmit-panel";
import { useHasRole } from "./use-role";

const OPERATOR_QUERY = /* GraphQL */ `
  query OperatorAssets($operator: Bytes!) {
    assets(first: 200, where: { operator: $operator }, orderBy: registeredAt, orderDirection: desc) {
      id name technology status capacityW country metadataCID registeredAt
      history(first: 5, orderBy: timestamp, orderDirection: desc, where: { kind: StatusChanged }) { newStatus reason timestamp }
      offerings(first: 5, orderBy: startTime, orderDirection: desc) { id status pricePerShare softCapShares hardCapShares startTime endTime sharesSold }
    }
  }
`;
export interface OperatorAsset {
  id: string;
  name: string;
  technology: string;
  status: string;
  capacityW: string;
  country: number;
  metadataCID: string;
  registeredAt: string;
  history: { newStatus: string | null; reason: string | null; timestamp: string }[];
  offerings: { id: string; status: string; pricePerShare: string; softCapShares: string; hardCapShares: string; startTime: string; endTime: string; sharesSold: string }[];
}

export function OperatorConsole() {
  return (
    <SignedInGate title="Operator console" reason="Connect the wallet your asset-provider role was granted to, and sign in.">
      <OperatorConsoleForSession />
    </SignedInGate>
  );
}

function OperatorConsoleForSession() {
  const { address } = useSession();
  const role = useHasRole("ASSET_PROVIDER", address!);
  if (role.isPending) return <LoadingGrid count={1} label="Checking your role" />;
  if (role.error) return <ErrorState title="Your role could not be checked on chain" message={role.error.message} onRetry={() => void role.refetch()} />;
  if (!role.data) {
    return (
      <EmptyState title="This wallet is not an asset provider">
        Registering assets needs the asset-provider role on the EnergyAsset contract. Ask the platform to onboard you as an operator.
      </EmptyState>
    );
  }
  return <OperatorWorkspace operator={address!} />;
}

function OperatorWorkspace({ operator }: { operator: Address }) {
  const assets = useSubgraphQuery<{ assets: OperatorAsset[] }>("operator-assets", OPERATOR_QUERY, { operator: operator.toLowerCase() }, { refetchInterval: 5_000 });
  // A list that loaded stays through failed refreshes: the open panels below keep what the operator typed.
  const outcome = queryOutcome(assets);
  const hasAssets = outcome.state === "loaded" && outcome.data.assets.length > 0;
  const noAssets = outcome.state === "loaded" && !hasAssets;
  const [registering, setRegistering] = useState(false);
  const registerHeading = useRef<HTMLHeadingElement>(null);
  // Open the wizard by itself when there is nothing else to do yet, or a started registration is waiting.
  useEffect(() => {
    if (noAssets || hasAssetDraft()) setRegistering(true);
  }, [noAssets]);
  const startRegistering = () => {
    setRegistering(true);
    requestAnimationFrame(() => {
      registerHeading.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      registerHeading.current?.focus({ preventScroll: true });
    });
  };
  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-2xl font-bold sm:text-3xl">Operator console</h1>
          <p className="muted max-w-2xl">Follow your assets&apos; review, set their offering terms, manage their meters and gateways and record operating expenses.</p>
        </div>
        {hasAssets && <button type="button" className="btn-secondary self-start sm:self-auto" onClick={startRegistering}>Register a new asset</button>}
      </header>
      <section aria-labelledby="assets-heading" className="flex flex-col gap-3">
        <h2 id="assets-heading" className="text-xl font-semibold">Your assets</h2>
        <RefreshFailedNotice outcome={outcome} what="Your asset list" />
        {outcome.state === "loading" ? <LoadingGrid count={2} label="Loading your assets" /> : outcome.state === "failed" ? (
          <LoadFailedState title="Your assets could not be loaded" message={outcome.message} onRetry={() => void assets.refetch()} />
        ) : outcome.data.assets.length === 0 ? (
          <EmptyState title="No assets yet">Register your first asset below; it appears here with its review status.</EmptyState>
        ) : (
          <ul className="flex flex-col gap-3">{outcome.data.assets.map((asset) => <OperatorAssetCard key={asset.id} asset={asset} operator={operator} />)}</ul>
        )}
      </section>
      <section aria-labelledby="register-heading" className="flex scroll-mt-24 flex-col gap-3 border-t border-stone-200 pt-8 dark:border-stone-800">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2 id="register-heading" ref={registerHeading} tabIndex={-1} className="text-xl font-semibold outline-none">Register a new asset</h2>
            <p className="muted text-sm">Five steps: the asset, its site, production, offering terms and documents. A verifier reviews it before it can be offered.</p>
          </div>
          <button
            type="button"
            className={registering ? "btn-secondary" : "btn-primary"}
            aria-expanded={registering}
            aria-controls="register-wizard"
            onClick={() => setRegistering((current) => !current)}
          >
            {registering ? "Hide the form" : "Start registering"}
          </button>
        </div>
        {/* Hidden, not unmounted: a half-filled wizard survives closing it. */}
        <div id="register-wizard" hidden={!registering}>
          <AssetWizard operator={operator} />
        </div>
      </section>
    </div>
  );
}

const STATUS_TONE: Record<string, string> = {
  Rejected: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  Verified: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  Active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
};

type Panel = "offering" | "resubmit" | "devices" | "expenses";
const PANEL_TITLES: Record<Panel, string> = { offering: "Offering terms", resubmit: "Correct and resubmit", devices: "Devices", expenses: "Expenses" };

function OperatorAssetCard({ asset, operator }: { asset: OperatorAsset; operator: Address }) {
  const { stablecoin } = useStablecoin();
  const rejected = asset.status === "Rejected";
  const [panel, setPanel] = useState<Panel | null>(null);
  const [resubmitted, setResubmitted] = useState(false);
  const rejection = rejected ? asset.history.find((event) => event.newStatus === "Rejected") : undefined;
  const panels: Panel[] = [...(rejected && !resubmitted ? (["resubmit"] as const) : []), "offering", "devices", "expenses"];
  const toggle = (next: Panel) => setPanel(panel === next ? null : next);
  return (
    <li className="card flex flex-col gap-3 p-4 sm:p-5" data-testid="operator-asset" data-asset-id={asset.id}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <Link href={`/assets/${asset.id}`} className="font-semibold hover:underline">{asset.name}</Link>
          <p className="muted text-sm">#{asset.id} · {asset.technology} · {formatPower(BigInt(asset.capacityW))} · registered {formatDate(BigInt(asset.registeredAt))}</p>
        </div>
        <span className={`rounded-full px-3 py-1 text-xs font-semibold ${STATUS_TONE[asset.status] ?? "bg-stone-100 dark:bg-stone-800"}`} data-testid="operator-asset-status">{asset.status}</span>
      </div>
      {rejection?.reason && !resubmitted && (
        <Notice tone="warn">
          <span className="block font-semibold">Rejected: {rejection.reason}</span>
          <span className="block">Rejected {formatDate(BigInt(rejection.timestamp))}. Correct the specification or attach the missing documents, then resubmit it for review.</span>
        </Notice>
      )}
      {resubmitted && <Notice><span data-testid="asset-resubmitted">Resubmitted: the asset is back in the review queue (Submitted). A verifier will look at it again.</span></Notice>}
      {asset.offerings.length > 0 && (
        <div className="text-sm">
          <p className="font-medium">Offerings</p>
          <ul className="muted">
            {asset.offerings.map((offering) => (
              <li key={offering.id} data-testid="operator-offering">
                #{offering.id} ({offering.status}): {stablecoin ? formatCurrency(BigInt(offering.pricePerShare), stablecoin.decimals) : offering.pricePerShare} per share,
                {" "}{formatNumber(BigInt(offering.softCapShares))}–{formatNumber(BigInt(offering.hardCapShares))} shares, {formatDate(BigInt(offering.startTime))} – {formatDate(BigInt(offering.endTime))}, {formatNumber(BigInt(offering.sharesSold))} sold
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-wrap gap-2" role="group" aria-label={`Manage ${asset.name}`}>
        {panels.map((name) => (
          <button key={name} type="button" className={name === "resubmit" && panel !== name ? "btn-primary" : "btn-secondary"} aria-expanded={panel === name} onClick={() => toggle(name)}>
            {PANEL_TITLES[name]}
          </button>
        ))}
      </div>
      {panel && (
        <section className="border-t border-stone-200 pt-4 dark:border-stone-800" aria-label={`${PANEL_TITLES[panel]} of ${asset.name}`}>
          <h3 className="mb-3 font-semibold">{PANEL_TITLES[panel]}</h3>
          {panel === "offering" && <OfferingForm assetId={BigInt(asset.id)} account={operator} />}
          {panel === "resubmit" && rejection && (
            <ResubmitPanel assetId={BigInt(asset.id)} rejectionReason={rejection.reason ?? ""} onDone={() => { setResubmitted(true); setPanel(null); }} />
          )}
          {panel === "devices" && <DevicesPanel assetId={BigInt(asset.id)} mode="operator" />}
          {panel === "expenses" && <ExpensesPanel assetId={asset.id} />}
        </section>
      )}
    </li>
  );
}
