/**
 * WATT allocation vesting wallets as the subgraph indexes them (VestingWallet, VestingRelease): the schedule
 * from the deployment record, releases from the wallets' events. Linear release after the cliff, as
 * OpenZeppelin's VestingWalletCliff; what is releasable right now is read live from the wallet.
 */
export interface VestingSchedule {
  /** Unix seconds (the subgraph's BigInt as a decimal string). */
  start: string;
  cliffEnd: string;
  durationSeconds: string;
}

export interface SubgraphVestingWallet extends VestingSchedule {
  id: `0x${string}`;
  name: string;
  allocation: string;
  released: string;
  releases: { id: string; token: string; amount: string; timestamp: string; transactionHash: `0x${string}` }[];
}

/** Share of the allocation vested at `now` (unix seconds): none before the cliff, linear from the start after it. */
export function vestedFraction(schedule: VestingSchedule, now: number): number {
  const start = Number(schedule.start);
  const duration = Number(schedule.durationSeconds);
  if (now < Number(schedule.cliffEnd)) return 0;
  if (duration === 0 || now >= start + duration) return 1;
  return Math.max(0, (now - start) / duration);
}
