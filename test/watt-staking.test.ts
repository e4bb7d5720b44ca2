import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseEther } from "viem";
import { votingFixture } from "./helpers/governance-fixture.ts";

describe("WATT token and staking", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;

  /** votingFixture + alice and bob hold 1,000 WATT each (from the treasury), delegated to themselves; the
   * treasury funds the pool with 1,000 WATT at 1 WATT/s (test settings), cooldown 1 hour. */
  const staked = async () => {
    const f = await votingFixture(connection);
    const { alice, bob, treasury } = f.wallets;
    const { watt, staking } = f.gov;
    for (const w of [alice, bob]) {
      await watt.write.transfer([w.account.address, parseEther("1000")], { account: treasury.account });
      await watt.write.delegate([w.account.address], { account: w.account });
    }
    await watt.write.approve([staking.address, parseEther("1000")], { account: treasury.account });
    await staking.write.fund([parseEther("1000")], { account: treasury.account });
    return f;
  };

  it("has the cap, timestamp clock, and mints only by the minter role", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { watt } = f.gov;
    assert.equal(await watt.read.cap(), parseEther("1000000000"));
    assert.equal(await watt.read.CLOCK_MODE(), "mode=timestamp");
    assert.equal(await watt.read.clock(), Number(await networkHelpers.time.latest()));
    assert.equal(await watt.read.totalSupply(), parseEther("700000000")); // the vesting rows
    await viem.assertions.revertWithCustomError(
      watt.write.mint([f.wallets.admin.account.address, 1n], { account: f.wallets.admin.account }),
      watt,
      "AccessControlUnauthorizedAccount",
    );
    const minter = await watt.read.MINTER_ROLE();
    await watt.write.grantRole([minter, f.wallets.admin.account.address], { account: f.wallets.admin.account });
    await viem.assertions.revertWithCustomError(
      watt.write.mint([f.wallets.admin.account.address, parseEther("300000001")], { account: f.wallets.admin.account }),
      watt,
      "ERC20ExceededCap",
    );
  });

  it("is paused by the guardian only; stakes cannot move while paused", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { ops, alice } = f.wallets;
    const { watt, staking } = f.gov;
    await viem.assertions.revertWithCustomError(watt.write.pause({ account: alice.account }), watt, "AccessControlUnauthorizedAccount");
    await watt.write.pause({ account: ops.account });
    await viem.assertions.revertWithCustomError(
      watt.write.transfer([ops.account.address, 1n], { account: alice.account }),
      watt,
      "EnforcedPause",
    );
    await viem.assertions.revertWithCustomError(staking.write.stake([1n], { account: alice.account }), watt, "EnforcedPause");
    await watt.write.unpause({ account: ops.account });
    await staking.write.stake([1n], { account: alice.account });
    await viem.assertions.revertWithCustomError(
      watt.write.stakeFrom([alice.account.address, 1n], { account: alice.account }),
      watt,
      "NotStakingVault",
    );
    await viem.assertions.revertWithCustomError(
      watt.write.setStakingVault([alice.account.address], { account: f.wallets.admin.account }),
      watt,
      "StakingVaultAlreadySet",
    );
  });

  it("keeps staked WATT's voting power with the staker's delegate, through stake, cooldown and withdrawal", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { alice, carol } = f.wallets;
    const { watt, staking } = f.gov;
    await staking.write.stake([parseEther("600")], { account: alice.account });
    assert.equal(await watt.read.balanceOf([alice.account.address]), parseEther("400"));
    assert.equal(await watt.read.stakedBalance([alice.account.address]), parseEther("600"));
    assert.equal(await watt.read.getVotes([alice.account.address]), parseEther("1000"));
    // Re-delegating moves wallet and staked tokens together.
    await watt.write.delegate([carol.account.address], { account: alice.account });
    assert.equal(await watt.read.getVotes([alice.account.address]), 0n);
    assert.equal(await watt.read.getVotes([carol.account.address]), parseEther("1000"));
    await staking.write.unstake([parseEther("600")], { account: alice.account });
    assert.equal(await watt.read.getVotes([carol.account.address]), parseEther("1000"));
    await viem.assertions.revertWithCustomError(staking.write.withdraw({ account: alice.account }), staking, "CooldownNotOver");
    await networkHelpers.time.increase(3_600);
    await staking.write.withdraw({ account: alice.account });
    assert.equal(await watt.read.balanceOf([alice.account.address]), parseEther("1000"));
    assert.equal(await watt.read.stakedBalance([alice.account.address]), 0n);
    assert.equal(await watt.read.getVotes([carol.account.address]), parseEther("1000"));
    await viem.assertions.revertWithCustomError(staking.write.withdraw({ account: alice.account }), staking, "NothingToWithdraw");
  });

  it("pays the rate pro rata, stops at the funded pool, and pays nothing for time nobody staked", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { alice, bob } = f.wallets;
    const { watt, staking } = f.gov;
    await networkHelpers.time.increase(100); // nobody stakes: nothing accrues
    await staking.write.stake([parseEther("300")], { account: alice.account });
    await networkHelpers.time.increase(99);
    await staking.write.stake([parseEther("100")], { account: bob.account }); // 100 s at alice alone
    await networkHelpers.time.increase(99);
    await staking.write.claimRewards({ account: alice.account }); // + 100 s shared 3:1
    // Accumulator rounding loses at most a few wei, always in the pool's favour.
    const close = (actual: bigint, expected: bigint) => assert.ok(actual <= expected && expected - actual < 1_000n, `${actual}`);
    close(await watt.read.balanceOf([alice.account.address]), parseEther("700") + parseEther("175"));
    close(await staking.read.earned([bob.account.address]), parseEther("25"));
    // 200 WATT accrued; the remaining 800 run out after 800 s more.
    await networkHelpers.time.increase(10_000);
    await staking.write.claimRewards({ account: alice.account });
    await staking.write.claimRewards({ account: bob.account });
    assert.equal(await staking.read.unallocatedRewards(), 0n);
    const paid = await staking.read.totalRewardsPaid();
    assert.ok(paid <= parseEther("1000") && parseEther("1000") - paid < 1_000n, `paid ${paid}`);
    assert.equal(await staking.read.totalFunded(), parseEther("1000"));
    await viem.assertions.revertWithCustomError(staking.write.stake([0n], { account: alice.account }), staking, "ZeroAmount");
    await viem.assertions.revertWithCustomError(
      staking.write.unstake([parseEther("301")], { account: alice.account }),
      staking,
      "InsufficientStake",
    );
  });

  it("unstakes at once without a cooldown; only the admin sets rate and cooldown", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { admin, alice } = f.wallets;
    const { watt, staking } = f.gov;
    await staking.write.setCooldown([0n], { account: admin.account });
    await staking.write.stake([parseEther("10")], { account: alice.account });
    await staking.write.unstake([parseEther("10")], { account: alice.account });
    assert.equal(await watt.read.stakedBalance([alice.account.address]), 0n);
    await viem.assertions.revertWithCustomError(staking.write.setCooldown([91n * 86_400n], { account: admin.account }), staking, "CooldownTooLong");
    await viem.assertions.revertWithCustomError(
      staking.write.setRewardRate([1n], { account: alice.account }),
      staking,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("vests allocations after the cliff, and the beneficiary delegates the locked tokens' votes", async () => {
    const f = await networkHelpers.loadFixture(staked);
    const { admin, alice } = f.wallets;
    const team = await f.vesting("team");
    assert.equal(await f.gov.watt.read.getVotes([admin.account.address]), parseEther("150000000"));
    assert.equal(await team.read.releasable([f.gov.watt.address]), 0n);
    await viem.assertions.revertWithCustomError(
      team.write.delegate([f.gov.watt.address, alice.account.address], { account: alice.account }),
      team,
      "OwnableUnauthorizedAccount",
    );
    await networkHelpers.time.increase(365 * 86_400);
    const releasable = await team.read.releasable([f.gov.watt.address]);
    assert.ok(releasable >= parseEther("37500000") && releasable < parseEther("37510000"));
  });
});
