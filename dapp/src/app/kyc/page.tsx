import type { Metadata } from "next";
import { KycForm } from "@/components/admin/kyc-form";

export const metadata: Metadata = { title: "Verify your identity" };

export default function Page() {
  return <KycForm />;
}
