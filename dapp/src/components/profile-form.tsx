"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useWalletLayer } from "@/providers/wallet-layer";
import { api, ApiError } from "@/lib/api";
import { EMPTY_PROFILE, type NotificationPreferences, type Profile } from "@/lib/profile";
import { shortAddress } from "@/lib/format";
import { useSession } from "@/providers/session";
import { ErrorState, LoadingGrid, Notice } from "./states";

const NOTIFICATIONS: { key: keyof NotificationPreferences; label: string; hint: string }[] = [
  { key: "distributions", label: "Revenue distributions", hint: "When revenue is deposited for assets you hold." },
  { key: "governance", label: "Governance", hint: "New proposals and votes ending for your assets." },
  { key: "orderFills", label: "Order fills", hint: "When your orders are filled, expire or are cancelled." },
];

/** The signed-in wallet's off-chain profile; the API refuses it without a SIWE session. */
export function ProfileForm() {
  const { address, status } = useSession();
  const { openConnect, canConnect } = useWalletLayer();
  const queryClient = useQueryClient();
  const profile = useQuery({ queryKey: ["profile", address], queryFn: () => api<Profile>("/api/profile"), enabled: !!address });
  const [draft, setDraft] = useState<Omit<Profile, "savedSearches">>(EMPTY_PROFILE);
  useEffect(() => {
    if (profile.data) setDraft({ displayName: profile.data.displayName, email: profile.data.email, notifications: profile.data.notifications });
  }, [profile.data]);
  const save = useMutation({
    mutationFn: () => api<Profile>("/api/profile", { method: "PUT", body: draft }),
    onSuccess: (saved) => queryClient.setQueryData(["profile", address], saved),
  });
  const fields = save.error instanceof ApiError ? save.error.fields : {};

  if (!address) {
    return (
      <section className="card mx-auto flex max-w-xl flex-col gap-4 p-8">
        <h1 className="text-2xl font-bold">Your profile</h1>
        <p className="muted">{status === "loading" ? "Checking your session…" : "Connect your wallet and sign in to see and edit your profile."}</p>
        {status !== "loading" && canConnect && (
          <button type="button" className="btn-primary self-start" onClick={openConnect}>Connect and sign in</button>
        )}
      </section>
    );
  }
  if (profile.isPending) return <LoadingGrid count={1} label="Loading your profile" />;
  if (profile.error) return <ErrorState title="Your profile could not be loaded" message={profile.error.message} onRetry={() => void profile.refetch()} />;

  return (
    <form
      className="card mx-auto flex max-w-xl flex-col gap-5 p-6 sm:p-8"
      aria-labelledby="profile-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <div>
        <h1 id="profile-heading" className="text-2xl font-bold">Your profile</h1>
        <p className="muted text-sm">Signed in as <span className="font-mono" data-testid="profile-address">{shortAddress(address)}</span>. Stored by CoWatt, not on chain.</p>
        <p className="text-sm">Investing needs a verified identity: <Link href="/kyc" className="font-medium text-brand-700 underline dark:text-brand-500">submit or check your KYC</Link>.</p>
      </div>
      <div>
        <label htmlFor="displayName" className="label">Display name</label>
        <input id="displayName" className="field" value={draft.displayName} maxLength={60} aria-invalid={!!fields.displayName} aria-describedby={fields.displayName ? "displayName-error" : undefined}
          onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />
        {fields.displayName && <p id="displayName-error" className="mt-1 text-sm text-red-700 dark:text-red-400">{fields.displayName}</p>}
      </div>
      <div>
        <label htmlFor="email" className="label">E-mail for notifications (optional)</label>
        <input id="email" type="email" className="field" value={draft.email} autoComplete="email" aria-invalid={!!fields.email} aria-describedby={fields.email ? "email-error" : undefined}
          onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        {fields.email && <p id="email-error" className="mt-1 text-sm text-red-700 dark:text-red-400">{fields.email}</p>}
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="label">Notify me about</legend>
        {NOTIFICATIONS.map(({ key, label, hint }) => (
          <label key={key} className="flex items-start gap-3">
            <input type="checkbox" className="mt-1 h-4 w-4 accent-brand-600" checked={draft.notifications[key]}
              onChange={(e) => setDraft({ ...draft, notifications: { ...draft.notifications, [key]: e.target.checked } })} />
            <span>
              <span className="block text-sm font-medium">{label}</span>
              <span className="muted block text-xs">{hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {save.error && !Object.keys(fields).length && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{save.error.message}</p>}
      {save.isSuccess && <Notice>Profile saved.</Notice>}
      <button type="submit" className="btn-primary self-start" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save profile"}</button>
    </form>
  );
}
