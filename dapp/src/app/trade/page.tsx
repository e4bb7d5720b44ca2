import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Trade" };

export default function Page() {
  return <PlannedSection title="Trade" description="Order books per asset: depth and spread, limit and market orders with the fee shown before you sign, your trades." />;
}
