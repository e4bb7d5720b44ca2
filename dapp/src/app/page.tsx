import { Suspense } from "react";
import { Marketplace } from "@/components/marketplace/marketplace";
import { LoadingGrid } from "@/components/states";

export default function MarketplacePage() {
  return (
    <Suspense fallback={<LoadingGrid label="Loading the marketplace" />}>
      <Marketplace />
    </Suspense>
  );
}
