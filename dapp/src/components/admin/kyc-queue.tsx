"use client";
import { TxStatus } from "../tx-status";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useReadContract } from "wagmi";
import { identityRegistryAbi } from "@cowatt/deployments/abis";
import type { Address } from "viem";
import { api } from "@/lib/api";
import { INVESTOR_CLASSES, type KycSubmission } from "@/lib/admin-roles";
import { countryName, formatDate, shortAddress } from "@/lib/format";
import { contractAddress } from "@/lib/runtime-config";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy } from "@/lib/write-status";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { describedBy, FieldError } from "../operator/form-ui";
import { ErrorState } from "../states";

const YEAR = 365n * 24n * 3600n;

/** Pending KYC submissions: register the identity on chain (then mark approved) or reject with a reason. */
export function KycQueue() {
  const queue = useQuery({ queryKey: ["kyc-queue"], queryFn: () => api<{ submissions: KycSubmission[] }>("/api/admin/kyc") });
  if (queue.isPending) return <p className="muted text-sm">Loading submissions…</p>;
  if (queue.error) return <ErrorState title="The KYC queue could not be loaded" message={queue.error.message} onRetry={() => void queue.refetch()} />;
  const pending = queue.data.submissions.filter((submission) => submission.status === "pending");
  const reviewed = queue.data.submissions.filter((submission) => submission.status !== "pending");
  return (
    <div className="flex flex-col gap-3">
      {pending.length === 0 && <p className="muted text-sm">No submissions wait for review.</p>}
      <ul className="flex flex-col gap-3">{pending.map((submission) => <KycItem key={submission.address} submission={submission} />)}</ul>
      {reviewed.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer">Reviewed ({reviewed.length})</summary>
          <ul className="muted mt-2 flex flex-col gap-1">
            {reviewed.map((s) => <li key={s.address}>{s.fullName} · {shortAddress(s.address)} · {s.status}{s.reason ? `: ${s.reason}` : ""}</li>)}
          </ul>
        </details>
      )}
    </div>
  );
}

function KycItem({ submission }: { submission: KycSubmission }) {
  const config = useRuntimeConfig();
  const queryClient = useQueryClient();
  const registry = contractAddress(config, "IdentityRegistry");
  const wallet = submission.address as Address;
  const verified = useReadContract({ address: registry, abi: identityRegistryAbi, functionName: "isVerified", args: [wallet] });
  const { status, write, reset } = useWriteWithStatus();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const decide = useMutation({
    mutationFn: (body: { status: "approved" | "rejected"; reason?: string }) => api("/api/admin/kyc", { method: "POST", body: { address: wallet, ...body } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["kyc-queue"] }),
  });
  const id = `kyc-${submission.address}`;

  async function approve() {
    if (!verified.data) {
      const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + 2n * YEAR;
      const receipt = await write({
        address: registry, abi: identityRegistryAbi, functionName: "registerIdentity",
        args: [wallet, submission.country, INVESTOR_CLASSES.indexOf(submission.investorClass), expiresAt],
      });
      if (receipt?.status !== "success") return;
    }
    decide.mutate({ status: "approved" });
  }

  return (
    <li className="card flex flex-col gap-3 p-4" data-testid="kyc-item" data-address={submission.address}>
      <div>
        <p className="font-semibold">{submission.fullName}</p>
        <p className="muted text-sm"><span className="font-mono">{shortAddress(submission.address)}</span> · {countryName(submission.country)} · {submission.investorClass} · born {submission.dateOfBirth} · submitted {formatDate(new Date(submission.submittedAt))}</p>
        {verified.data && <p className="text-sm text-emerald-700 dark:text-emerald-400">Already verified on chain.</p>}
      </div>
      <div>
        <label className="label" htmlFor={`${id}-reason`}>Reason if rejected (shown to the applicant)</label>
        <input id={`${id}-reason`} className="field" value={reason} onChange={(event) => setReason(event.target.value)} {...describedBy(`${id}-reason`, reasonError)} />
        <FieldError id={`${id}-reason-error`} message={reasonError} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-primary" disabled={isBusy(status) || decide.isPending} onClick={() => void approve()}>{verified.data ? "Mark approved" : "Register identity and approve"}</button>
        <button type="button" className="btn-secondary" disabled={isBusy(status) || decide.isPending}
          onClick={() => { if (!reason.trim()) return setReasonError("Give the reason the applicant will see."); setReasonError(undefined); decide.mutate({ status: "rejected", reason }); }}>Reject</button>
        <TxStatus status={status} onDismiss={reset} />
        {decide.error && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{decide.error.message}</p>}
      </div>
    </li>
  );
}
