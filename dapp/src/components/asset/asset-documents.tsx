"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { readAssetMetadata } from "@/lib/asset-documents";
import { Section } from "./section";

/** The asset's metadata document (by its on-chain CID): description, operator, location and listed documents. */
export function useAssetMetadata(cid: string | undefined) {
  return useQuery({
    queryKey: ["asset-document", cid],
    queryFn: async () => readAssetMetadata(await api<unknown>(`/api/documents/${cid}`)),
    enabled: !!cid,
    staleTime: Infinity, // content-addressed
    retry: 1,
  });
}

export function AssetDocuments({ cid }: { cid: string }) {
  const metadata = useAssetMetadata(cid);
  return (
    <Section id="documents" title="Documents">
      {metadata.isPending ? (
        <p className="muted text-sm" role="status">Loading the asset&apos;s documents…</p>
      ) : metadata.error ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">{metadata.error.message}</p>
      ) : (
        <>
          {metadata.data.documents && metadata.data.documents.length > 0 ? (
            <ul className="flex flex-col divide-y divide-stone-200 dark:divide-stone-800" data-testid="document-list">
              {metadata.data.documents.map((doc) => (
                <li key={`${doc.kind}-${doc.title}`} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span>
                    <span className="font-medium">{doc.title}</span> <span className="muted">({doc.kind.replace(/-/g, " ")})</span>
                  </span>
                  {doc.cid ? (
                    <a className="text-brand-700 underline dark:text-brand-500" href={`/api/documents/${doc.cid}`}>Open</a>
                  ) : doc.url ? (
                    <a className="text-brand-700 underline dark:text-brand-500" href={doc.url} target="_blank" rel="noreferrer">Open</a>
                  ) : (
                    <span className="muted text-xs">Available from the operator on request</span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted text-sm">The operator has listed no documents.</p>
          )}
        </>
      )}
      <p className="muted text-xs break-all">
        Asset record on IPFS: <a className="underline" href={`/api/documents/${cid}`} data-testid="metadata-link">{cid}</a> (checked against the CID stored on chain).
      </p>
    </Section>
  );
}
