import type { Metadata } from "next";
import { CreateProposal } from "@/components/governance/create-proposal";

export const metadata: Metadata = { title: "New proposal" };

export default function NewProposalPage() {
  return <CreateProposal />;
}
