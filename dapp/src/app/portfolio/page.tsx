import type { Metadata } from "next";
import { Portfolio } from "@/components/portfolio/portfolio";
import { readVestingWallets } from "@/lib/portfolio-vesting";
import { readRecord } from "@/server/config";

export const metadata: Metadata = { title: "Portfolio" };

export default function Page() {
  // Vesting wallets are listed in the deployment record (not in the subgraph); older records have none.
  let vestingWallets: ReturnType<typeof readVestingWallets> = [];
  try {
    vestingWallets = readVestingWallets(readRecord());
  } catch {
    vestingWallets = [];
  }
  return <Portfolio vestingWallets={vestingWallets} />;
}
