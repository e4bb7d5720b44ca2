/**
 * Governance mapping tests: the platform and its governance are deployed and seeded as scripts/deploy-local.ts does
 * (deployPlatform, deployGovernance, seedDemo, seedGovernance) on a Hardhat node, indexed by the embedded runtime
 * from the rendered manifest (including the AssetGovernor template), and checked through GraphQL against the chain.
 * Needs `graph codegen` + `graph build` first (the `test` script runs them).
 */
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import hre, { network } from "hardhat";
import { abis } from "@cowatt/deployments";
import type { Address } from "viem";
import { deployPlatform, devAccounts } from "../../scripts/lib/deploy.ts";
import { deployGovernance, devGovernanceAccounts, type Governance } from "../../scripts/lib/deploy-governance.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { seedGovernance, type GovernanceSeedResult } from "../../scripts/lib/seed-governance.ts";
import { startHardhatNode } from "../runtime/test/fixtures/chain.ts";
import { assertBuilt, indexChain, type IndexedChain } from "./helpers/indexer.ts";

let stopNode: () => void = () => {};
let indexed: IndexedChain;
let seed: SeedResult;
let govSeed: GovernanceSeedResult;
let governance: Governance;
let platform: Awaited<ReturnType<typeof deployPlatform>>;
let publicClient: Awaited<ReturnType<Awaited<ReturnType<typeof network.connect>>["viem"]["getPublicClient"]>>;
let closeConnection: () => Promise<void> = async () => {};

const query = <T>(q: string) => indexed.query<T>(q);

const lower = (a: string) => a.toLowerCase();
/** Proposal ids are the governor address ++ the id's little-endian signed bytes (graph-ts Bytes.fromBigInt). */
const proposalKey = (governor: Address, id: bigint) => {
  const bytes: number[] = [];
  let v = id;
  do { bytes.push(Number(v & 0xffn)); v >>= 8n; } while (v > 0n);
  if ((bytes.at(-1)! & 0x80) !== 0) bytes.push(0); // keep it positive
  return lower(governor) + bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
};

before(async () => {
  assertBuilt("WattToken");
  const node = await startHardhatNode();
  stopNode = node.stop;
  const connection = await network.connect({ network: "localhost", override: { url: node.url } });
  closeConnection = () => connection.close();
  publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const addresses = wallets.map((w) => w.account.address);
  platform = await deployPlatform(hre, connection, devAccounts(addresses), "localhost");
  governance = await deployGovernance(hre, connection, platform, devGovernanceAccounts(addresses), { production: false });
  const metadataDir = mkdtempSync(join(tmpdir(), "cowatt-subgraph-gov-metadata-"));
  seed = await seedDemo({ platform, publicClient, wallets, metadataDir });
  govSeed = await seedGovernance({ platform, governance, publicClient, wallets, demo: seed, metadataDir });
  rmSync(metadataDir, { recursive: true, force: true });
  // Beyond the seed, the rest of the staking lifecycle: a reward claim, a completed unstake and one still cooling down.
  const walletOf = (address: Address) => wallets.find((w) => lower(w.account.address) === lower(address))!.account;
  const mined = async (hash: `0x${string}`) => assert.equal((await publicClient.waitForTransactionReceipt({ hash })).status, "success");
  const [first, second, third] = govSeed.stakers as [Address, Address, Address];
  await mined(await governance.staking.write.claimRewards({ account: walletOf(first) }));
  await mined(await governance.staking.write.unstake([50n * 10n ** 18n], { account: walletOf(second) }));
  await publicClient.request({ method: "evm_increaseTime" as never, params: [Number(governance.settings.staking.cooldown)] as never });
  await mined(await governance.staking.write.withdraw({ account: walletOf(second) }));
  await mined(await governance.staking.write.unstake([20n * 10n ** 18n], { account: walletOf(third) }));

  // The head first: the runtime indexes on this thread, and a keep-alive socket idle meanwhile may be closed by the node.
  const head = await publicClient.getBlockNumber();
  indexed = await indexChain(platform.deployment, node.url, "gov");
  await indexed.waitForBlock(head);
});

after(async () => {
  await indexed?.stop();
  await closeConnection();
  stopNode();
});

interface WattRow {
  id: string; balance: string; votes: string; delegate: string | null; locked: string; staked: string; unstaking: string;
  stakingRewardsPaid: string; unlocksAt: string | null; rewardsAccrued: string; rewardsClaimed: string; rewardsPending: string;
  rewardClaims: { amount: string }[]; rewardAccruals: { category: number; amount: string }[];
  rewardsByCategory: { category: number; accrued: string }[]; stakeEvents: { kind: string; amount: string }[];
}

describe("governance and WATT rewards in the subgraph", () => {
  it("keeps every WATT balance, delegate and voting power equal to the token's", async () => {
    const { wattAccounts } = await query<{ wattAccounts: WattRow[] }>("{ wattAccounts(first: 1000) { id balance votes delegate locked } }");
    const watt = { address: governance.watt.address, abi: abis.WattToken } as const;
    let sum = 0n;
    for (const w of wattAccounts) {
      const [balance, votes, delegate] = await Promise.all([
        publicClient.readContract({ ...watt, functionName: "balanceOf", args: [w.id as Address] }),
        publicClient.readContract({ ...watt, functionName: "getVotes", args: [w.id as Address] }),
        publicClient.readContract({ ...watt, functionName: "delegates", args: [w.id as Address] }),
      ]);
      assert.equal(w.balance, balance.toString(), `WATT balance of ${w.id}`);
      assert.equal(w.votes, votes.toString(), `votes of ${w.id}`);
      if (BigInt(delegate) !== 0n) assert.equal(w.delegate, lower(delegate), `delegate of ${w.id}`);
      sum += balance;
    }
    assert.equal(sum, await publicClient.readContract({ ...watt, functionName: "totalSupply" }));
    assert.ok(wattAccounts.filter((w) => BigInt(w.balance) > 0n).length >= 8, "vesting wallets, ecosystem, investors, staking vault");
  });

  it("indexes stakes per wallet as the staking contract holds them", async () => {
    const staking = { address: governance.staking.address, abi: abis.WattStaking } as const;
    assert.equal(govSeed.stakers.length, 3);
    for (const [i, staker] of govSeed.stakers.entries()) {
      const { wattAccount } = await query<{ wattAccount: WattRow }>(`{ wattAccount(id: "${lower(staker)}") { staked unstaking unlocksAt locked stakingRewardsPaid stakeEvents(orderBy: timestamp) { kind amount } } }`);
      const s = await publicClient.readContract({ ...staking, functionName: "staker", args: [staker] });
      assert.equal(wattAccount.staked, s.staked.toString());
      assert.equal(wattAccount.unstaking, s.coolingDown.toString());
      const lockedInVault = await publicClient.readContract({ address: governance.watt.address, abi: abis.WattToken, functionName: "stakedBalance", args: [staker] });
      assert.equal(wattAccount.locked, lockedInVault.toString());
      assert.equal(BigInt(wattAccount.staked), (100n + 50n * BigInt(i) - [0n, 50n, 20n][i]!) * 10n ** 18n);
      assert.deepEqual(wattAccount.stakeEvents.map((e) => e.kind), [["Staked", "RewardPaid"], ["Staked", "UnstakeRequested", "Withdrawn"], ["Staked", "UnstakeRequested"]][i]);
      if (i === 2) assert.equal(wattAccount.unlocksAt, s.unlocksAt.toString());
      if (i === 0) {
        const [paid] = await publicClient.getContractEvents({ ...staking, eventName: "RewardPaid", fromBlock: 0n });
        assert.ok(paid!.args.amount! > 0n);
        assert.equal(wattAccount.stakingRewardsPaid, paid!.args.amount!.toString());
      }
    }
    const { stakeEvents } = await query<{ stakeEvents: { kind: string; amount: string }[] }>('{ stakeEvents(where: { kind: "PoolFunded" }) { kind amount } }');
    assert.equal(stakeEvents.length, 1);
    assert.equal(stakeEvents[0]!.amount, (await publicClient.readContract({ ...staking, functionName: "totalFunded" })).toString());
  });

  it("records reward accruals per category, claims, and pending rewards as the RewardsManager reports them", async () => {
    const rewards = { address: governance.rewardsManager.address, abi: abis.RewardsManager } as const;
    const { rewardClaims } = await query<{ rewardClaims: { wattAccount: { id: string } }[] }>("{ rewardClaims(first: 100) { wattAccount { id } } }");
    assert.equal(rewardClaims.length, seed.investors.length, "every investor claimed once");
    for (const { wattAccount: { id } } of rewardClaims) {
      const { wattAccount: w } = await query<{ wattAccount: WattRow }>(
        `{ wattAccount(id: "${id}") { rewardsAccrued rewardsClaimed rewardsPending rewardClaims { amount } rewardAccruals { category amount } rewardsByCategory { category accrued } } }`,
      );
      const [pending, claimed] = await Promise.all([
        publicClient.readContract({ ...rewards, functionName: "pendingRewards", args: [id as Address] }),
        publicClient.readContract({ ...rewards, functionName: "claimedRewards", args: [id as Address] }),
      ]);
      assert.equal(w.rewardsPending, pending.toString(), `pending rewards of ${id}`);
      assert.equal(w.rewardsClaimed, claimed.toString(), `claimed rewards of ${id}`);
      assert.ok(claimed > 0n);
      assert.equal(BigInt(w.rewardsAccrued), pending + claimed);
      assert.equal(w.rewardAccruals.reduce((s, a) => s + BigInt(a.amount), 0n).toString(), w.rewardsAccrued);
      assert.equal(w.rewardsByCategory.reduce((s, c) => s + BigInt(c.accrued), 0n).toString(), w.rewardsAccrued);
    }
  });

  const proposalFields = "state proposalId description descriptionCid forVotes againstVotes abstainVotes voteCount eta executedAt asset { id } governor { id kind } votes(orderBy: timestamp) { support weight reason voter { id } }";
  interface ProposalRow {
    state: string; proposalId: string; description: string; descriptionCid: string; forVotes: string; againstVotes: string; abstainVotes: string;
    voteCount: number; eta: string | null; executedAt: string | null; asset: { id: string } | null; governor: { id: string; kind: string };
    votes: { support: number; weight: string; reason: string; voter: { id: string } }[];
  }
  async function assertTallies(p: ProposalRow, governor: Address, abi: typeof abis.PlatformGovernor | typeof abis.AssetGovernor, id: bigint) {
    const [against, forVotes, abstain] = (await publicClient.readContract({ address: governor, abi: abi as typeof abis.PlatformGovernor, functionName: "proposalVotes", args: [id] })) as readonly [bigint, bigint, bigint];
    assert.deepEqual([p.againstVotes, p.forVotes, p.abstainVotes], [against, forVotes, abstain].map(String));
    const bySupport = [0n, 0n, 0n];
    for (const v of p.votes) bySupport[v.support]! += BigInt(v.weight);
    assert.deepEqual(bySupport, [against, forVotes, abstain]);
    assert.equal(p.descriptionCid, p.description.slice("ipfs://".length));
  }

  it("indexes the executed platform proposal with its votes, reasons and tallies", async () => {
    const governor = governance.governor.address;
    const { proposal } = await query<{ proposal: ProposalRow }>(`{ proposal(id: "${proposalKey(governor, govSeed.executedPlatformProposal)}") { ${proposalFields} } }`);
    assert.equal(proposal.proposalId, govSeed.executedPlatformProposal.toString());
    assert.equal(proposal.state, "Executed");
    assert.ok(proposal.eta && proposal.executedAt);
    assert.equal(proposal.governor.kind, "Platform");
    assert.equal(proposal.asset, null);
    assert.equal(proposal.voteCount, 6);
    assert.equal(proposal.votes.length, 6);
    assert.ok(proposal.votes.some((v) => v.reason === "good for liquidity"));
    assert.equal(proposal.votes.filter((v) => v.support === 0).length, 1);
    await assertTallies(proposal, governor, abis.PlatformGovernor, govSeed.executedPlatformProposal);
  });

  it("indexes the active platform proposal", async () => {
    const governor = governance.governor.address;
    const { proposal } = await query<{ proposal: ProposalRow }>(`{ proposal(id: "${proposalKey(governor, govSeed.activePlatformProposal)}") { ${proposalFields} } }`);
    assert.equal(proposal.state, "Active");
    assert.equal(proposal.voteCount, 2);
    assert.equal(proposal.eta, null);
    await assertTallies(proposal, governor, abis.PlatformGovernor, govSeed.activePlatformProposal);
    const onChainState = await publicClient.readContract({ address: governor, abi: abis.PlatformGovernor, functionName: "state", args: [govSeed.activePlatformProposal] });
    // No lifecycle event since creation; the test's unstake cooldown has since ended its voting period (Defeated /
    // Succeeded on the clock), but it was never canceled, queued or executed.
    assert.ok([0, 1, 3, 4].includes(onChainState), `on-chain state ${onChainState}`);
  });

  it("indexes the wind asset's governor through the factory's template, linked to the asset", async () => {
    const { governor } = await query<{ governor: { kind: string; asset: { id: string }; timelock: string; votesToken: string; proposalCount: number } }>(
      `{ governor(id: "${lower(govSeed.windGovernance.governor)}") { kind asset { id } timelock votesToken proposalCount } }`,
    );
    assert.equal(governor.kind, "Asset");
    assert.equal(governor.asset.id, String(seed.assetIds.wind));
    assert.equal(governor.timelock, lower(govSeed.windGovernance.timelock));
    assert.equal(governor.votesToken, lower(govSeed.windGovernance.votes));
    assert.equal(governor.proposalCount, 1);
    const { proposal } = await query<{ proposal: ProposalRow }>(`{ proposal(id: "${proposalKey(govSeed.windGovernance.governor, govSeed.activeAssetProposal)}") { ${proposalFields} } }`);
    assert.equal(proposal.state, "Active");
    assert.equal(proposal.asset!.id, String(seed.assetIds.wind));
    assert.ok(proposal.voteCount >= 2);
    assert.equal(proposal.votes.filter((v) => v.support === 2).length, 1, "the last holder abstained");
    await assertTallies(proposal, govSeed.windGovernance.governor, abis.AssetGovernor, govSeed.activeAssetProposal);
  });

  it("indexes every vesting wallet of the record with its schedule, releases and delegation as the wallet reports them", async () => {
    const { vestingWallets } = await query<{
      vestingWallets: {
        id: string; name: string; beneficiary: { id: string }; allocation: string; start: string; cliffEnd: string; durationSeconds: string;
        released: string; delegatee: string | null; releases: { token: string; amount: string; beneficiary: string }[];
      }[];
    }>("{ vestingWallets(orderBy: name) { id name beneficiary { id } allocation start cliffEnd durationSeconds released delegatee releases { token amount beneficiary } } }");
    const records = [...(platform.deployment.vestingWallets ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    assert.equal(vestingWallets.length, 4);
    assert.deepEqual(vestingWallets.map((w) => w.name), records.map((r) => r.name));
    const watt = governance.watt.address;
    for (const [i, w] of vestingWallets.entries()) {
      const contract = { address: records[i]!.address, abi: abis.VotingVestingWallet } as const;
      const [owner, start, cliff, duration, released] = await Promise.all([
        publicClient.readContract({ ...contract, functionName: "owner" }),
        publicClient.readContract({ ...contract, functionName: "start" }),
        publicClient.readContract({ ...contract, functionName: "cliff" }),
        publicClient.readContract({ ...contract, functionName: "duration" }),
        publicClient.readContract({ ...contract, functionName: "released", args: [watt] }),
      ]);
      assert.equal(w.id, lower(records[i]!.address));
      assert.equal(w.beneficiary.id, lower(owner), `beneficiary of ${w.name}`);
      assert.equal(w.allocation, records[i]!.allocation);
      assert.equal([w.start, w.cliffEnd, w.durationSeconds].join(), [start, cliff, duration].join(), `schedule of ${w.name}`);
      assert.equal(w.released, released.toString(), `released from ${w.name}`);
      assert.equal(w.releases.reduce((sum, r) => sum + BigInt(r.amount), 0n), released);
    }
    const byName = Object.fromEntries(vestingWallets.map((w) => [w.name, w]));
    // The seed released the whole launch tranche to the ecosystem wallet and delegated the team's locked votes to #0.
    assert.equal(byName["ecosystem-launch"]!.released, byName["ecosystem-launch"]!.allocation);
    assert.equal(byName["ecosystem-launch"]!.releases[0]!.token, lower(watt));
    const teamDelegate = await governance.watt.read.delegates([byName["team"]!.id as Address]);
    assert.notEqual(BigInt(teamDelegate), 0n);
    assert.equal(byName["team"]!.delegatee, lower(teamDelegate));
    assert.equal(byName["team"]!.released, "0");
  });
});
