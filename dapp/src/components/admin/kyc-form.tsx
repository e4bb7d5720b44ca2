"use client";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/api";
import { INVESTOR_CLASSES, type KycInput, type KycSubmission } from "@/lib/admin-roles";
import { countryName, KNOWN_COUNTRIES } from "@/lib/format";
import { useSession } from "@/providers/session";
import { describedBy, FieldError, SignedInGate } from "../operator/form-ui";
import { ErrorState, LoadingGrid, Notice } from "../states";

type Draft = { fullName: string; country: string; investorClass: string; dateOfBirth: string };

/** The investor's KYC submission (off chain, tied to the SIWE session); a KYC agent reviews it. */
export function KycForm() {
  return (
    <SignedInGate title="Verify your identity" reason="Connect your wallet and sign in to submit your identity for review.">
      <KycFormForSession />
    </SignedInGate>
  );
}

function KycFormForSession() {
  const { address } = useSession();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ["kyc", address], queryFn: () => api<{ submission: KycSubmission | null }>("/api/kyc") });
  const [draft, setDraft] = useState<Draft>({ fullName: "", country: "", investorClass: "Retail", dateOfBirth: "" });
  useEffect(() => {
    const submission = current.data?.submission;
    if (submission) setDraft({ fullName: submission.fullName, country: String(submission.country), investorClass: submission.investorClass, dateOfBirth: submission.dateOfBirth });
  }, [current.data]);
  const submit = useMutation({
    mutationFn: () => api<{ submission: KycSubmission }>("/api/kyc", { method: "PUT", body: { ...draft, country: Number(draft.country) } satisfies Record<keyof KycInput, unknown> }),
    onSuccess: (data) => queryClient.setQueryData(["kyc", address], data),
  });
  const fields = submit.error instanceof ApiError ? submit.error.fields : {};
  if (current.isPending) return <LoadingGrid count={1} label="Loading your submission" />;
  if (current.error) return <ErrorState title="Your submission could not be loaded" message={current.error.message} onRetry={() => void current.refetch()} />;
  const submission = current.data.submission;

  return (
    <form className="card mx-auto flex max-w-xl flex-col gap-4 p-6" noValidate aria-labelledby="kyc-heading" onSubmit={(event) => { event.preventDefault(); submit.mutate(); }}>
      <h1 id="kyc-heading" className="text-2xl font-bold">Verify your identity</h1>
      {submission?.status === "pending" && <Notice>Your submission is waiting for review.</Notice>}
      {submission?.status === "approved" && <Notice>Your identity is verified on chain.</Notice>}
      {submission?.status === "rejected" && <Notice tone="warn">Your submission was rejected: {submission.reason} Correct it and submit again.</Notice>}
      <div>
        <label className="label" htmlFor="kyc-fullName">Full legal name</label>
        <input id="kyc-fullName" className="field" autoComplete="name" value={draft.fullName} onChange={(e) => setDraft({ ...draft, fullName: e.target.value })} {...describedBy("kyc-fullName", fields.fullName)} />
        <FieldError id="kyc-fullName-error" message={fields.fullName} />
      </div>
      <div>
        <label className="label" htmlFor="kyc-dateOfBirth">Date of birth</label>
        <input id="kyc-dateOfBirth" type="date" className="field" value={draft.dateOfBirth} onChange={(e) => setDraft({ ...draft, dateOfBirth: e.target.value })} {...describedBy("kyc-dateOfBirth", fields.dateOfBirth)} />
        <FieldError id="kyc-dateOfBirth-error" message={fields.dateOfBirth} />
      </div>
      <div>
        <label className="label" htmlFor="kyc-country">Country of residence</label>
        <select id="kyc-country" className="field" value={draft.country} onChange={(e) => setDraft({ ...draft, country: e.target.value })} {...describedBy("kyc-country", fields.country)}>
          <option value="">Choose…</option>
          {[...KNOWN_COUNTRIES].sort((a, b) => countryName(a).localeCompare(countryName(b))).map((code) => <option key={code} value={code}>{countryName(code)}</option>)}
        </select>
        <FieldError id="kyc-country-error" message={fields.country} />
      </div>
      <div>
        <label className="label" htmlFor="kyc-investorClass">Investor class</label>
        <select id="kyc-investorClass" className="field" value={draft.investorClass} onChange={(e) => setDraft({ ...draft, investorClass: e.target.value })} {...describedBy("kyc-investorClass", fields.investorClass)}>
          {INVESTOR_CLASSES.map((investorClass) => <option key={investorClass}>{investorClass}</option>)}
        </select>
        <FieldError id="kyc-investorClass-error" message={fields.investorClass} />
      </div>
      {submit.error && !Object.keys(fields).length && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{submit.error.message}</p>}
      {submit.isSuccess && <Notice>Submitted for review.</Notice>}
      <button type="submit" className="btn-primary self-start" disabled={submit.isPending || submission?.status === "approved"}>{submit.isPending ? "Submitting…" : "Submit for review"}</button>
    </form>
  );
}
