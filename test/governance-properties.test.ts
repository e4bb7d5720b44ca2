/**
 * Property tests (fast-check) for WATT: total minted never exceeds the cap or any reward category's budget;
 * staking rewards paid never exceed the funded pool; votes equal delegated (wallet + staked) balances at
 * every snapshot. Each run replays a random action sequence on a fresh fixture snapshot and checks the
 * contracts against a model after every step.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { network } from "hardhat";
import { parseEther, zeroAddress, type Address } from "viem";
import { REWARD_CATEGORY } from "../scripts/lib/deploy-governance.ts";
import { votingFixture } from "./helpers/governance-fixture.ts";

const RUNS = Number(process.env.FC_RUNS ?? 1);
const fcParams = (numRuns: number) => ({
  numRuns: Math.max(1, Math.round(numRuns * RUNS)),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
});

/** Reverts we expect from bad actions; anything else fails the property. */
async function attempt(action: Promise<unknown>, allowed: RegExp): Promise<boolean> {
  try {
    await action;
    return true;
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (!allowed.test(message)) throw error;
    return false;
  }
}

describe("governance properties", async () => {
  const connection = await network.create();
  const { networkHelpers } = connection;

  /** votingFixture with small reward budgets (so runs exhaust them) and alice…eve, plus eve linked to alice. */
  const smallBudgets = async () => {
    const f = await votingFixture(connection);
    const { admin, alice, eve, ops } = f.wallets;
    const categories = [REWARD_CATEGORY.Onboarding, REWARD_CATEGORY.FirstInvestment, REWARD_CATEGORY.Referral];
    for (const category of categories) {
      await f.gov.rewardsManager.write.configureCategory(
        [category, { amount: parseEther("100"), budget: parseEther("350"), periodLimit: parseEther("200"), period: 3_600n }],
        { account: admin.account },
      );
    }
    const identity = await f.identityRegistry.read.identityOf([alice.account.address]);
    await f.identityRegistry.write.linkWallet([identity, eve.account.address], { account: ops.account });
    // The admin may also mint directly (a MINTER like the rewards path) to push against the cap.
    await f.gov.watt.write.grantRole([await f.gov.watt.read.MINTER_ROLE(), admin.account.address], { account: admin.account });
    return f;
  };

  it("total WATT minted never exceeds the cap or any category budget; each identity onboards once", async () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("onboard" as const), who: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant("invest" as const), who: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant("refer" as const), who: fc.nat({ max: 4 }), referrer: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant("claim" as const), who: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 7_200 }) }),
      fc.record({ kind: fc.constant("mint" as const), millions: fc.integer({ min: 1, max: 400 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const f = await networkHelpers.loadFixture(smallBudgets);
        const { rewardsManager, watt } = f.gov;
        const { admin, alice, bob, carol, dave, eve } = f.wallets;
        const actors = [alice, bob, carol, dave, eve];
        const initialSupply = await watt.read.totalSupply();
        const cap = await watt.read.cap();
        let claimed = 0n;
        let minted = 0n;
        const onboarded = new Set<bigint>();
        for (const step of actions) {
          if (step.kind === "wait") {
            await networkHelpers.time.increase(step.seconds);
          } else if (step.kind === "mint") {
            const amount = parseEther(String(step.millions * 1_000_000));
            const ok = await attempt(watt.write.mint([admin.account.address, amount], { account: admin.account }), /ERC20ExceededCap/);
            if (ok) minted += amount;
          } else {
            const wallet = actors[step.who]!;
            const identity = await f.identityRegistry.read.identityOf([wallet.account.address]);
            if (step.kind === "onboard") {
              const ok = await attempt(
                rewardsManager.write.accrueOnboarding({ account: wallet.account }),
                /RewardAlreadyGranted|CategoryBudgetExhausted|CategoryRateLimited|UnverifiedWallet/,
              );
              if (ok) {
                assert.ok(!onboarded.has(identity), "an identity onboarded twice");
                onboarded.add(identity);
              }
            } else if (step.kind === "invest") {
              await attempt(
                rewardsManager.write.accrueFirstInvestment([f.assetId], { account: wallet.account }),
                /RewardAlreadyGranted|CategoryBudgetExhausted|CategoryRateLimited|UnverifiedWallet|NoInvestment/,
              );
            } else if (step.kind === "refer") {
              await attempt(
                rewardsManager.write.accrueReferral([actors[step.referrer]!.account.address], { account: wallet.account }),
                /RewardAlreadyGranted|CategoryBudgetExhausted|CategoryRateLimited|UnverifiedWallet|InvalidReferrer|ReferralCapReached/,
              );
            } else {
              const pending = await rewardsManager.read.pendingRewards([wallet.account.address]);
              const ok = await attempt(rewardsManager.write.claim({ account: wallet.account }), /NothingToClaim|UnverifiedWallet/);
              if (ok) claimed += pending;
            }
          }
          const supply = await watt.read.totalSupply();
          assert.ok(supply <= cap, "supply above the cap");
          assert.equal(supply, initialSupply + claimed + minted, "supply = vesting + claimed rewards + direct mints");
          let granted = 0n;
          for (const category of Object.values(REWARD_CATEGORY)) {
            const state = await rewardsManager.read.categoryState([category]);
            const config = await rewardsManager.read.categoryConfig([category]);
            assert.ok(state.granted <= config.budget, `category ${category} above its budget`);
            granted += state.granted;
          }
          assert.ok(claimed <= granted, "claimed more than granted");
        }
      }),
      fcParams(12),
    );
  });

  it("staking rewards paid never exceed the funded pool, and the vault stays solvent", async () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("stake" as const), who: fc.nat({ max: 2 }), amount: fc.integer({ min: 1, max: 500 }) }),
      fc.record({ kind: fc.constant("unstake" as const), who: fc.nat({ max: 2 }), amount: fc.integer({ min: 1, max: 500 }) }),
      fc.record({ kind: fc.constant("withdraw" as const), who: fc.nat({ max: 2 }) }),
      fc.record({ kind: fc.constant("claim" as const), who: fc.nat({ max: 2 }) }),
      fc.record({ kind: fc.constant("fund" as const), amount: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ kind: fc.constant("rate" as const), perSecond: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 5_000 }) }),
    );
    const funded = async () => {
      const f = await smallBudgets();
      const { treasury, alice, bob, carol } = f.wallets;
      for (const w of [alice, bob, carol]) {
        await f.gov.watt.write.transfer([w.account.address, parseEther("1000")], { account: treasury.account });
      }
      await f.gov.watt.write.approve([f.gov.staking.address, parseEther("1000000")], { account: treasury.account });
      return f;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 25 }), async (actions) => {
        const f = await networkHelpers.loadFixture(funded);
        const { staking, watt } = f.gov;
        const { admin, treasury, alice, bob, carol } = f.wallets;
        const actors = [alice, bob, carol];
        for (const step of actions) {
          if (step.kind === "wait") await networkHelpers.time.increase(step.seconds);
          else if (step.kind === "fund") await staking.write.fund([parseEther(String(step.amount))], { account: treasury.account });
          else if (step.kind === "rate") await staking.write.setRewardRate([parseEther(String(step.perSecond)) / 10n], { account: admin.account });
          else {
            const wallet = actors[step.who]!.account;
            if (step.kind === "stake") {
              await attempt(staking.write.stake([parseEther(String(step.amount))], { account: wallet }), /ERC20InsufficientBalance/);
            } else if (step.kind === "unstake") {
              await attempt(staking.write.unstake([parseEther(String(step.amount))], { account: wallet }), /InsufficientStake/);
            } else if (step.kind === "withdraw") {
              await attempt(staking.write.withdraw({ account: wallet }), /NothingToWithdraw|CooldownNotOver/);
            } else {
              await staking.write.claimRewards({ account: wallet });
            }
          }
          const fundedTotal = await staking.read.totalFunded();
          const paid = await staking.read.totalRewardsPaid();
          const unallocated = await staking.read.unallocatedRewards();
          let owed = 0n;
          let locked = 0n;
          for (const actor of actors) {
            owed += await staking.read.earned([actor.account.address]);
            locked += await watt.read.stakedBalance([actor.account.address]);
          }
          assert.ok(paid <= fundedTotal, "paid more than funded");
          assert.ok(paid + owed + unallocated <= fundedTotal, "promised more than funded");
          assert.ok((await watt.read.balanceOf([staking.address])) >= locked + owed + unallocated, "vault insolvent");
        }
      }),
      fcParams(12),
    );
  });

  it("votes equal delegated wallet + staked balances at every snapshot", async () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("transfer" as const), from: fc.nat({ max: 3 }), to: fc.nat({ max: 3 }), amount: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant("delegate" as const), who: fc.nat({ max: 3 }), to: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant("stake" as const), who: fc.nat({ max: 3 }), amount: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant("unstake" as const), who: fc.nat({ max: 3 }), amount: fc.integer({ min: 1, max: 400 }) }),
    );
    const holders = async () => {
      const f = await smallBudgets();
      const { treasury, alice, bob, carol, dave, admin } = f.wallets;
      for (const w of [alice, bob, carol, dave]) {
        await f.gov.watt.write.transfer([w.account.address, parseEther("1000")], { account: treasury.account });
      }
      await f.gov.staking.write.setCooldown([0n], { account: admin.account });
      return f;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 20 }), async (actions) => {
        const f = await networkHelpers.loadFixture(holders);
        const { watt, staking } = f.gov;
        const { alice, bob, carol, dave, eve } = f.wallets;
        const actors = [alice, bob, carol, dave];
        const delegatees: Address[] = [...actors, eve].map((w) => w.account.address);
        const snapshots: { time: bigint; votes: Map<Address, bigint> }[] = [];
        for (const step of actions) {
          if (step.kind === "transfer") {
            await attempt(
              watt.write.transfer([actors[step.to]!.account.address, parseEther(String(step.amount))], { account: actors[step.from]!.account }),
              /ERC20InsufficientBalance/,
            );
          } else if (step.kind === "delegate") {
            await watt.write.delegate([delegatees[step.to]!], { account: actors[step.who]!.account });
          } else if (step.kind === "stake") {
            await attempt(staking.write.stake([parseEther(String(step.amount))], { account: actors[step.who]!.account }), /ERC20InsufficientBalance/);
          } else {
            await attempt(staking.write.unstake([parseEther(String(step.amount))], { account: actors[step.who]!.account }), /InsufficientStake/);
          }
          // The model: each delegate's votes are the wallet + staked balances of those delegating to it.
          const votes = new Map<Address, bigint>(delegatees.map((d) => [d, 0n]));
          for (const actor of actors) {
            const delegate = await watt.read.delegates([actor.account.address]);
            if (delegate === zeroAddress) continue;
            const units = (await watt.read.balanceOf([actor.account.address])) + (await watt.read.stakedBalance([actor.account.address]));
            const key = delegatees.find((d) => d.toLowerCase() === delegate.toLowerCase())!;
            votes.set(key, votes.get(key)! + units);
          }
          snapshots.push({ time: BigInt(await networkHelpers.time.latest()), votes });
          await networkHelpers.time.increase(1);
        }
        for (const { time, votes } of snapshots) {
          for (const [delegate, expected] of votes) {
            assert.equal(await watt.read.getPastVotes([delegate, time]), expected, `votes of ${delegate} at ${time}`);
          }
        }
      }),
      fcParams(10),
    );
  });
});
