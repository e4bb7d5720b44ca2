import type { Metadata } from "next";
import { OwnershipCertificate } from "@/components/portfolio/ownership-certificate";

export const metadata: Metadata = { title: "Ownership certificate" };

export default async function Page({ params }: { params: Promise<{ receiptId: string }> }) {
  const { receiptId } = await params;
  return <OwnershipCertificate receiptId={receiptId} />;
}
