import type { Metadata } from "next";
import { ProposalDetail } from "@/components/governance/proposal-detail";

export const metadata: Metadata = { title: "Proposal" };

export default async function ProposalPage({ params }: { params: Promise<{ governor: string; proposalId: string }> }) {
  const { governor, proposalId } = await params;
  return <ProposalDetail governor={governor} proposalId={proposalId} />;
}
