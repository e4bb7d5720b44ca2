"use client";
import { useState } from "react";
import { useSession } from "@/providers/session";
import { DevicesPanel } from "../operator/devices-panel";
import { SignedInGate } from "../operator/form-ui";
import { useHasRole } from "../operator/use-role";
import { EmptyState, ErrorState, LoadingGrid } from "../states";
import { AssetVerification } from "./asset-verification";
import { ComplianceActions } from "./compliance-actions";
import { KycQueue } from "./kyc-queue";

export function AdminConsole() {
  return (
    <SignedInGate title="Admin console" reason="Connect a wallet holding a KYC-agent, verifier or compliance-agent role, and sign in.">
      <AdminForSession />
    </SignedInGate>
  );
}

function AdminForSession() {
  const { address } = useSession();
  const kyc = useHasRole("KYC_AGENT", address!);
  const verifier = useHasRole("VERIFIER", address!);
  const agent = useHasRole("AGENT", address!);
  const checks = [kyc, verifier, agent];
  if (checks.some((check) => check.isPending)) return <LoadingGrid count={1} label="Checking your roles" />;
  const failed = checks.find((check) => check.error);
  if (failed?.error) return <ErrorState title="Your roles could not be checked on chain" message={failed.error.message} onRetry={() => checks.forEach((check) => void check.refetch())} />;
  if (!kyc.data && !verifier.data && !agent.data) {
    return <EmptyState title="No admin role">This wallet holds none of the KYC-agent, verifier or compliance-agent roles on chain.</EmptyState>;
  }
  return (
    <div className="flex flex-col gap-8">
      <header>
        <h1 className="text-2xl font-bold sm:text-3xl">Admin console</h1>
        <p className="muted">Your roles: {[kyc.data && "KYC agent", verifier.data && "verifier", agent.data && "compliance agent"].filter(Boolean).join(", ")}.</p>
      </header>
      {kyc.data && <Section id="kyc" title="KYC review queue"><KycQueue /></Section>}
      {verifier.data && <Section id="verification" title="Asset verification"><AssetVerification /></Section>}
      {verifier.data && <Section id="devices" title="Device approvals"><DeviceApprovals /></Section>}
      {agent.data && <Section id="compliance" title="Compliance actions"><ComplianceActions /></Section>}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function DeviceApprovals() {
  const [assetId, setAssetId] = useState("");
  const valid = /^\d+$/.test(assetId) && assetId !== "0";
  return (
    <div className="card flex flex-col gap-3 p-4">
      <div className="max-w-xs">
        <label className="label" htmlFor="device-asset">Asset id</label>
        <input id="device-asset" className="field" inputMode="numeric" value={assetId} onChange={(event) => setAssetId(event.target.value.trim())} />
      </div>
      {valid && <DevicesPanel assetId={BigInt(assetId)} mode="verifier" />}
    </div>
  );
}
