import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseEther, parseEventLogs } from "viem";
import { REWARD_CATEGORY } from "../scripts/lib/deploy-governance.ts";
import {
  governanceFixture,
  propose,
  toVoting,
  VOTE,
  votingFixture,
} from "./helpers/governance-fixture.ts";

describe("RewardsManager (on-chain points ledger, once per identity)", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const fixture = () => governanceFixture(connection);
  const voting = () => votingFixture(connection);

  it("accrues onboarding to a verified wallet, shows it pending, mints it on claim with events", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const { alice } = f.wallets;
    const { rewardsManager, watt } = f.gov;
    const hash = await rewardsManager.write.accrueOnboarding({ account: alice.account });
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const [accrued] = parseEventLogs({ abi: rewardsManager.abi, logs: receipt.logs, eventName: "RewardAccrued" });
    assert.equal(accrued!.args.category, REWARD_CATEGORY.Onboarding);
    assert.equal(accrued!.args.amount, parseEther("100"));
    assert.equal(await rewardsManager.read.pendingRewards([alice.account.address]), parseEther("100"));
    await rewardsManager.write.claim({ account: alice.account });
    assert.equal(await watt.read.balanceOf([alice.account.address]), parseEther("100"));
    assert.equal(await rewardsManager.read.pendingRewards([alice.account.address]), 0n);
    assert.equal(await rewardsManager.read.claimedRewards([alice.account.address]), parseEther("100"));
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.claim({ account: alice.account }),
      rewardsManager,
      "NothingToClaim",
    );
  });

  it("refuses a second onboarding through another wallet of the same identity, and unverified wallets", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const { alice, eve, ops } = f.wallets;
    const { rewardsManager } = f.gov;
    const identity = await f.identityRegistry.read.identityOf([alice.account.address]);
    await f.identityRegistry.write.linkWallet([identity, eve.account.address], { account: ops.account });
    await rewardsManager.write.accrueOnboarding({ account: alice.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      rewardsManager.write.accrueOnboarding({ account: eve.account }),
      rewardsManager,
      "RewardAlreadyGranted",
      [REWARD_CATEGORY.Onboarding, identity, 0n],
    );
    await rewardsManager.write.accrueFirstInvestment([f.assetId], { account: alice.account });
    // eve (alice's second wallet) holds shares too, and is still refused.
    await f.energyAsset.write.safeTransferFrom([alice.account.address, eve.account.address, f.assetId, 1n, "0x"], {
      account: alice.account,
    });
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueFirstInvestment([f.assetId], { account: eve.account }),
      rewardsManager,
      "RewardAlreadyGranted",
    );
    const stranger = (await viem.getWalletClients())[12]!;
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueOnboarding({ account: stranger.account }),
      rewardsManager,
      "UnverifiedWallet",
    );
    // Revoked KYC: pending rewards cannot be claimed until verified again.
    await f.identityRegistry.write.revokeIdentity([identity, "sanctions screening"], { account: ops.account });
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.claim({ account: alice.account }),
      rewardsManager,
      "UnverifiedWallet",
    );
  });

  it("rewards a first investment only to a holder of the asset", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const { alice, dave } = f.wallets;
    const { rewardsManager } = f.gov;
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueFirstInvestment([f.assetId], { account: dave.account }),
      rewardsManager,
      "NoInvestment",
    );
    await rewardsManager.write.accrueFirstInvestment([f.assetId], { account: alice.account });
    assert.equal(await rewardsManager.read.pendingRewards([alice.account.address]), parseEther("250"));
  });

  it("rewards both sides of a referral, once per referee, capped per referrer", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const { admin, alice, bob, carol, dave, eve } = f.wallets;
    const { rewardsManager } = f.gov;
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueReferral([eve.account.address], { account: bob.account }),
      rewardsManager,
      "InvalidReferrer",
    );
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueReferral([bob.account.address], { account: bob.account }),
      rewardsManager,
      "InvalidReferrer",
    );
    await rewardsManager.write.setMaxReferralsPerReferrer([2n], { account: admin.account });
    await rewardsManager.write.accrueReferral([alice.account.address], { account: bob.account });
    await rewardsManager.write.accrueReferral([alice.account.address], { account: carol.account });
    assert.equal(await rewardsManager.read.pendingRewards([alice.account.address]), parseEther("100"));
    assert.equal(await rewardsManager.read.pendingRewards([bob.account.address]), parseEther("50"));
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueReferral([alice.account.address], { account: dave.account }),
      rewardsManager,
      "ReferralCapReached",
    );
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueReferral([dave.account.address], { account: bob.account }),
      rewardsManager,
      "RewardAlreadyGranted",
    );
  });

  it("rewards a vote once per identity and proposal, on rewarded governors only", async () => {
    const f = await networkHelpers.loadFixture(voting);
    const { admin, alice, ops } = f.wallets;
    const { rewardsManager, governor } = f.gov;
    const p = await propose(f, governor, admin.account.address, [f.orderBook.address], ["0x"]);
    await toVoting(f, governor, p.id);
    // alice did not vote; the admin (verified here) votes and is rewarded once.
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueVotingReward([governor.address, p.id], { account: alice.account }),
      rewardsManager,
      "NotVoted",
    );
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueVotingReward([f.orderBook.address, p.id], { account: alice.account }),
      rewardsManager,
      "GovernorNotRewarded",
    );
    const now = BigInt(await networkHelpers.time.latest());
    await f.identityRegistry.write.registerIdentity([admin.account.address, 276, 0, now + 3600n * 24n * 365n], {
      account: ops.account,
    });
    await governor.write.castVote([p.id, VOTE.For], { account: admin.account });
    await rewardsManager.write.accrueVotingReward([governor.address, p.id], { account: admin.account });
    assert.equal(await rewardsManager.read.pendingRewards([admin.account.address]), parseEther("10"));
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueVotingReward([governor.address, p.id], { account: admin.account }),
      rewardsManager,
      "RewardAlreadyGranted",
    );
  });

  it("enforces each category's rate limit per period and its lifetime budget", async () => {
    const f = await networkHelpers.loadFixture(fixture);
    const { admin, alice, bob, carol } = f.wallets;
    const { rewardsManager } = f.gov;
    const config = { amount: parseEther("100"), budget: parseEther("250"), periodLimit: parseEther("100"), period: 3_600n };
    await rewardsManager.write.configureCategory([REWARD_CATEGORY.Onboarding, config], { account: admin.account });
    await rewardsManager.write.accrueOnboarding({ account: alice.account });
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueOnboarding({ account: bob.account }),
      rewardsManager,
      "CategoryRateLimited",
    );
    await networkHelpers.time.increase(3_600);
    await rewardsManager.write.accrueOnboarding({ account: bob.account });
    await networkHelpers.time.increase(3_600);
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.accrueOnboarding({ account: carol.account }),
      rewardsManager,
      "CategoryBudgetExhausted",
    );
    // Budgets together may not exceed the rewards allocation, nor fall below what was granted.
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.configureCategory(
        [REWARD_CATEGORY.Usage, { ...config, budget: parseEther("1000000000") }],
        { account: admin.account },
      ),
      rewardsManager,
      "BudgetsExceedAllocation",
    );
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.configureCategory([REWARD_CATEGORY.Onboarding, { ...config, budget: parseEther("100") }], {
        account: admin.account,
      }),
      rewardsManager,
      "InvalidCategoryConfig",
    );
    await viem.assertions.revertWithCustomError(
      rewardsManager.write.configureCategory([REWARD_CATEGORY.Onboarding, config], { account: alice.account }),
      rewardsManager,
      "AccessControlUnauthorizedAccount",
    );
  });
});
