import type { Metadata } from "next";
import { RetirementCertificate } from "@/components/impact/retirement-certificate";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Retirement #${(await params).id}` };
}

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RetirementCertificate retirementId={id} />;
}
