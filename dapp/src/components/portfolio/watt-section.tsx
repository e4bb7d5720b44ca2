"use client";
import { useReadContracts } from "wagmi";
import { formatUnits } from "viem";
import { abis } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { formatDate, formatNumber, shortAddress } from "@/lib/format";
import { vestedFraction, type VestingWallet } from "@/lib/portfolio-vesting";
import { useChainTime } from "@/lib/use-platform";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { isBusy, type WriteStatus } from "@/lib/write-status";
import { Figure, Section } from "../asset/section";
import { TxStatus } from "../tx-status";

const WATT_DECIMALS = 18;
const watt = (value: bigint | undefined) => (value === undefined ? "—" : `${formatNumber(Number(formatUnits(value, WATT_DECIMALS)), { maximumFractionDigits: 2 })} WATT`);

function ActionButton({ label, disabled, status, onClick, testId }: { label: string; disabled: boolean; status: WriteStatus; onClick(): void; testId: string }) {
  return (
    <div className="flex flex-col gap-2">
      <button type="button" className="btn-secondary" disabled={disabled || isBusy(status)} onClick={onClick} data-testid={testId}>{label}</button>
      <div data-testid={`${testId}-status`}><TxStatus status={status} /></div>
    </div>
  );
}

/** WATT held, staked and earning, rewards waiting in the RewardsManager, and vesting wallets the user is beneficiary of. */
export function WattSection({ account, vestingWallets }: { account: `0x${string}`; vestingWallets: VestingWallet[] }) {
  const config = useRuntimeConfig();
  const token = config.contracts.WattToken?.address;
  const rewards = config.contracts.RewardsManager?.address;
  const staking = config.contracts.WattStaking?.address;
  const chainTime = useChainTime();
  const mine = vestingWallets.filter((w) => w.beneficiary.toLowerCase() === account.toLowerCase());
  const reads = useReadContracts({
    contracts: token && rewards && staking
      ? [
          { address: token, abi: abis.WattToken, functionName: "balanceOf", args: [account] } as const,
          { address: token, abi: abis.WattToken, functionName: "getVotes", args: [account] } as const,
          { address: rewards, abi: abis.RewardsManager, functionName: "pendingRewards", args: [account] } as const,
          { address: rewards, abi: abis.RewardsManager, functionName: "claimedRewards", args: [account] } as const,
          { address: staking, abi: abis.WattStaking, functionName: "staker", args: [account] } as const,
          { address: staking, abi: abis.WattStaking, functionName: "earned", args: [account] } as const,
        ]
      : [],
    query: { enabled: !!token, refetchInterval: 15_000 },
  });
  const vesting = useReadContracts({
    contracts: token
      ? mine.flatMap((w) => [
          { address: w.address, abi: abis.VotingVestingWallet, functionName: "releasable", args: [token] } as const,
          { address: w.address, abi: abis.VotingVestingWallet, functionName: "released", args: [token] } as const,
        ])
      : [],
    query: { enabled: !!token && mine.length > 0, refetchInterval: 30_000 },
  });
  const claimRewards = useWriteWithStatus();
  const claimStaking = useWriteWithStatus();
  const withdraw = useWriteWithStatus();
  const release = useWriteWithStatus();

  if (!token || !rewards || !staking) {
    return <Section id="watt" title="WATT rewards and staking"><p className="muted text-sm">This deployment has no WATT governance token.</p></Section>;
  }
  const value = <T,>(i: number) => (reads.data?.[i]?.status === "success" ? (reads.data[i]!.result as T) : undefined);
  const balance = value<bigint>(0);
  const votes = value<bigint>(1);
  const pending = value<bigint>(2);
  const claimed = value<bigint>(3);
  const staker = value<{ staked: bigint; coolingDown: bigint; unlocksAt: bigint | number }>(4);
  const earned = value<bigint>(5);
  const unlocksAt = staker ? BigInt(staker.unlocksAt) : 0n;
  const canWithdraw = !!staker && staker.coolingDown > 0n && chainTime !== undefined && unlocksAt <= chainTime;

  return (
    <Section id="watt" title="WATT rewards and staking">
      {reads.error && <p role="alert" className="text-sm text-red-800 dark:text-red-300">WATT balances cannot be read from the chain right now.</p>}
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Figure label="In your wallet" value={watt(balance)} testId="watt-balance" />
        <Figure label="Staked" value={watt(staker?.staked)} testId="watt-staked" />
        <Figure label="Voting power" value={watt(votes)} />
        <Figure label="Rewards to claim" value={watt(pending)} testId="watt-pending" />
        <Figure label="Rewards claimed so far" value={watt(claimed)} />
        <Figure label="Staking rewards earned" value={watt(earned)} testId="watt-earned" />
        {staker && staker.coolingDown > 0n && (
          <Figure label="Unstaking" value={`${watt(staker.coolingDown)} · ${unlocksAt <= (chainTime ?? 0n) ? "ready" : `from ${formatDate(unlocksAt, { withTime: true })}`}`} />
        )}
      </dl>
      <div className="grid gap-3 sm:grid-cols-3">
        <ActionButton
          label="Claim WATT rewards"
          testId="claim-watt"
          disabled={!pending}
          status={claimRewards.status}
          onClick={() => void claimRewards.write({ address: rewards, abi: abis.RewardsManager, functionName: "claim" })}
        />
        <ActionButton
          label="Claim staking rewards"
          testId="claim-staking"
          disabled={!earned}
          status={claimStaking.status}
          onClick={() => void claimStaking.write({ address: staking, abi: abis.WattStaking, functionName: "claimRewards" })}
        />
        {staker && staker.coolingDown > 0n && (
          <ActionButton
            label="Withdraw unstaked WATT"
            testId="withdraw-stake"
            disabled={!canWithdraw}
            status={withdraw.status}
            onClick={() => void withdraw.write({ address: staking, abi: abis.WattStaking, functionName: "withdraw" })}
          />
        )}
      </div>
      <p className="muted text-xs">WATT is earned by onboarding, first investments, referrals and voting. Staked WATT keeps its votes. Stake and delegate on the governance page.</p>

      {mine.length > 0 && (
        <div className="flex flex-col gap-3" data-testid="vesting">
          <h3 className="font-medium">Vesting</h3>
          {mine.map((w, i) => {
            const releasable = vesting.data?.[i * 2]?.status === "success" ? (vesting.data[i * 2]!.result as bigint) : undefined;
            const released = vesting.data?.[i * 2 + 1]?.status === "success" ? (vesting.data[i * 2 + 1]!.result as bigint) : undefined;
            const fraction = chainTime === undefined ? 0 : vestedFraction(w, Number(chainTime));
            return (
              <div key={w.address} className="rounded-xl border border-stone-200 p-3 text-sm dark:border-stone-800">
                <p className="font-medium capitalize">{w.name} allocation · {watt(BigInt(w.allocation))}</p>
                <p className="muted text-xs">
                  Wallet {shortAddress(w.address)} · starts {formatDate(w.start)}, cliff {formatNumber(w.cliffSeconds / 86_400, { maximumFractionDigits: 0 })} days, fully vested{" "}
                  {formatDate(w.start + w.durationSeconds)}
                </p>
                <div className="mt-2 h-2 overflow-hidden rounded-full bg-stone-200 dark:bg-stone-800" role="progressbar" aria-label={`${w.name} vested`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
                  <div className="h-full bg-brand-600" style={{ width: `${fraction * 100}%` }} />
                </div>
                <p className="mt-1 text-xs">{(fraction * 100).toFixed(1)} % vested · released {watt(released)} · releasable now {watt(releasable)}</p>
                <button
                  type="button"
                  className="btn-secondary mt-2"
                  disabled={!releasable || isBusy(release.status)}
                  onClick={() => void release.write({ address: w.address, abi: abis.VotingVestingWallet, functionName: "release", args: [token] })}
                >
                  Release {watt(releasable)}
                </button>
              </div>
            );
          })}
          <TxStatus status={release.status} onDismiss={release.reset} />
        </div>
      )}
    </Section>
  );
}
