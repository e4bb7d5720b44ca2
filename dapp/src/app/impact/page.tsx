import type { Metadata } from "next";
import { ImpactDashboard } from "@/components/impact/impact-dashboard";

export const metadata: Metadata = { title: "Impact" };

export default function Page() {
  return <ImpactDashboard />;
}
