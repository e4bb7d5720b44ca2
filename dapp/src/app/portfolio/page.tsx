import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Portfolio" };

export default function Page() {
  return <PlannedSection title="Portfolio" description="Your positions, their value and cost basis, revenue earned and claimable, open orders, WATT rewards and stakes." />;
}
