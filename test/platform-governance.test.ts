import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import { encodeFunctionData, parseEther, zeroAddress } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  governanceFixture,
  ipfs,
  propose,
  PROPOSAL_STATE,
  toDeadline,
  toVoting,
  VOTE,
  votingFixture,
  type GovernanceFixture,
} from "./helpers/governance-fixture.ts";

describe("platform governance (PlatformGovernor + PlatformTimelock on WATT)", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const upgradesApi = await upgrades(hre, connection);
  const voting = () => votingFixture(connection);

  const feeChange = (f: GovernanceFixture, feeBps: number) =>
    encodeFunctionData({ abi: f.orderBook.abi, functionName: "setFee", args: [feeBps] });

  it("runs propose → vote → queue → execute: the timelock changes the order book's trading fee", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, treasury } = f.wallets;
    const { governor, timelock } = f.gov;
    assert.equal(await governor.read.clock(), await f.gov.watt.read.clock());
    assert.equal(await governor.read.CLOCK_MODE(), "mode=timestamp");
    const p = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 30)]);
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Pending);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
    await governor.write.castVoteWithReason([p.id, VOTE.Against, "too low"], { account: treasury.account });
    const [against, forVotes] = await governor.read.proposalVotes([p.id]);
    assert.equal(forVotes, parseEther("150000000"));
    assert.equal(against, parseEther("50000000"));
    await toDeadline(f, governor, p.id);
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Succeeded);
    await governor.write.queue([p.targets, p.values, p.calldatas, p.hash]);
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Queued);
    // Executing before the timelock delay is refused by the timelock.
    await viem.assertions.revertWithCustomError(
      governor.write.execute([p.targets, p.values, p.calldatas, p.hash]),
      timelock,
      "TimelockUnexpectedOperationState",
    );
    await networkHelpers.time.increase(Number(await timelock.read.getMinDelay()));
    await governor.write.execute([p.targets, p.values, p.calldatas, p.hash]);
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Executed);
    assert.equal(await f.orderBook.read.feeBps(), 30);
  });

  it("defeats a proposal voted down (a parallel one passes)", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, treasury } = f.wallets;
    const { governor } = f.gov;
    const down = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 10)], ipfs("/down"));
    const quiet = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 20)], ipfs("/quiet"));
    await toVoting(f, governor, quiet.id);
    await governor.write.castVote([down.id, VOTE.Against], { account: admin.account });
    await governor.write.castVote([down.id, VOTE.For], { account: treasury.account });
    await governor.write.castVote([quiet.id, VOTE.For], { account: treasury.account }); // 50M of 700M: above the 4 % quorum
    await toDeadline(f, governor, quiet.id);
    assert.equal(await governor.read.state([down.id]), PROPOSAL_STATE.Defeated);
    assert.equal(await governor.read.state([quiet.id]), PROPOSAL_STATE.Succeeded);
    await viem.assertions.revertWithCustomError(
      governor.write.queue([down.targets, down.values, down.calldatas, down.hash]),
      governor,
      "GovernorUnexpectedProposalState",
    );
  });

  it("defeats a proposal below quorum", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, alice } = f.wallets;
    const { governor, rewardsManager, watt } = f.gov;
    // alice earns 100 WATT onboarding and votes alone: far below 4 % of the supply.
    await rewardsManager.write.accrueOnboarding({ account: alice.account });
    await rewardsManager.write.claim({ account: alice.account });
    await watt.write.delegate([alice.account.address], { account: alice.account });
    const p = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 10)]);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: alice.account });
    await toDeadline(f, governor, p.id);
    assert.ok((await governor.read.quorum([await governor.read.proposalSnapshot([p.id])])) > parseEther("100"));
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Defeated);
  });

  it("cancels a pending proposal (proposer) and a queued one (timelock canceller)", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, treasury } = f.wallets;
    const { governor, timelock } = f.gov;
    const pending = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 10)], ipfs("/a"));
    await viem.assertions.revertWithCustomError(
      governor.write.cancel([pending.targets, pending.values, pending.calldatas, pending.hash], { account: treasury.account }),
      governor,
      "GovernorUnableToCancel",
    );
    await governor.write.cancel([pending.targets, pending.values, pending.calldatas, pending.hash], { account: admin.account });
    assert.equal(await governor.read.state([pending.id]), PROPOSAL_STATE.Canceled);

    const queued = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 20)], ipfs("/b"));
    await toVoting(f, governor, queued.id);
    await governor.write.castVote([queued.id, VOTE.For], { account: admin.account });
    await toDeadline(f, governor, queued.id);
    await governor.write.queue([queued.targets, queued.values, queued.calldatas, queued.hash]);
    // The deployer administers the test timelock (dev mode) and may grant a guardian the canceller role.
    await timelock.write.grantRole([await timelock.read.CANCELLER_ROLE(), admin.account.address], { account: admin.account });
    const operationId = await timelock.read.hashOperationBatch([queued.targets, queued.values, queued.calldatas, "0x" + "00".repeat(32) as `0x${string}`, await saltOf(f, queued.hash)]);
    await timelock.write.cancel([operationId], { account: admin.account });
    assert.equal(await governor.read.state([queued.id]), PROPOSAL_STATE.Canceled);
  });

  it("expires a succeeded proposal not queued within the grace period", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin } = f.wallets;
    const { governor } = f.gov;
    const p = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 10)]);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
    await toDeadline(f, governor, p.id);
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Succeeded);
    await networkHelpers.time.increase(Number(await governor.read.QUEUE_GRACE_PERIOD()));
    assert.equal(await governor.read.state([p.id]), PROPOSAL_STATE.Expired);
    await viem.assertions.revertWithCustomError(
      governor.write.queue([p.targets, p.values, p.calldatas, p.hash]),
      governor,
      "GovernorUnexpectedProposalState",
    );
  });

  it("refuses proposals below the threshold and descriptions that are not IPFS references", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, alice } = f.wallets;
    const { governor } = f.gov;
    await viem.assertions.revertWithCustomError(
      governor.write.propose([[f.orderBook.address], [0n], [feeChange(f, 10)], ipfs()], { account: alice.account }),
      governor,
      "GovernorInsufficientProposerVotes",
    );
    await viem.assertions.revertWithCustomError(
      governor.write.propose([[f.orderBook.address], [0n], [feeChange(f, 10)], "Lower the fee"], { account: admin.account }),
      governor,
      "GovernorDescriptionNotIpfs",
    );
  });

  it("refuses a second vote, a vote without weight at the snapshot, and a borrow-vote-return in one transaction", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, treasury, alice } = f.wallets;
    const { governor, watt } = f.gov;
    const p = await propose(f, governor, admin.account.address, [f.orderBook.address], [feeChange(f, 10)]);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
    await viem.assertions.revertWithCustomError(
      governor.write.castVote([p.id, VOTE.Against], { account: admin.account }),
      governor,
      "GovernorAlreadyCastVote",
    );
    // Tokens received after the snapshot carry no weight.
    await watt.write.transfer([alice.account.address, parseEther("1000000")], { account: treasury.account });
    await watt.write.delegate([alice.account.address], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      governor.write.castVote([p.id, VOTE.For], { account: alice.account }),
      governor,
      "GovernorNoVotingPower",
    );
    // A flash-loan style attack: borrow 10M WATT, delegate, vote and return within one transaction.
    const voter = await viem.deployContract("FlashLoanVoter");
    await watt.write.approve([voter.address, parseEther("10000000")], { account: treasury.account });
    await viem.assertions.revertWithCustomError(
      voter.write.borrowVoteReturn([watt.address, treasury.account.address, parseEther("10000000"), governor.address, p.id]),
      governor,
      "GovernorNoVotingPower",
    );
  });

  it("upgrades EnergyAsset through the timelock, with its storage intact", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, alice } = f.wallets;
    const { governor, timelock } = f.gov;
    await f.energyAsset.write.delegate([f.assetId, alice.account.address], { account: alice.account });
    const before = {
      balance: await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]),
      votes: await f.energyAsset.read.getVotes([f.assetId, alice.account.address]),
      spec: await f.energyAsset.read.assetSpec([f.assetId]),
      supply: await f.energyAsset.read.totalSupply([f.assetId]),
    };
    const implementation = (await upgradesApi.prepareUpgrade(f.energyAsset.address, "EnergyAssetV2Mock", {
      unsafeAllow: ["missing-initializer", "missing-initializer-call"],
    })) as `0x${string}`;
    const v2 = await viem.getContractAt("EnergyAssetV2Mock", f.energyAsset.address);
    const call = encodeFunctionData({
      abi: f.energyAsset.abi,
      functionName: "upgradeToAndCall",
      args: [implementation, encodeFunctionData({ abi: v2.abi, functionName: "initializeV2", args: ["governed upgrade"] })],
    });
    const p = await propose(f, governor, admin.account.address, [f.energyAsset.address], [call]);
    await toVoting(f, governor, p.id);
    await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
    await toDeadline(f, governor, p.id);
    await governor.write.queue([p.targets, p.values, p.calldatas, p.hash]);
    await networkHelpers.time.increase(Number(await timelock.read.getMinDelay()));
    await governor.write.execute([p.targets, p.values, p.calldatas, p.hash]);
    assert.equal(await upgradesApi.erc1967.getImplementationAddress(f.energyAsset.address), implementation);
    assert.equal(await v2.read.releaseNote(), "governed upgrade");
    assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), before.balance);
    assert.equal(await f.energyAsset.read.getVotes([f.assetId, alice.account.address]), before.votes);
    assert.deepEqual(await f.energyAsset.read.assetSpec([f.assetId]), before.spec);
    assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), before.supply);
  });

  it("production mode: the timelock holds every admin role and the deployer none", async () => {
    const f = await governanceFixture(connection, { production: true });
    const { admin } = f.wallets;
    const contracts = [
      f.identityRegistry, f.compliance, f.energyAsset, f.offering, f.orderBook, f.revenueDistributor,
      f.revenueSettlement, f.reportedProduction, f.gov.watt, f.gov.rewardsManager, f.gov.staking,
    ];
    for (const contract of contracts) {
      assert.equal(await contract.read.hasRole([roles.DEFAULT_ADMIN, f.gov.timelock.address]), true, contract.address);
      assert.equal(await contract.read.hasRole([roles.DEFAULT_ADMIN, admin.account.address]), false, contract.address);
    }
    assert.equal(await f.gov.timelock.read.hasRole([roles.DEFAULT_ADMIN, admin.account.address]), false);
    assert.equal(await f.gov.timelock.read.hasRole([roles.DEFAULT_ADMIN, f.gov.timelock.address]), true);
    assert.equal(await f.gov.timelock.read.hasRole([await f.gov.timelock.read.EXECUTOR_ROLE(), zeroAddress]), true);
    assert.equal(await f.gov.timelock.read.hasRole([await f.gov.timelock.read.PROPOSER_ROLE(), f.gov.governor.address]), true);
    await viem.assertions.revertWithCustomError(
      f.orderBook.write.setFee([10], { account: admin.account }),
      f.orderBook,
      "AccessControlUnauthorizedAccount",
    );
  });
});

async function saltOf(f: GovernanceFixture, descriptionHash: `0x${string}`) {
  // GovernorTimelockControl salts each operation with the governor address xor the description hash.
  const governor = BigInt(f.gov.governor.address) << 96n;
  return ("0x" + (governor ^ BigInt(descriptionHash)).toString(16).padStart(64, "0")) as `0x${string}`;
}
