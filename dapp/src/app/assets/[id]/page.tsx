import type { Metadata } from "next";
import { AssetPage } from "@/components/asset/asset-page";

export const metadata: Metadata = { title: "Asset" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AssetPage id={id} />;
}
