"use client";
import Link from "next/link";
import { useQueries } from "@tanstack/react-query";
import { api } from "@/lib/api";
import { ASSET_PROPOSALS_QUERY, proposalTitle, type ProposalRow } from "@/lib/asset-page";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { formatDate, formatNumber, formatPercent } from "@/lib/format";
import { Section } from "./section";

const CID_OF_DESCRIPTION = /^ipfs:\/\/([a-z2-7]+)/;

/** The asset holders' proposals, each linking to its page under /governance. */
export function ProposalsSection({ assetId, chainTime }: { assetId: string; chainTime: bigint | undefined }) {
  const proposals = useSubgraphQuery<{ proposals: ProposalRow[] }>("asset-proposals", ASSET_PROPOSALS_QUERY, { asset: assetId }, { refetchInterval: 30_000, retry: 0 });
  const rows = proposals.data?.proposals ?? [];
  // Descriptions are ipfs://<CID> documents ({ title, body }); the title comes from the document.
  const documents = useQueries({
    queries: rows.map((row) => {
      const cid = CID_OF_DESCRIPTION.exec(row.description)?.[1];
      return {
        queryKey: ["asset-document", cid],
        queryFn: () => api<{ title?: unknown }>(`/api/documents/${cid}`),
        enabled: !!cid,
        staleTime: Infinity,
        retry: 0,
      };
    }),
  });
  return (
    <Section id="governance" title="Holder proposals" action={<Link href="/governance" className="btn-secondary">All proposals</Link>}>
      {proposals.isPending ? (
        <p className="muted text-sm" role="status">Loading proposals…</p>
      ) : proposals.error ? (
        <p className="muted text-sm">Proposals cannot be shown right now ({proposals.error.message}).</p>
      ) : rows.length === 0 ? (
        <p className="muted text-sm">No proposals for this asset yet. Holders vote with their shares once governance is set up.</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="asset-proposals">
          {rows.map((row, index) => {
            const doc = documents[index]?.data;
            const title = typeof doc?.title === "string" ? doc.title : proposalTitle(row.description);
            const forVotes = BigInt(row.forVotes);
            const total = forVotes + BigInt(row.againstVotes) + BigInt(row.abstainVotes);
            const open = row.state === "Active" && chainTime !== undefined && BigInt(row.voteEnd) > chainTime;
            return (
              <li key={row.id} className="rounded-xl border border-stone-200 p-3 dark:border-stone-800">
                <Link href={`/governance/${row.governor.id}/${row.proposalId}`} className="font-medium hover:underline">{title}</Link>
                <p className="muted mt-1 text-xs">
                  {open ? `Voting until ${formatDate(BigInt(row.voteEnd), { withTime: true })}` : row.state === "Active" ? "Voting ended" : row.state} ·{" "}
                  {formatNumber(row.voteCount)} vote{row.voteCount === 1 ? "" : "s"}
                  {total > 0n && ` · ${formatPercent(Number((forVotes * 10_000n) / total) / 10_000)} for`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}
