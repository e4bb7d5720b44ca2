import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Impact" };

export default function Page() {
  return <PlannedSection title="Impact" description="CO2 avoided per asset and for you, certificates held, and retirement with a beneficiary and purpose." />;
}
