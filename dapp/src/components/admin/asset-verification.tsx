"use client";
import { TxStatus } from "../tx-status";
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { energyAssetAbi } from "@cowatt/deployments/abis";
import { countryName, formatDate, formatEnergyKWh, formatNumber, formatPower, shortAddress } from "@/lib/format";
import { contractAddress } from "@/lib/runtime-config";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describedBy, FieldError } from "../operator/form-ui";
import { EmptyState, ErrorState } from "../states";

const REVIEW_QUERY = /* GraphQL */ `
  query AssetsToReview {
    assets(first: 100, where: { status_in: [Submitted, UnderReview] }, orderBy: registeredAt) {
      id name technology status operator capacityW country latitudeE6 longitudeE6 commissionedAt expectedAnnualKWh emissionFactorGPerKWh totalShares metadataCID registeredAt
    }
  }
`;
interface ReviewAsset {
  id: string; name: string; technology: string; status: "Submitted" | "UnderReview"; operator: string; capacityW: string; country: number;
  latitudeE6: number; longitudeE6: number; commissionedAt: string; expectedAnnualKWh: string; emissionFactorGPerKWh: string; totalShares: string;
  metadataCID: string; registeredAt: string;
}

/** What a verifier confirms before an asset may be verified. */
export const VERIFICATION_CHECKLIST = [
  { key: "documents", label: "Permits, grid connection and yield report are attached and valid" },
  { key: "site", label: "Location and country match the permits" },
  { key: "capacity", label: "Capacity and expected production (P50) are plausible for the technology" },
  { key: "emissions", label: "Emission factor matches the grid the asset feeds" },
  { key: "operator", label: "The operator is a known, onboarded legal entity" },
] as const;

export function AssetVerification() {
  const assets = useSubgraphQuery<{ assets: ReviewAsset[] }>("assets-to-review", REVIEW_QUERY, undefined, { refetchInterval: 5_000 });
  if (assets.isPending) return <p className="muted text-sm">Loading assets to review…</p>;
  if (assets.error) return <ErrorState title="Assets to review could not be loaded" message={assets.error.message} onRetry={() => void assets.refetch()} />;
  if (assets.data.assets.length === 0) return <EmptyState title="Nothing to review">Submitted assets appear here.</EmptyState>;
  return <ul className="flex flex-col gap-3">{assets.data.assets.map((asset) => <ReviewItem key={asset.id} asset={asset} />)}</ul>;
}

function ReviewItem({ asset }: { asset: ReviewAsset }) {
  const config = useRuntimeConfig();
  const energyAsset = contractAddress(config, "EnergyAsset");
  const { status, write, reset } = useWriteWithStatus();
  const [checked, setChecked] = useState<Record<string, boolean>>({});
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const metadata = useQuery({
    queryKey: ["metadata", asset.metadataCID],
    queryFn: async () => {
      const response = await fetch(`/api/documents/${asset.metadataCID}`);
      if (!response.ok) throw new Error(response.status === 404 ? "The metadata document is not stored here." : `HTTP ${response.status}`);
      return (await response.json()) as { description?: string; documents?: { title: string; kind: string; content?: string; fileName?: string }[] };
    },
    retry: 0,
  });
  const allChecked = VERIFICATION_CHECKLIST.every((item) => checked[item.key]);
  const id = `review-${asset.id}`;

  async function verify() {
    if (!allChecked) return setError("Confirm every item of the checklist before verifying.");
    setError(undefined);
    await write({ address: energyAsset, abi: energyAssetAbi, functionName: "verifyAsset", args: [BigInt(asset.id)] });
  }
  async function reject() {
    const missing = VERIFICATION_CHECKLIST.filter((item) => !checked[item.key]).map((item) => item.label);
    const text = reason.trim() || (missing.length ? `Not confirmed: ${missing.join("; ")}.` : "");
    if (!text) return setError("Give the reason the operator will see.");
    setError(undefined);
    await write({ address: energyAsset, abi: energyAssetAbi, functionName: "rejectAsset", args: [BigInt(asset.id), text] });
  }

  return (
    <li className="card flex flex-col gap-3 p-4" data-testid="review-asset" data-asset-id={asset.id}>
      <div className="flex flex-wrap justify-between gap-2">
        <div>
          <Link href={`/assets/${asset.id}`} className="font-semibold hover:underline">{asset.name}</Link>
          <p className="muted text-sm">#{asset.id} · {asset.technology} · {countryName(asset.country)} ({(asset.latitudeE6 / 1e6).toFixed(4)}, {(asset.longitudeE6 / 1e6).toFixed(4)}) · operator <span className="font-mono">{shortAddress(asset.operator)}</span></p>
          <p className="muted text-sm">{formatPower(BigInt(asset.capacityW))} · {formatEnergyKWh(BigInt(asset.expectedAnnualKWh))}/year · {asset.emissionFactorGPerKWh} g CO₂/kWh · {formatNumber(BigInt(asset.totalShares))} shares · commissioned {formatDate(BigInt(asset.commissionedAt))}</p>
        </div>
        <span className="self-start rounded-full bg-stone-100 px-3 py-1 text-xs font-semibold dark:bg-stone-800" data-testid="review-status">{asset.status === "UnderReview" ? "Under review" : "Submitted"}</span>
      </div>
      <div className="text-sm">
        {metadata.isPending ? <p className="muted">Loading documents…</p> : metadata.error ? <p className="muted">Documents (CID <span className="break-all font-mono">{asset.metadataCID}</span>): {metadata.error.message}</p> : (
          <>
            {metadata.data.description && <p>{metadata.data.description}</p>}
            <ul className="mt-1 list-disc pl-5">
              {(metadata.data.documents ?? []).map((document, index) => (
                <li key={index}>{document.content ? <a className="underline" href={document.content} download={document.fileName}>{document.title}</a> : document.title} <span className="muted">({document.kind})</span></li>
              ))}
            </ul>
          </>
        )}
      </div>
      {asset.status === "Submitted" ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="btn-primary" disabled={isBusy(status)} onClick={() => void write({ address: energyAsset, abi: energyAssetAbi, functionName: "startReview", args: [BigInt(asset.id)] })}>Start review</button>
          <TxStatus status={status} onDismiss={reset} />
        </div>
      ) : (
        <>
          <fieldset className="flex flex-col gap-2">
            <legend className="label">Checklist</legend>
            {VERIFICATION_CHECKLIST.map((item) => (
              <label key={item.key} className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-1 h-4 w-4" checked={!!checked[item.key]} onChange={(event) => { setChecked({ ...checked, [item.key]: event.target.checked }); setError(undefined); }} />
                {item.label}
              </label>
            ))}
          </fieldset>
          <div>
            <label className="label" htmlFor={`${id}-reason`}>Reason for rejection (shown to the operator; defaults to the unconfirmed items)</label>
            <textarea id={`${id}-reason`} className="field min-h-16 py-2" value={reason} onChange={(event) => setReason(event.target.value)} {...describedBy(id, error)} />
            <FieldError id={`${id}-error`} message={error} />
          </div>
          <div className="flex flex-wrap items-center gap-3">
            <button type="button" className="btn-primary" disabled={isBusy(status)} onClick={() => void verify()}>Verify asset</button>
            <button type="button" className="btn-secondary" disabled={isBusy(status)} onClick={() => void reject()}>Reject</button>
            <TxStatus status={status} onDismiss={reset} />
          </div>
        </>
      )}
    </li>
  );
}
