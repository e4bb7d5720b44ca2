"use client";
import { useReadContracts } from "wagmi";
import type { Address } from "viem";
import { votingVestingWalletAbi } from "@cowatt/deployments/abis";
import { formatDate, formatNumber, shortAddress } from "@/lib/format";
import { vestedFraction, type SubgraphVestingWallet } from "@/lib/portfolio-vesting";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { formatDuration, formatWatt } from "@/lib/watt-staking";
import { isBusy } from "@/lib/write-status";
import { TxStatus } from "../tx-status";

/**
 * The WATT vesting wallets the connected wallet is beneficiary of (schedule and releases from the subgraph),
 * with what is releasable now read live from each wallet, and a release button per wallet.
 */
export function VestingWallets({ wallets, token, chainTime }: { wallets: SubgraphVestingWallet[]; token: Address; chainTime: bigint | undefined }) {
  const live = useReadContracts({
    contracts: wallets.map((w) => ({ address: w.id, abi: votingVestingWalletAbi, functionName: "releasable", args: [token] }) as const),
    query: { refetchInterval: 30_000 },
  });
  return (
    <div className="flex flex-col gap-3" data-testid="vesting">
      <h3 className="font-medium">Vesting</h3>
      <ul className="grid gap-3 md:grid-cols-2">
        {wallets.map((wallet, i) => (
          <VestingCard
            key={wallet.id}
            wallet={wallet}
            token={token}
            chainTime={chainTime}
            releasable={live.data?.[i]?.status === "success" ? (live.data[i]!.result as bigint) : undefined}
          />
        ))}
      </ul>
    </div>
  );
}

function VestingCard({ wallet, token, chainTime, releasable }: { wallet: SubgraphVestingWallet; token: Address; chainTime: bigint | undefined; releasable: bigint | undefined }) {
  const release = useWriteWithStatus();
  const fraction = chainTime === undefined ? 0 : vestedFraction(wallet, Number(chainTime));
  const start = BigInt(wallet.start);
  const cliff = BigInt(wallet.cliffEnd) - start;
  const releases = wallet.releases.filter((r) => r.token.toLowerCase() === token.toLowerCase());
  const percent = formatNumber(fraction * 100, { maximumFractionDigits: 1 });
  return (
    <li className="flex flex-col gap-2 rounded-xl border border-stone-200 p-4 text-sm dark:border-stone-800" data-testid="vesting-wallet" data-wallet={wallet.id}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium capitalize">{wallet.name.replace(/-/g, " ")}</p>
        <p className="tabular-nums">{formatWatt(BigInt(wallet.allocation))}</p>
      </div>
      <p className="muted text-xs">
        Wallet {shortAddress(wallet.id)} · from {formatDate(start)}, {cliff > 0n ? `cliff ${formatDuration(cliff)}, ` : ""}fully vested {formatDate(start + BigInt(wallet.durationSeconds))}
      </p>
      <div className="h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800" role="progressbar" aria-label={`${wallet.name} vested`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="h-full bg-emerald-600" style={{ width: `${fraction * 100}%` }} />
      </div>
      <dl className="grid grid-cols-3 gap-2 text-xs">
        <div><dt className="muted">Vested</dt><dd className="font-semibold tabular-nums">{percent} %</dd></div>
        <div><dt className="muted">Released</dt><dd className="font-semibold tabular-nums" data-testid="vesting-released">{formatWatt(BigInt(wallet.released))}</dd></div>
        <div><dt className="muted">Releasable now</dt><dd className="font-semibold tabular-nums" data-testid="vesting-releasable">{formatWatt(releasable)}</dd></div>
      </dl>
      <button
        type="button"
        className="btn-secondary self-start"
        disabled={!releasable || isBusy(release.status)}
        data-testid="vesting-release"
        onClick={() => void release.write({ address: wallet.id, abi: votingVestingWalletAbi, functionName: "release", args: [token] })}
      >
        {isBusy(release.status) ? "Releasing…" : releasable === 0n ? "Nothing to release yet" : `Release ${formatWatt(releasable)}`}
      </button>
      <div data-testid="vesting-release-status"><TxStatus status={release.status} onDismiss={release.reset} /></div>
      {releases.length > 0 && (
        <ul className="muted text-xs" aria-label={`Releases from the ${wallet.name} wallet`}>
          {releases.map((r) => <li key={r.id}>{formatDate(BigInt(r.timestamp), { withTime: true })}: released {formatWatt(BigInt(r.amount))}</li>)}
        </ul>
      )}
    </li>
  );
}
