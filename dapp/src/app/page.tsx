import { Marketplace } from "@/components/marketplace/marketplace";

// No Suspense boundary around it: the app renders per request (layout.tsx), so useSearchParams() needs none,
// and a boundary would hydrate after the shell, whose queries can settle in between: its first client
// render would then differ from the server's HTML.
export default function MarketplacePage() {
  return <Marketplace />;
}
