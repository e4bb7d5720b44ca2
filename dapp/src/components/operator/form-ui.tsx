"use client";
/** Small pieces shared by the impact, operator and admin consoles: field errors, sign-in gate, confirm dialog. */
import { useEffect, useRef, type ReactNode } from "react";
import { useWalletLayer } from "@/providers/wallet-layer";
import { useSession } from "@/providers/session";

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-400">{message}</p>;
}

/** aria props linking an input to its error line (and to its hint line `<id>-hint` when it has one). */
export function describedBy(id: string, message?: string, { hint = false }: { hint?: boolean } = {}) {
  const ids = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-invalid": !!message, "aria-describedby": ids || undefined };
}

/** A file input whose picker button looks like the app's secondary buttons, in both themes. */
export const FILE_INPUT_CLASS =
  "block w-full text-sm text-stone-700 dark:text-stone-300 file:mr-3 file:min-h-10 file:cursor-pointer file:rounded-xl file:border file:border-solid file:border-stone-300 file:bg-white file:px-4 file:text-sm file:font-semibold file:text-stone-800 hover:file:bg-stone-100 dark:file:border-stone-700 dark:file:bg-stone-900 dark:file:text-stone-100 dark:hover:file:bg-stone-800";

/** Shows children once a wallet is connected and signed in; else says how to. */
export function SignedInGate({ title, reason, children }: { title: string; reason: string; children: ReactNode }) {
  const { address, status } = useSession();
  const { openConnect, canConnect } = useWalletLayer();
  if (address) return <>{children}</>;
  return (
    <section className="card mx-auto flex max-w-xl flex-col gap-4 p-8">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="muted">{status === "loading" ? "Checking your session…" : reason}</p>
      {status !== "loading" && canConnect && (
        <button type="button" className="btn-primary self-start" onClick={openConnect}>Connect and sign in</button>
      )}
    </section>
  );
}

/** A modal confirmation (native <dialog>: focus trapped, Escape cancels). */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel, danger = true }: {
  open: boolean; title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void; danger?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={(event) => { event.preventDefault(); onCancel(); }}
      className="card m-auto w-[min(32rem,calc(100vw-2rem))] p-6 text-inherit backdrop:bg-black/50">
      <h2 id="confirm-title" className="text-lg font-semibold">{title}</h2>
      <div className="mt-2 text-sm">{children}</div>
      <div className="mt-6 flex flex-wrap justify-end gap-3">
        <button type="button" className="btn-secondary" onClick={onCancel}>Cancel</button>
        <button type="button" className={danger ? "btn bg-red-700 text-white hover:bg-red-800" : "btn-primary"} onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </dialog>
  );
}
