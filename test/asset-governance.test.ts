import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, type Address } from "viem";
import { STATUS, eur, orderParams, SIDE } from "./helpers/fixture.ts";
import {
  governanceFixture,
  ipfs,
  propose,
  PROPOSAL_STATE,
  toDeadline,
  toVoting,
  VOTE,
  type GovernanceFixture,
} from "./helpers/governance-fixture.ts";

describe("per-asset governance (AssetGovernorFactory clones: governor, timelock, votes adapter)", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;

  /** Governance for the active asset; alice (4,000), bob (3,000), carol (3,000) delegate to themselves. */
  const assetGoverned = async () => {
    const f = await governanceFixture(connection);
    const { alice, bob, carol } = f.wallets;
    await f.gov.factory.write.createAssetGovernance([f.assetId]);
    const record = await f.gov.factory.read.governanceOf([f.assetId]);
    const governor = await viem.getContractAt("AssetGovernor", record.governor);
    const timelock = await viem.getContractAt("AssetTimelock", record.timelock);
    const votes = await viem.getContractAt("AssetVotes", record.votes);
    for (const holder of [alice, bob, carol]) {
      await f.energyAsset.write.delegate([f.assetId, holder.account.address], { account: holder.account });
    }
    // The asset's reserve: 50,000 dEUR held by its timelock.
    await f.stablecoin.write.faucet([timelock.address, eur(50_000)]);
    await networkHelpers.mine(1);
    return { ...f, asset: { governor, timelock, votes } };
  };
  type AssetFixture = Awaited<ReturnType<typeof assetGoverned>>;

  const call = (f: GovernanceFixture, functionName: "setOperator" | "decommissionAsset", args: readonly unknown[]) =>
    encodeFunctionData({ abi: f.energyAsset.abi, functionName, args } as never);

  /** Proposes `calldatas` on `targets` as alice, alice and bob vote for, and the vote ends. */
  const passed = async (f: AssetFixture, targets: Address[], calldatas: `0x${string}`[], description = ipfs()) => {
    const { alice, bob } = f.wallets;
    const p = await propose(f, f.asset.governor, alice.account.address, targets, calldatas, description);
    await toVoting(f, f.asset.governor, p.id);
    await f.asset.governor.write.castVote([p.id, VOTE.For], { account: alice.account });
    await f.asset.governor.write.castVote([p.id, VOTE.For], { account: bob.account });
    await toDeadline(f, f.asset.governor, p.id);
    return p;
  };

  const queueAndExecute = async (f: AssetFixture, p: Awaited<ReturnType<typeof passed>>) => {
    await f.asset.governor.write.queue([p.targets, p.values, p.calldatas, p.hash]);
    await networkHelpers.time.increase(Number(await f.asset.timelock.read.getMinDelay()));
    await f.asset.governor.write.execute([p.targets, p.values, p.calldatas, p.hash]);
  };

  it("clones once per Active asset and registers the timelock as the asset's governance", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { asset } = f;
    assert.equal(getAddress(await f.energyAsset.read.assetGovernance([f.assetId])), getAddress(asset.timelock.address));
    assert.equal(await f.gov.factory.read.isAssetGovernor([asset.governor.address]), true);
    assert.equal(getAddress(await asset.governor.read.token()), getAddress(asset.votes.address));
    assert.equal(getAddress(await asset.governor.read.timelock()), getAddress(asset.timelock.address));
    assert.equal(await asset.votes.read.assetId(), f.assetId);
    assert.equal(await asset.governor.read.CLOCK_MODE(), "mode=timestamp");
    assert.equal(await asset.governor.read.proposalThreshold(), 100n); // 1 % of 10,000 shares
    assert.equal(await asset.votes.read.getVotes([f.wallets.alice.account.address]), 4_000n);
    await viem.assertions.revertWithCustomError(
      f.gov.factory.write.createAssetGovernance([f.assetId]),
      f.gov.factory,
      "AssetGovernanceExists",
    );
    await viem.assertions.revertWithCustomError(
      asset.votes.read.delegate([f.wallets.alice.account.address]),
      asset.votes,
      "AssetVotesDelegateOnEnergyAsset",
    );
    // Asset 2 does not exist yet.
    await viem.assertions.revertWithCustomError(
      f.gov.factory.write.createAssetGovernance([2n]),
      f.energyAsset,
      "UnknownAsset",
    );
  });

  it("holders approve a maintenance spend from the reserve, within the reserve policy they set", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { operator } = f.wallets;
    const { timelock } = f.asset;
    const policy = encodeFunctionData({
      abi: timelock.abi,
      functionName: "setReservePolicy",
      args: [{ minimumReserve: eur(20_000), maxMaintenanceSpend: eur(25_000) }],
    });
    const spend = encodeFunctionData({
      abi: timelock.abi,
      functionName: "spendMaintenance",
      args: [operator.account.address, eur(12_000), "bafkreiinvoice"],
    });
    const before = await f.stablecoin.read.balanceOf([operator.account.address]);
    const p = await passed(f, [timelock.address, timelock.address], [policy, spend], ipfs("/maintenance"));
    await queueAndExecute(f, p);
    assert.equal(await f.asset.governor.read.state([p.id]), PROPOSAL_STATE.Executed);
    assert.equal(await f.stablecoin.read.balanceOf([operator.account.address]), before + eur(12_000));
    assert.equal(await timelock.read.reserveBalance(), eur(38_000));
    assert.deepEqual(await timelock.read.reservePolicy(), { minimumReserve: eur(20_000), maxMaintenanceSpend: eur(25_000) });
    // A spend that would leave less than the minimum reserve fails at execution.
    const tooMuch = encodeFunctionData({
      abi: timelock.abi,
      functionName: "spendMaintenance",
      args: [operator.account.address, eur(19_000), "bafkreiinvoice2"],
    });
    const q = await passed(f, [timelock.address], [tooMuch], ipfs("/too-much"));
    await f.asset.governor.write.queue([q.targets, q.values, q.calldatas, q.hash]);
    await networkHelpers.time.increase(Number(await timelock.read.getMinDelay()));
    await viem.assertions.revertWithCustomError(
      f.asset.governor.write.execute([q.targets, q.values, q.calldatas, q.hash]),
      timelock,
      "ReservePolicyViolated",
    );
    // Nobody but the timelock itself may spend.
    await viem.assertions.revertWithCustomError(
      timelock.write.spendMaintenance([operator.account.address, 1n, "x"], { account: operator.account }),
      timelock,
      "AssetTimelockOnlySelf",
    );
  });

  it("holders replace the operator and decommission the asset; other assets stay out of reach", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { dave } = f.wallets;
    const p = await passed(
      f,
      [f.energyAsset.address, f.energyAsset.address],
      [call(f, "setOperator", [f.assetId, dave.account.address]), call(f, "decommissionAsset", [f.assetId, "end of life"])],
    );
    await queueAndExecute(f, p);
    const state = await f.energyAsset.read.asset([f.assetId]);
    assert.equal(getAddress(state.operator), getAddress(dave.account.address));
    assert.equal(state.status, STATUS.Decommissioned);
    // The asset's timelock has no power over another asset.
    await viem.assertions.revertWithCustomError(
      f.energyAsset.write.setOperator([f.assetId + 1n, dave.account.address], { account: f.wallets.eve.account }),
      f.energyAsset,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("defeats, cancels and expires asset proposals", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { alice, bob, carol, dave } = f.wallets;
    const { governor } = f.asset;
    const change = [call(f, "setOperator", [f.assetId, dave.account.address])];
    const defeated = await propose(f, governor, alice.account.address, [f.energyAsset.address], change, ipfs("/1"));
    const cancelled = await propose(f, governor, alice.account.address, [f.energyAsset.address], change, ipfs("/2"));
    const expired = await propose(f, governor, alice.account.address, [f.energyAsset.address], change, ipfs("/3"));
    await governor.write.cancel([cancelled.targets, cancelled.values, cancelled.calldatas, cancelled.hash], {
      account: alice.account,
    });
    await toVoting(f, governor, defeated.id);
    await governor.write.castVote([defeated.id, VOTE.For], { account: carol.account });
    await governor.write.castVote([defeated.id, VOTE.Against], { account: alice.account });
    await governor.write.castVote([expired.id, VOTE.For], { account: alice.account });
    await governor.write.castVote([expired.id, VOTE.Abstain], { account: bob.account });
    await toDeadline(f, governor, expired.id);
    assert.equal(await governor.read.state([defeated.id]), PROPOSAL_STATE.Defeated);
    assert.equal(await governor.read.state([cancelled.id]), PROPOSAL_STATE.Canceled);
    assert.equal(await governor.read.state([expired.id]), PROPOSAL_STATE.Succeeded);
    await networkHelpers.time.increase(Number(await governor.read.QUEUE_GRACE_PERIOD()));
    assert.equal(await governor.read.state([expired.id]), PROPOSAL_STATE.Expired);
  });

  it("refuses a second vote, shares bought after the snapshot, a proposer below the threshold, early execution", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { alice, bob, dave, operator } = f.wallets;
    const { governor, timelock } = f.asset;
    const change = [call(f, "setOperator", [f.assetId, operator.account.address])];
    // dave holds nothing: below the 1 % threshold.
    await viem.assertions.revertWithCustomError(
      governor.write.propose([[f.energyAsset.address], [0n], change, ipfs()], { account: dave.account }),
      governor,
      "GovernorInsufficientProposerVotes",
    );
    const p = await propose(f, governor, alice.account.address, [f.energyAsset.address], change);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      governor.write.castVote([p.id, VOTE.For], { account: alice.account }),
      governor,
      "GovernorAlreadyCastVote",
    );
    // dave buys 500 shares from bob on the order book after the snapshot, delegates and tries to vote.
    await f.stablecoin.write.approve([f.orderBook.address, 2n ** 256n - 1n], { account: dave.account });
    await f.orderBook.write.placeOrder([orderParams(f.assetId, SIDE.Sell, eur(100), 500n)], { account: bob.account });
    await f.orderBook.write.placeOrder([orderParams(f.assetId, SIDE.Buy, eur(100), 500n)], { account: dave.account });
    assert.equal(await f.energyAsset.read.balanceOf([dave.account.address, f.assetId]), 500n);
    await f.energyAsset.write.delegate([f.assetId, dave.account.address], { account: dave.account });
    await viem.assertions.revertWithCustomError(
      governor.write.castVote([p.id, VOTE.Against], { account: dave.account }),
      governor,
      "GovernorNoVotingPower",
    );
    await governor.write.castVote([p.id, VOTE.For], { account: bob.account }); // bob's snapshot weight: 3,000
    const [, forVotes] = await governor.read.proposalVotes([p.id]);
    assert.equal(forVotes, 7_000n);
    await toDeadline(f, governor, p.id);
    await governor.write.queue([p.targets, p.values, p.calldatas, p.hash]);
    await viem.assertions.revertWithCustomError(
      governor.write.execute([p.targets, p.values, p.calldatas, p.hash]),
      timelock,
      "TimelockUnexpectedOperationState",
    );
  });

  it("a vote on an asset proposal earns the usage reward, once per identity", async () => {
    const f = await networkHelpers.loadFixture(assetGoverned);
    const { alice } = f.wallets;
    const { governor } = f.asset;
    const p = await propose(f, governor, alice.account.address, [f.energyAsset.address], [call(f, "setOperator", [f.assetId, alice.account.address])]);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: alice.account });
    await f.gov.rewardsManager.write.accrueVotingReward([governor.address, p.id], { account: alice.account });
    assert.equal(await f.gov.rewardsManager.read.pendingRewards([alice.account.address]), 10n ** 19n);
    await viem.assertions.revertWithCustomError(
      f.gov.rewardsManager.write.accrueVotingReward([governor.address, p.id], { account: alice.account }),
      f.gov.rewardsManager,
      "RewardAlreadyGranted",
    );
  });
});
