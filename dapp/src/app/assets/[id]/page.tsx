import type { Metadata } from "next";
import Link from "next/link";
import { AssetPage } from "@/components/asset/asset-page";
import { EmptyState } from "@/components/states";

export const metadata: Metadata = { title: "Asset" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Asset ids are the ERC-1155 token ids: whole numbers. Anything else never reaches the chain reads.
  if (!/^\d{1,30}$/.test(id)) {
    return (
      <EmptyState title="No such asset">
        Asset addresses end in a number, like /assets/1. <Link className="underline" href="/">Back to the marketplace</Link>
      </EmptyState>
    );
  }
  return <AssetPage id={BigInt(id).toString()} />;
}
