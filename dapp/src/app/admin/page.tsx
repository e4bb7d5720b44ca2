import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Admin console" };

export default function Page() {
  return <PlannedSection title="Admin console" description="KYC review queue, asset verification checklist and compliance actions." />;
}
