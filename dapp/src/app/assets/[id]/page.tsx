import type { Metadata } from "next";
import { PlannedSection } from "@/components/planned-section";

export const metadata: Metadata = { title: "Asset" };

export default async function AssetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <PlannedSection
      title={`Asset #${id}`}
      description="Specification, documents, lifecycle, production and distributions, order book, proposals and the projection calculator."
    />
  );
}
