/**
 * Governance and rewards gas, for `npm run bench` (called from bench/run.ts): castVote on the asset and
 * platform governors beside castVote on a plain OpenZeppelin Governor over a plain ERC20Votes deployed in
 * the same run; propose; execute; reward accrual and claim; stake; unstake.
 * Every vote measured is the second vote on its proposal (the tally slot already written), so the three
 * castVote figures compare like with like.
 */
import type { NetworkConnection } from "hardhat/types/network";
import { encodeFunctionData, parseEther, type Hash } from "viem";
import { ipfs, propose, toDeadline, toVoting, VOTE, votingFixture } from "../test/helpers/governance-fixture.ts";

interface BenchTools {
  gasOf: (hash: Promise<Hash>) => Promise<number>;
  record: (name: string, value: number, extra?: { note?: string }) => void;
  compare: (name: string, baseline: string, target?: number) => void;
}

export async function benchGovernance(connection: NetworkConnection, { gasOf, record, compare }: BenchTools) {
  const { viem, networkHelpers } = connection;
  const f = await votingFixture(connection);
  const { admin, treasury, alice, bob, carol } = f.wallets;

  // ---- baseline: plain OZ Governor over plain ERC20Votes
  const plainToken = await viem.deployContract("PlainERC20Votes");
  const plainGovernor = await viem.deployContract("PlainGovernor", [plainToken.address]);
  for (const voter of [alice, bob]) {
    await plainToken.write.mint([voter.account.address, parseEther("1000")]);
    await plainToken.write.delegate([voter.account.address], { account: voter.account });
  }
  await networkHelpers.mine();
  const plain = await propose(f, plainGovernor, alice.account.address, [plainToken.address], ["0x"]);
  await networkHelpers.mine(2); // plain ERC20Votes clocks by block number: voting starts after the delay of 1 block
  await plainGovernor.write.castVote([plain.id, VOTE.For], { account: alice.account });
  const baseline = "baseline: OZ Governor castVote (plain ERC20Votes)";
  record(baseline, await gasOf(plainGovernor.write.castVote([plain.id, VOTE.For], { account: bob.account })));

  // ---- platform governor: propose, castVote, queue, execute (a trading-fee change on the order book)
  const { governor, timelock, rewardsManager, staking, watt, factory } = f.gov;
  const feeCall = encodeFunctionData({ abi: f.orderBook.abi, functionName: "setFee", args: [30] });
  const values = [0n];
  record(
    "PlatformGovernor: propose (1 call)",
    await gasOf(governor.write.propose([[f.orderBook.address], values, [feeCall], ipfs()], { account: admin.account })),
  );
  const p = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeCall], ipfs("/2"));
  await toVoting(f, governor, p.id);
  await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
  record("PlatformGovernor: castVote (WATT)", await gasOf(governor.write.castVote([p.id, VOTE.For], { account: treasury.account })));
  compare("PlatformGovernor: castVote (WATT)", baseline, 1.2);
  await toDeadline(f, governor, p.id);
  record("PlatformGovernor: queue", await gasOf(governor.write.queue([p.targets, p.values, p.calldatas, p.hash])));
  await networkHelpers.time.increase(Number(await timelock.read.getMinDelay()));
  record(
    "PlatformGovernor: execute (via timelock)",
    await gasOf(governor.write.execute([p.targets, p.values, p.calldatas, p.hash])),
  );

  // ---- asset governor: create (clones), castVote
  for (const holder of [alice, bob, carol]) {
    await f.energyAsset.write.delegate([f.assetId, holder.account.address], { account: holder.account });
  }
  record("AssetGovernorFactory: createAssetGovernance (2 clones + votes adapter)", await gasOf(factory.write.createAssetGovernance([f.assetId])));
  const assetGovernor = await viem.getContractAt("AssetGovernor", (await factory.read.governanceOf([f.assetId])).governor);
  const operatorCall = encodeFunctionData({
    abi: f.energyAsset.abi,
    functionName: "setOperator",
    args: [f.assetId, carol.account.address],
  });
  const a = await propose(f, assetGovernor, alice.account.address, [f.energyAsset.address], [operatorCall]);
  await toVoting(f, assetGovernor, a.id);
  await assetGovernor.write.castVote([a.id, VOTE.For], { account: alice.account });
  record("AssetGovernor: castVote (asset shares)", await gasOf(assetGovernor.write.castVote([a.id, VOTE.For], { account: bob.account })));
  compare("AssetGovernor: castVote (asset shares)", baseline, 1.2);

  // ---- rewards
  record("RewardsManager: accrueOnboarding", await gasOf(rewardsManager.write.accrueOnboarding({ account: alice.account })));
  await rewardsManager.write.accrueOnboarding({ account: bob.account });
  record("RewardsManager: claim (mints WATT)", await gasOf(rewardsManager.write.claim({ account: alice.account })), {
    note: "first WATT of the wallet",
  });

  // ---- staking (1 WATT/s from a funded pool, 1-hour cooldown in the test settings)
  await watt.write.transfer([bob.account.address, parseEther("10000")], { account: treasury.account });
  await watt.write.transfer([carol.account.address, parseEther("10000")], { account: treasury.account });
  await watt.write.delegate([bob.account.address], { account: bob.account });
  await watt.write.approve([staking.address, parseEther("100000")], { account: treasury.account });
  await staking.write.fund([parseEther("100000")], { account: treasury.account });
  await staking.write.stake([parseEther("1000")], { account: carol.account });
  record("WattStaking: stake (first stake, delegated staker)", await gasOf(staking.write.stake([parseEther("1000")], { account: bob.account })));
  await networkHelpers.time.increase(3_600);
  record("WattStaking: claimRewards", await gasOf(staking.write.claimRewards({ account: bob.account })));
  record("WattStaking: unstake (starts cooldown)", await gasOf(staking.write.unstake([parseEther("500")], { account: bob.account })));
  await networkHelpers.time.increase(3_600);
  record("WattStaking: withdraw (after cooldown)", await gasOf(staking.write.withdraw({ account: bob.account })));
}
