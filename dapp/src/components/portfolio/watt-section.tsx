"use client";
import { useReadContracts } from "wagmi";
import { rewardsManagerAbi, wattStakingAbi, wattTokenAbi } from "@cowatt/deployments/abis";
import { useRuntimeConfig } from "@/providers/runtime-config";
import { transactionUrl } from "@/lib/chain";
import { formatDate, shortAddress } from "@/lib/format";
import { dailyStakingReward, STAKE_EVENT_LABEL, WATT_ACCOUNT_QUERY, type SubgraphStakeEvent, type WattAccountData } from "@/lib/portfolio-watt";
import { useChainTime } from "@/lib/use-platform";
import { useSubgraphQuery } from "@/lib/use-subgraph";
import { useWriteWithStatus } from "@/lib/use-write-with-status";
import { formatWatt } from "@/lib/watt-staking";
import { isBusy, type WriteStatus } from "@/lib/write-status";
import { Figure, Section } from "../asset/section";
import { TxStatus } from "../tx-status";
import { StakeForms, type StakingState } from "./stake-forms";
import { VestingWallets } from "./vesting-wallets";

/**
 * WATT held, staked and cooling down, rewards waiting in the RewardsManager and the staking pool, stake and
 * unstake forms, the staking history and the vesting wallets the user is beneficiary of. Balances that gate a
 * form are read live from the chain; history, totals claimed and the vesting schedules come from the subgraph.
 */
export function WattSection({ account }: { account: `0x${string}` }) {
  const config = useRuntimeConfig();
  const token = config.contracts.WattToken?.address;
  const rewards = config.contracts.RewardsManager?.address;
  const staking = config.contracts.WattStaking?.address;
  const chainTime = useChainTime();
  const indexed = useSubgraphQuery<WattAccountData>("watt-account", WATT_ACCOUNT_QUERY, { account: account.toLowerCase() }, { refetchInterval: 15_000, enabled: !!token });
  const reads = useReadContracts({
    contracts: token && rewards && staking
      ? [
          { address: token, abi: wattTokenAbi, functionName: "balanceOf", args: [account] } as const,
          { address: token, abi: wattTokenAbi, functionName: "getVotes", args: [account] } as const,
          { address: rewards, abi: rewardsManagerAbi, functionName: "pendingRewards", args: [account] } as const,
          { address: staking, abi: wattStakingAbi, functionName: "staker", args: [account] } as const,
          { address: staking, abi: wattStakingAbi, functionName: "cooldown" } as const,
          { address: staking, abi: wattStakingAbi, functionName: "rewardRate" } as const,
          { address: staking, abi: wattStakingAbi, functionName: "totalStaked" } as const,
          { address: staking, abi: wattStakingAbi, functionName: "unallocatedRewards" } as const,
        ]
      : [],
    query: { enabled: !!token, refetchInterval: 15_000 },
  });
  const claimRewards = useWriteWithStatus();
  const claimStaking = useWriteWithStatus();

  if (!token || !rewards || !staking) {
    return <Section id="watt" title="WATT rewards, staking and vesting"><p className="muted text-sm">This deployment has no WATT governance token.</p></Section>;
  }
  const value = <T,>(i: number) => (reads.data?.[i]?.status === "success" ? (reads.data[i]!.result as T) : undefined);
  const balance = value<bigint>(0);
  const votes = value<bigint>(1);
  const pending = value<bigint>(2);
  const staker = value<{ staked: bigint; rewards: bigint; coolingDown: bigint; unlocksAt: bigint | number }>(3);
  const cooldown = value<bigint | number>(4);
  const rewardRate = value<bigint>(5);
  const totalStaked = value<bigint>(6);
  const unallocated = value<bigint>(7);
  const earned = staker?.rewards;
  const state: StakingState | undefined =
    balance !== undefined && staker && cooldown !== undefined
      ? { balance, position: { staked: staker.staked, coolingDown: staker.coolingDown, unlocksAt: BigInt(staker.unlocksAt) }, cooldown: BigInt(cooldown) }
      : undefined;
  const perDay = staker && rewardRate !== undefined && totalStaked !== undefined && unallocated !== undefined
    ? dailyStakingReward({ staked: staker.staked, totalStaked, rewardRate, unallocated })
    : undefined;
  const history = indexed.data?.wattAccount;

  return (
    <Section id="watt" title="WATT rewards, staking and vesting">
      {reads.error && <p role="alert" className="text-sm text-red-800 dark:text-red-300">WATT balances cannot be read from the chain right now; the forms open again once they can.</p>}
      <dl className="grid grid-cols-2 gap-4 rounded-xl bg-stone-50 p-4 sm:grid-cols-4 dark:bg-stone-900/60">
        <Figure label="In your wallet" value={formatWatt(balance)} testId="watt-balance" />
        <Figure label="Staked" value={formatWatt(staker?.staked)} testId="watt-staked" />
        <Figure label="Voting power" value={formatWatt(votes)} hint="Wallet and staked WATT both count, delegated to whoever you chose." />
        <Figure label="Staking earns" value={perDay === undefined ? "—" : staker?.staked === 0n ? "Not staking" : `≈ ${formatWatt(perDay)} / day`} testId="watt-per-day" hint="Your share of the pool's reward rate at today's total stake." />
      </dl>

      <div className="grid gap-4 lg:grid-cols-2">
        {state ? <StakeForms staking={staking} state={state} chainTime={chainTime} /> : <div className="h-48 animate-pulse rounded-xl bg-stone-100 dark:bg-stone-900" aria-label="Loading your stake" />}

        <div className="flex flex-col gap-4 rounded-xl border border-stone-200 p-4 dark:border-stone-800">
          <h3 className="font-medium">Rewards</h3>
          <RewardLine
            label="Platform rewards to claim"
            detail={`Onboarding, first investments, referrals and votes. Claimed so far: ${formatWatt(history ? BigInt(history.rewardsClaimed) : undefined)}.`}
            amount={pending}
            testId="claim-watt"
            amountTestId="watt-pending"
            status={claimRewards.status}
            onDismiss={claimRewards.reset}
            onClick={() => void claimRewards.write({ address: rewards, abi: rewardsManagerAbi, functionName: "claim" })}
          />
          <RewardLine
            label="Staking rewards earned"
            detail={`Paid from the staking pool while you stake. Claimed so far: ${formatWatt(history ? BigInt(history.stakingRewardsPaid) : undefined)}.`}
            amount={earned}
            testId="claim-staking"
            amountTestId="watt-earned"
            status={claimStaking.status}
            onDismiss={claimStaking.reset}
            onClick={() => void claimStaking.write({ address: staking, abi: wattStakingAbi, functionName: "claimRewards" })}
          />
        </div>
      </div>

      <StakeHistory events={history?.stakeEvents} error={indexed.error} />
      {history && history.vestingWallets.length > 0 && <VestingWallets wallets={history.vestingWallets} token={token} chainTime={chainTime} />}
    </Section>
  );
}

function RewardLine({ label, detail, amount, testId, amountTestId, status, onClick, onDismiss }: {
  label: string; detail: string; amount: bigint | undefined; testId: string; amountTestId: string; status: WriteStatus; onClick(): void; onDismiss(): void;
}) {
  return (
    <div className="flex flex-col gap-2 border-t border-stone-200 pt-3 first-of-type:border-0 first-of-type:pt-0 dark:border-stone-800">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="muted text-xs">{label}</p>
          <p className="text-xl font-semibold tabular-nums" data-testid={amountTestId}>{formatWatt(amount)}</p>
        </div>
        <button type="button" className="btn-secondary" disabled={!amount || isBusy(status)} onClick={onClick} data-testid={testId}>
          {isBusy(status) ? "Claiming…" : "Claim"}
        </button>
      </div>
      <p className="muted text-xs">{detail}</p>
      <div data-testid={`${testId}-status`}><TxStatus status={status} onDismiss={onDismiss} /></div>
    </div>
  );
}

function StakeHistory({ events, error }: { events: SubgraphStakeEvent[] | undefined; error: Error | null }) {
  const config = useRuntimeConfig();
  if (error) return <p className="muted text-sm">The staking history cannot be loaded from the subgraph right now.</p>;
  if (!events || events.length === 0) return null;
  return (
    <div className="flex flex-col gap-2" data-testid="stake-history">
      <h3 className="font-medium">Staking history</h3>
      <ul className="divide-y divide-stone-200 text-sm dark:divide-stone-800">
        {events.map((event) => {
          const url = transactionUrl(config, event.transactionHash);
          return (
            <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2" data-testid="stake-event" data-kind={event.kind}>
              <span>
                <span className="font-medium">{STAKE_EVENT_LABEL[event.kind] ?? event.kind}</span> · <span className="tabular-nums">{formatWatt(BigInt(event.amount))}</span>
                {event.unlocksAt && <span className="muted"> · available from {formatDate(BigInt(event.unlocksAt), { withTime: true })}</span>}
              </span>
              <span className="muted text-xs">
                {formatDate(BigInt(event.timestamp), { withTime: true })} ·{" "}
                {url ? <a className="underline" href={url} target="_blank" rel="noreferrer">{shortAddress(event.transactionHash)}</a> : <span className="font-mono">{shortAddress(event.transactionHash)}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
