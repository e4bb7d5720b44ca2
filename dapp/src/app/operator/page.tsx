import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Operator console" };

export default function Page() {
  return <PlannedSection title="Operator console" description="Register an asset, manage its devices, expenses and offering terms." />;
}
