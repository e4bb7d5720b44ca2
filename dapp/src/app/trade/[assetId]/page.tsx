import type { Metadata } from "next";
import { TradeView } from "@/components/trade/trade-view";

export const metadata: Metadata = { title: "Trade" };

export default async function TradeAssetPage({ params }: { params: Promise<{ assetId: string }> }) {
  const { assetId } = await params;
  return <TradeView assetId={assetId} />;
}
