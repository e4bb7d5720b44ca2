import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Governance" };

export default function Page() {
  return <PlannedSection title="Governance" description="Platform and asset proposals with live tallies, voting with a reason, and delegation." />;
}
