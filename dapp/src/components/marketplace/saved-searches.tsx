"use client";
import Link from "next/link";
import { useId, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useWalletLayer } from "@/providers/wallet-layer";
import { api, ApiError } from "@/lib/api";
import type { SavedSearch } from "@/lib/profile";
import { useSession } from "@/providers/session";

const KEY = ["saved-searches"] as const;

/** Save the current filters under a name (signed-in users), and reopen or delete saved ones. */
export function SavedSearches({ currentQuery }: { currentQuery: string }) {
  const { address, status } = useSession();
  const { openConnect, canConnect } = useWalletLayer();
  const queryClient = useQueryClient();
  const nameId = useId();
  const [name, setName] = useState("");
  const saved = useQuery({ queryKey: [...KEY, address], queryFn: () => api<SavedSearch[]>("/api/saved-searches"), enabled: !!address });
  const save = useMutation({
    mutationFn: () => api<SavedSearch>("/api/saved-searches", { method: "POST", body: { name, query: currentQuery } }),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api<SavedSearch[]>(`/api/saved-searches?id=${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });

  if (!address) {
    return (
      <div className="text-sm">
        <h2 className="label">Saved searches</h2>
        <p className="muted">
          {status === "loading" ? "Checking your session…" : "Sign in with your wallet to save searches."}{" "}
          {status !== "loading" && canConnect && (
            <button type="button" className="font-semibold text-brand-700 underline dark:text-brand-500" onClick={openConnect}>
              Connect
            </button>
          )}
        </p>
      </div>
    );
  }
  const fieldError = save.error instanceof ApiError ? save.error.fields.name : undefined;
  return (
    <section aria-labelledby={`${nameId}-heading`} className="flex flex-col gap-3 text-sm" data-testid="saved-searches">
      <h2 id={`${nameId}-heading`} className="label">Saved searches</h2>
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <label htmlFor={nameId} className="sr-only">Name for this search</label>
        <input id={nameId} className="field" placeholder="Name this search" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} aria-invalid={!!fieldError} />
        <button type="submit" className="btn-primary shrink-0" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </form>
      {save.error && <p role="alert" className="text-red-700 dark:text-red-400">{fieldError ?? save.error.message}</p>}
      {saved.error && <p role="alert" className="text-red-700 dark:text-red-400">{saved.error.message}</p>}
      <ul className="flex flex-col gap-1">
        {saved.data?.map((search) => (
          <li key={search.id} className="flex items-center gap-2">
            <Link href={search.query ? `/?${search.query}` : "/"} className="truncate font-medium text-brand-700 hover:underline dark:text-brand-500">
              {search.name}
            </Link>
            <button type="button" className="muted ml-auto text-xs hover:text-red-700" onClick={() => remove.mutate(search.id)} aria-label={`Delete saved search ${search.name}`}>
              Delete
            </button>
          </li>
        ))}
        {saved.data?.length === 0 && <li className="muted">None yet.</li>}
      </ul>
    </section>
  );
}
