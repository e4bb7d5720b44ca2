/**
 * Seeds governance and rewards on top of the demo state (scripts/lib/seed.ts), through the contracts'
 * public functions: investors earn WATT by real reward actions (onboarding, first investment, referral,
 * voting) and claim it; some stake it; one platform proposal (a trading-fee change on the order book) goes
 * through the whole lifecycle and is executed by the timelock; a second platform proposal and a
 * maintenance proposal on the wind asset stay open with votes. Time moves forward on the local chain
 * (evm_increaseTime) only for the executed proposal's voting period and timelock delay.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeFunctionData, keccak256, parseEther, parseUnits, toHex, type Address, type Hex, type PublicClient, type WalletClient } from "viem";
import type { Platform } from "./deploy.ts";
import type { Governance } from "./deploy-governance.ts";
import { confirmer } from "./confirm.ts";
import { cidOf, type SeedResult } from "./seed.ts";

const VOTE = { Against: 0, For: 1, Abstain: 2 } as const;
/** The trading fee the seeded platform proposal sets, basis points. */
export const SEEDED_TRADING_FEE_BPS = 40;

export interface GovernanceSeedContext {
  platform: Platform;
  governance: Governance;
  publicClient: PublicClient;
  wallets: WalletClient[];
  demo: SeedResult;
  metadataDir: string;
}

export interface GovernanceSeedResult {
  executedPlatformProposal: bigint;
  activePlatformProposal: bigint;
  windGovernance: { governor: Address; timelock: Address; votes: Address };
  activeAssetProposal: bigint;
  stakers: Address[];
}

export async function seedGovernance(ctx: GovernanceSeedContext): Promise<GovernanceSeedResult> {
  const { platform, governance, publicClient, wallets, demo } = ctx;
  const { watt, rewardsManager, staking, governor, factory } = governance;
  const send = confirmer(publicClient, "governance seed");
  const account = (index: number) => {
    const wallet = wallets[index];
    if (!wallet?.account) throw new Error(`governance seed needs test account #${index}`);
    return wallet.account;
  };
  const admin = account(0);
  const ecosystem = account(15);
  const investors = demo.investors.map((_, i) => account(6 + i));
  const windId = demo.assetIds.wind;
  const advance = async (seconds: bigint) => {
    await publicClient.request({ method: "evm_increaseTime" as never, params: [Number(seconds)] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  };
  const document = async (body: object) => {
    const bytes = new TextEncoder().encode(JSON.stringify(body, null, 2));
    const cid = await cidOf(bytes);
    writeFileSync(join(ctx.metadataDir, `${cid}.json`), bytes);
    return `ipfs://${cid}`;
  };

  // ---- rewards earned by real actions, then claimed
  for (const investor of investors) {
    await send(rewardsManager.write.accrueOnboarding({ account: investor }));
    if ((await platform.energyAsset.read.balanceOf([investor.address, windId])) > 0n) {
      await send(rewardsManager.write.accrueFirstInvestment([windId], { account: investor }));
    }
  }
  // Lucía brought Jonas and Camille to the platform.
  await send(rewardsManager.write.accrueReferral([investors[0]!.address], { account: investors[1]! }));
  await send(rewardsManager.write.accrueReferral([investors[0]!.address], { account: investors[2]! }));
  for (const investor of investors) {
    await send(rewardsManager.write.claim({ account: investor }));
    await send(watt.write.delegate([investor.address], { account: investor }));
  }

  // ---- votes and the staking pool: the team allocation's votes go to the founders (#0), the ecosystem
  // launch tranche is released and funds the staking pool.
  const teamWallet = governance.vestingWallets["team"] as Address;
  const launchWallet = governance.vestingWallets["ecosystem-launch"] as Address;
  const vestingAbi = (await import("@cowatt/deployments")).abis.VotingVestingWallet;
  const walletClient = wallets[0]!;
  await send(
    walletClient.writeContract({
      address: teamWallet, abi: vestingAbi, functionName: "delegate", args: [watt.address, admin.address], account: admin, chain: walletClient.chain,
    }),
  );
  await send(
    walletClient.writeContract({
      address: launchWallet, abi: vestingAbi, functionName: "release", args: [watt.address], account: admin, chain: walletClient.chain,
    }),
  );
  await send(watt.write.delegate([ecosystem.address], { account: ecosystem }));
  const pool = parseEther("1000000");
  await send(watt.write.approve([staking.address, pool], { account: ecosystem }));
  await send(staking.write.fund([pool], { account: ecosystem }));
  const stakers = investors.slice(0, 3);
  for (const [i, staker] of stakers.entries()) {
    await send(staking.write.stake([parseEther(String(100 + 50 * i))], { account: staker }));
  }

  // ---- a platform proposal executed through the timelock: lower the trading fee to 0.4 %
  const feeCall = encodeFunctionData({ abi: platform.orderBook.abi, functionName: "setFee", args: [SEEDED_TRADING_FEE_BPS] });
  const feeDescription = await document({
    title: "Lower the order-book trading fee to 0.40 %",
    body: "Secondary trading volume is below plan; a lower taker fee narrows spreads. Fee: 50 → 40 bps.",
  });
  const executed = await proposeOn(governor, [platform.orderBook.address], [feeCall], feeDescription, admin);
  await advance(BigInt(governance.settings.platform.votingDelay) + 1n);
  await send(governor.write.castVote([executed.id, VOTE.For], { account: admin }));
  await send(governor.write.castVoteWithReason([executed.id, VOTE.For, "good for liquidity"], { account: ecosystem }));
  for (const [i, investor] of investors.slice(0, 4).entries()) {
    await send(governor.write.castVote([executed.id, i === 3 ? VOTE.Against : VOTE.For], { account: investor }));
    await send(rewardsManager.write.accrueVotingReward([governor.address, executed.id], { account: investor }));
  }
  await advance(BigInt(governance.settings.platform.votingPeriod));
  await send(governor.write.queue([executed.targets, executed.values, executed.calldatas, executed.hash]));
  await advance(governance.settings.platform.timelockDelay);
  await send(governor.write.execute([executed.targets, executed.values, executed.calldatas, executed.hash]));
  if ((await platform.orderBook.read.feeBps()) !== SEEDED_TRADING_FEE_BPS) throw new Error("fee proposal did not execute");

  // ---- an active platform proposal: double the staking reward rate
  const rateCall = encodeFunctionData({
    abi: staking.abi,
    functionName: "setRewardRate",
    args: [governance.settings.staking.rewardRate * 2n],
  });
  const rateDescription = await document({
    title: "Double the WATT staking reward rate",
    body: "Raise staking rewards from 0.1 to 0.2 WATT per second for all stakers, funded by the ecosystem pool.",
  });
  const active = await proposeOn(governor, [staking.address], [rateCall], rateDescription, admin);

  // ---- the wind asset's governance: its reserve and an active maintenance proposal with votes
  await send(factory.write.createAssetGovernance([windId], { account: admin }));
  const windGovernance = await factory.read.governanceOf([windId]);
  const windOperator = account(3);
  await send(platform.stablecoin.write.faucet([windGovernance.timelock, parseUnits("40000", 6)]));
  const { abis } = await import("@cowatt/deployments");
  const spendCall = encodeFunctionData({
    abi: abis.AssetTimelock,
    functionName: "spendMaintenance",
    args: [windOperator.address, parseUnits("8500", 6), "bafkreimaintenanceinvoicegearbox2026"],
  });
  const maintenanceDescription = await document({
    title: "Gearbox inspection and oil change, Nordwind Eifel WEA",
    body: "Pay the operator 8,500 dEUR from the asset reserve for the scheduled gearbox service (invoice attached).",
    attachments: ["ipfs://bafkreimaintenanceinvoicegearbox2026"],
  });
  const windHolders = [];
  for (const investor of investors) {
    if ((await platform.energyAsset.read.getVotes([windId, investor.address])) > 0n) windHolders.push(investor);
  }
  const assetGovernor = {
    address: windGovernance.governor,
    write: {
      propose: (args: readonly unknown[], options: { account: typeof admin }) =>
        walletClient.writeContract({ address: windGovernance.governor, abi: abis.AssetGovernor, functionName: "propose", args: args as never, account: options.account, chain: walletClient.chain }),
    },
  };
  const maintenance = await proposeOn(assetGovernor, [windGovernance.timelock], [spendCall], maintenanceDescription, windHolders[0]!);
  // Voting starts after the asset governor's voting delay; the platform proposal's too.
  await advance(BigInt(Math.max(governance.settings.asset.votingDelay, governance.settings.platform.votingDelay)) + 1n);
  for (const [i, holder] of windHolders.entries()) {
    await send(
      walletClient.writeContract({
        address: windGovernance.governor, abi: abis.AssetGovernor, functionName: "castVote",
        args: [maintenance.id, i === windHolders.length - 1 ? VOTE.Abstain : VOTE.For], account: holder, chain: walletClient.chain,
      }),
    );
  }
  await send(governor.write.castVote([active.id, VOTE.For], { account: investors[0]! }));
  await send(governor.write.castVote([active.id, VOTE.Against], { account: investors[4]! }));

  return {
    executedPlatformProposal: executed.id,
    activePlatformProposal: active.id,
    windGovernance: { ...windGovernance },
    activeAssetProposal: maintenance.id,
    stakers: stakers.map((staker) => staker.address),
  };

  async function proposeOn(
    target: { address: Address; write: { propose: (args: never, options: never) => Promise<Hex> } },
    targets: Address[],
    calldatas: Hex[],
    description: string,
    proposer: NonNullable<WalletClient["account"]>,
  ) {
    const values = targets.map(() => 0n);
    const receipt = await send(target.write.propose([targets, values, calldatas, description] as never, { account: proposer } as never));
    const hash = keccak256(toHex(description));
    const created = receipt.logs.find((log) => log.address.toLowerCase() === target.address.toLowerCase());
    if (!created) throw new Error("no ProposalCreated event");
    // ProposalCreated's first data word is the proposal id.
    const id = BigInt(created.data.slice(0, 66));
    return { id, targets, values, calldatas, hash };
  }
}
