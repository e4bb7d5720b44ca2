import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  encodeFunctionData,
  getAddress,
  keccak256,
  parseEventLogs,
  toHex,
  zeroAddress,
  type Address,
  type Hash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { roles } from "../scripts/lib/roles.ts";
import {
  COUNTRY,
  eur,
  openOffering,
  revenueFixture,
  solarSpec,
  twoActiveAssetsFixture,
  verify,
  windSpec,
  type Fixture,
} from "./helpers/fixture.ts";

const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
const MAX = 2n ** 256n - 1n;
const BUY = 0;
const SELL = 1;
const GTC = 0;

type Wallet = Fixture["wallets"]["alice"];

/** Hardhat's JSON-RPC accounts are lower-case; contract reads return checksummed addresses. */
function assertSameAddress(actual: Address, expected: Address) {
  assert.equal(getAddress(actual), getAddress(expected));
}

// ---------------------------------------------------------------------------- an exact off-chain model

/** A non-negative rational number, kept reduced. */
interface Fraction {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
function add(x: Fraction, n: bigint, d: bigint): Fraction {
  const num = x.n * d + n * x.d;
  const den = x.d * d;
  const g = gcd(num, den);
  return { n: num / g, d: den / g };
}

/**
 * Pro-rata revenue by exact arithmetic: each deposit splits over the balances at that moment. The contract
 * rounds each holder's accrual down; its magnified accumulator is off the exact value by far less than a
 * unit, so on-chain accrued (claimed + claimable) is floor(exact), or exact − 1 when exact is an integer.
 */
class RevenueModel {
  balances = new Map<Address, bigint>();
  accrued = new Map<Address, Fraction>();
  deposited = 0n;
  deposits = 0;
  constructor(initial: Record<Address, bigint>) {
    for (const [holder, balance] of Object.entries(initial)) this.balances.set(holder as Address, balance);
  }
  deposit(amount: bigint) {
    const supply = [...this.balances.values()].reduce((a, b) => a + b, 0n);
    for (const [holder, balance] of this.balances) {
      this.accrued.set(holder, add(this.accrued.get(holder) ?? { n: 0n, d: 1n }, amount * balance, supply));
    }
    this.deposited += amount;
    this.deposits += 1;
  }
  move(from: Address, to: Address, amount: bigint) {
    this.balances.set(from, (this.balances.get(from) ?? 0n) - amount);
    this.balances.set(to, (this.balances.get(to) ?? 0n) + amount);
  }
  holders() {
    return [...new Set([...this.balances.keys(), ...this.accrued.keys()])];
  }
}

describe("RevenueDistributor", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture, time } = connection.networkHelpers;

  // ------------------------------------------------------------------ helpers

  const addressOf = (wallet: Wallet) => wallet.account.address;
  const gasOf = async (f: Fixture, hash: Hash) => (await f.publicClient.waitForTransactionReceipt({ hash })).gasUsed;
  const balance = (f: Fixture, account: Address) => f.stablecoin.read.balanceOf([account]);
  const claimable = (f: Fixture, assetId: bigint, wallet: Wallet | Address) =>
    f.revenueDistributor.read.claimable([assetId, typeof wallet === "string" ? wallet : addressOf(wallet)]);
  /** The operator deposits (it holds the stablecoin and approved the distributor). */
  const deposit = (f: Fixture, assetId: bigint, amount: bigint) =>
    f.revenueDistributor.write.deposit([assetId, amount], { account: f.wallets.operator.account });
  const transfer = (f: Fixture, assetId: bigint, from: Wallet, to: Address, amount: bigint) =>
    f.energyAsset.write.safeTransferFrom([addressOf(from), to, assetId, amount, "0x"], { account: from.account });

  /** The stablecoin held is exactly what holders are owed (no stray tokens in these tests). */
  async function assertBacked(f: Fixture) {
    const owed = await f.revenueDistributor.read.liabilities();
    assert.equal(await balance(f, f.revenueDistributor.address), owed);
  }

  /** Wallets created from a seed, KYC'd, each given one share of the asset by alice. */
  async function addHolders(f: Fixture, assetId: bigint, count: number, seed: string) {
    const created: Address[] = [];
    for (let i = 0; i < count; i++) {
      const account = privateKeyToAccount(keccak256(toHex(`${seed}-${i}`)));
      await verify(f, account.address, COUNTRY.PT);
      await transfer(f, assetId, f.wallets.alice, account.address, 1n);
      created.push(account.address);
    }
    return created;
  }

  /**
   * A new Active asset sold in a tiny offering: `holdings` shares per wallet (total supply = their sum).
   * Investors already approved the Offering in the fixture.
   */
  async function smallAsset(f: Fixture, holdings: Array<[Wallet, bigint]>, name: string) {
    const supply = holdings.reduce((sum, [, shares]) => sum + shares, 0n);
    const { assetId, offeringId } = await openOffering(
      f,
      { hardCapShares: supply, softCapShares: 1n },
      solarSpec({ name, totalShares: supply }),
    );
    for (const [wallet, shares] of holdings) {
      await f.offering.write.purchase([offeringId, shares], { account: wallet.account });
    }
    await f.offering.write.finalizeOffering([offeringId]);
    await f.offering.write.deliverShares([offeringId, holdings.map(([wallet]) => addressOf(wallet))]);
    return assetId;
  }

  // ------------------------------------------------------------------ fixtures (named: loadFixture keys on identity)

  const revenue = () => revenueFixture(connection);

  /** 10,000 dEUR deposited once on the active asset (alice 4,000 / bob 3,000 / carol 3,000 shares). */
  async function deposited() {
    const f = await revenueFixture(connection);
    await deposit(f, f.assetId, eur(10_000));
    return f;
  }

  /** Supply 7: alice 3, bob 2, carol 2 shares of a second asset; nothing deposited on it. */
  async function sevenShares() {
    const f = await revenueFixture(connection);
    const { alice, bob, carol } = f.wallets;
    const smallId = await smallAsset(f, [[alice, 3n], [bob, 2n], [carol, 2n]], "Seven shares");
    return { ...f, smallId };
  }

  /** Supply 3: alice, bob and carol one share each of a second asset. */
  async function threeShares() {
    const f = await revenueFixture(connection);
    const { alice, bob, carol } = f.wallets;
    const smallId = await smallAsset(f, [[alice, 1n], [bob, 1n], [carol, 1n]], "Three shares");
    return { ...f, smallId };
  }

  /** Two active assets (alice holds both), the operator funded for deposits on both. */
  async function twoAssets() {
    const f = await twoActiveAssetsFixture(connection);
    await f.stablecoin.write.faucet([addressOf(f.wallets.operator), eur(1_000_000)]);
    await f.stablecoin.write.approve([f.revenueDistributor.address, MAX], { account: f.wallets.operator.account });
    return f;
  }

  /** 10 holders of the active asset (3 + 7 one-share wallets), nothing deposited. */
  async function tenHolders() {
    const f = await revenueFixture(connection);
    await addHolders(f, f.assetId, 7, "ten");
    return f;
  }

  /** 110 holders of the active asset (3 + 107 one-share wallets), nothing deposited. */
  async function manyHolders() {
    const f = await revenueFixture(connection);
    await addHolders(f, f.assetId, 107, "many");
    return f;
  }

  /** One deposit, then alice claimed (so the per-asset claimed total is no longer zero). */
  async function oneDeposit() {
    const f = await revenueFixture(connection);
    await deposit(f, f.assetId, eur(1_000));
    await f.revenueDistributor.write.claim([f.assetId, addressOf(f.wallets.alice)], { account: f.wallets.alice.account });
    return f;
  }

  /** Fifty deposits, then alice claimed. */
  async function fiftyDeposits() {
    const f = await revenueFixture(connection);
    for (let i = 0; i < 50; i++) await deposit(f, f.assetId, eur(20));
    await f.revenueDistributor.write.claim([f.assetId, addressOf(f.wallets.alice)], { account: f.wallets.alice.account });
    return f;
  }

  /** {deposited} plus a second Verified asset (wind) with an open offering at 100 dEUR per share. */
  async function withOpenOffering() {
    const f = await deposited();
    const second = await openOffering(f, { hardCapShares: 5_000n }, windSpec());
    return { ...f, targetAssetId: second.assetId, targetOfferingId: second.offeringId };
  }

  /** {deposited}; bob has a resting sell order of 10 shares at 95 dEUR on the active asset. */
  async function withRestingSell() {
    const f = await deposited();
    const sell = { assetId: f.assetId, side: SELL, price: eur(95), shares: 10n, expiry: 0n, timeInForce: GTC, maxFills: 0 };
    await f.orderBook.write.placeOrder([sell], { account: f.wallets.bob.account });
    return { ...f, sellOrderId: await f.orderBook.read.orderCount() };
  }

  // ------------------------------------------------------------------ initialization and administration

  describe("initialization", () => {
    it("is wired to the platform and observes every share movement", async () => {
      const f = await loadFixture(revenue);
      const d = f.revenueDistributor;
      assertSameAddress(await d.read.paymentToken(), f.stablecoin.address);
      assertSameAddress(await d.read.shareToken(), f.energyAsset.address);
      assertSameAddress(await d.read.offering(), f.offering.address);
      assertSameAddress(await d.read.orderBook(), f.orderBook.address);
      assertSameAddress(await f.energyAsset.read.shareObserver(), d.address);
      assert.equal(await d.read.distributionCount(), 0n);
      assert.equal(await d.read.liabilities(), 0n);
      assert.equal(await d.read.hasRole([roles.DEFAULT_ADMIN, addressOf(f.wallets.admin)]), true);
      assert.equal(await f.orderBook.read.hasRole([await f.orderBook.read.FUNDER_ROLE(), d.address]), true);
    });

    it("cannot be initialized twice, nor the implementation at all", async () => {
      const f = await loadFixture(revenue);
      const { eve } = f.wallets;
      const args = [addressOf(eve), zeroAddress, zeroAddress] as const;
      await assertions.revertWithCustomError(
        f.revenueDistributor.write.initialize(args, { account: eve.account }),
        f.revenueDistributor,
        "InvalidInitialization",
      );
      const slot = await f.publicClient.getStorageAt({ address: f.revenueDistributor.address, slot: IMPLEMENTATION_SLOT });
      const implementation = await connection.viem.getContractAt("RevenueDistributor", `0x${slot!.slice(26)}`);
      await assertions.revertWithCustomError(
        implementation.write.initialize(args, { account: eve.account }),
        implementation,
        "InvalidInitialization",
      );
    });

    it("refuses an offering paid in another token at initialization (InvalidVenue)", async () => {
      const f = await loadFixture(revenue);
      const otherToken = await connection.viem.deployContract("DevStablecoin");
      const implementation = await connection.viem.deployContract("RevenueDistributor", [
        f.energyAsset.address,
        otherToken.address,
      ]);
      const data = encodeFunctionData({
        abi: implementation.abi,
        functionName: "initialize",
        args: [addressOf(f.wallets.admin), f.offering.address, zeroAddress],
      });
      await assertions.revertWithCustomErrorWithArgs(
        connection.viem.deployContract("ERC1967Proxy", [implementation.address, data]),
        implementation,
        "InvalidVenue",
        [f.offering.address],
      );
    });

    it("upgrades only by the admin, keeping balances owed", async () => {
      const f = await loadFixture(deposited);
      const next = await connection.viem.deployContract("RevenueDistributor", [f.energyAsset.address, f.stablecoin.address]);
      const { operator, admin, alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.upgradeToAndCall([next.address, "0x"], { account: operator.account }),
        f.revenueDistributor,
        "AccessControlUnauthorizedAccount",
        [addressOf(operator), roles.DEFAULT_ADMIN],
      );
      await f.revenueDistributor.write.upgradeToAndCall([next.address, "0x"], { account: admin.account });
      const slot = await f.publicClient.getStorageAt({ address: f.revenueDistributor.address, slot: IMPLEMENTATION_SLOT });
      assert.equal(`0x${slot!.slice(26)}`, next.address.toLowerCase());
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur(10_000));
      assert.equal(await f.revenueDistributor.read.distributionCount(), 1n);
    });
  });

  describe("setReinvestmentVenues", () => {
    it("lets the admin change or switch off the venues, emitting ReinvestmentVenuesSet", async () => {
      const f = await loadFixture(revenue);
      const d = f.revenueDistributor;
      await assertions.emitWithArgs(
        d.write.setReinvestmentVenues([zeroAddress, zeroAddress], { account: f.wallets.admin.account }),
        d,
        "ReinvestmentVenuesSet",
        [zeroAddress, zeroAddress],
      );
      assertSameAddress(await d.read.offering(), zeroAddress);
      assertSameAddress(await d.read.orderBook(), zeroAddress);
      await d.write.setReinvestmentVenues([f.offering.address, f.orderBook.address], { account: f.wallets.admin.account });
      assertSameAddress(await d.read.offering(), f.offering.address);
      assertSameAddress(await d.read.orderBook(), f.orderBook.address);
    });

    it("is admin only", async () => {
      const f = await loadFixture(revenue);
      const { ops } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.setReinvestmentVenues([zeroAddress, zeroAddress], { account: ops.account }),
        f.revenueDistributor,
        "AccessControlUnauthorizedAccount",
        [addressOf(ops), roles.DEFAULT_ADMIN],
      );
    });

    it("refuses an offering that is paid in another token (InvalidVenue)", async () => {
      const f = await loadFixture(revenue);
      const otherToken = await connection.viem.deployContract("DevStablecoin");
      const implementation = await connection.viem.deployContract("Offering");
      const data = encodeFunctionData({
        abi: implementation.abi,
        functionName: "initialize",
        args: [addressOf(f.wallets.admin), f.energyAsset.address, otherToken.address, addressOf(f.wallets.treasury), 0],
      });
      const proxy = await connection.viem.deployContract("ERC1967Proxy", [implementation.address, data]);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.setReinvestmentVenues([proxy.address, f.orderBook.address], {
          account: f.wallets.admin.account,
        }),
        f.revenueDistributor,
        "InvalidVenue",
        [proxy.address],
      );
    });
  });

  // ------------------------------------------------------------------ share movements

  describe("onSharesMoved", () => {
    it("accepts calls from the share token only (UnauthorizedShareToken)", async () => {
      const f = await loadFixture(deposited);
      const { eve, alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.onSharesMoved([f.assetId, addressOf(alice), addressOf(eve), 4_000n], {
          account: eve.account,
        }),
        f.revenueDistributor,
        "UnauthorizedShareToken",
        [addressOf(eve)],
      );
      // Even the admin cannot rewrite anyone's accrual.
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.onSharesMoved([f.assetId, zeroAddress, addressOf(eve), 1n], {
          account: f.wallets.admin.account,
        }),
        f.revenueDistributor,
        "UnauthorizedShareToken",
        [addressOf(f.wallets.admin)],
      );
      assert.equal(await claimable(f, f.assetId, eve), 0n);
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
    });

    it("shares bought after a deposit earn nothing from it, only from later ones", async () => {
      const f = await loadFixture(deposited);
      const { alice, dave } = f.wallets;
      await transfer(f, f.assetId, alice, addressOf(dave), 1_000n);
      assert.equal(await claimable(f, f.assetId, dave), 0n);
      await deposit(f, f.assetId, eur(1_000));
      assert.equal(await claimable(f, f.assetId, dave), eur(100)); // 1,000 of 10,000 shares
    });

    it("shares sold keep what they accrued; the seller earns on what it still holds", async () => {
      const f = await loadFixture(deposited);
      const { alice, dave } = f.wallets;
      await transfer(f, f.assetId, alice, addressOf(dave), 4_000n); // alice sells everything
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      await deposit(f, f.assetId, eur(1_000));
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      assert.equal(await claimable(f, f.assetId, dave), eur(400));
      // A holder with no shares left still claims everything it accrued.
      await f.revenueDistributor.write.claim([f.assetId, addressOf(alice)], { account: alice.account });
      assert.equal(await claimable(f, f.assetId, alice), 0n);
      await assertBacked(f);
    });

    it("escrowed shares keep earning for their owner, and an escrowed sale keeps the seller's accrual", async () => {
      const f = await loadFixture(revenue);
      const { alice, dave, eve, admin } = f.wallets;
      await f.energyAsset.write.grantRole([roles.ESCROW, addressOf(eve)], { account: admin.account });
      await f.energyAsset.write.escrowShares([f.assetId, addressOf(alice), 2_000n], { account: eve.account });
      await deposit(f, f.assetId, eur(10_000));
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000)); // all 4,000 shares, escrowed or not
      await f.energyAsset.write.transferEscrowedShares([f.assetId, addressOf(alice), addressOf(dave), 1_500n], {
        account: eve.account,
      });
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      assert.equal(await claimable(f, f.assetId, dave), 0n);
      await f.energyAsset.write.releaseShares([f.assetId, addressOf(alice), 500n], { account: eve.account });
      await deposit(f, f.assetId, eur(10_000));
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000) + eur(2_500));
      assert.equal(await claimable(f, f.assetId, dave), eur(1_500));
    });

    it("mints after a deposit earn nothing from it; the next deposit splits over the larger supply", async () => {
      const f = await loadFixture(deposited);
      const { ops, dave, admin, alice } = f.wallets;
      await f.energyAsset.write.grantRole([roles.ISSUER, addressOf(ops)], { account: admin.account });
      await f.energyAsset.write.mint([f.assetId, addressOf(dave), 10_000n], { account: ops.account });
      assert.equal(await claimable(f, f.assetId, dave), 0n);
      await deposit(f, f.assetId, eur(2_000));
      assert.equal(await claimable(f, f.assetId, dave), eur(1_000)); // 10,000 of 20,000 shares
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000) + eur(400));
    });

    it("follows agent actions: a forced transfer leaves the accrual with the former holder", async () => {
      const f = await loadFixture(deposited);
      const { bob, dave, ops } = f.wallets;
      await f.energyAsset.write.forcedTransfer([f.assetId, addressOf(bob), addressOf(dave), 3_000n, "court order"], {
        account: ops.account,
      });
      assert.equal(await claimable(f, f.assetId, bob), eur(3_000));
      assert.equal(await claimable(f, f.assetId, dave), 0n);
    });

    it("transfers before any deposit change nothing", async () => {
      const f = await loadFixture(revenue);
      const { alice, dave } = f.wallets;
      await transfer(f, f.assetId, alice, addressOf(dave), 2_000n);
      assert.equal(await claimable(f, f.assetId, alice), 0n);
      await deposit(f, f.assetId, eur(100));
      assert.equal(await claimable(f, f.assetId, alice), eur(20));
      assert.equal(await claimable(f, f.assetId, dave), eur(20));
    });
  });

  // ------------------------------------------------------------------ deposit

  describe("deposit", () => {
    it("pulls the stablecoin, emits RevenueDeposited and splits pro rata", async () => {
      const f = await loadFixture(revenue);
      const { operator, alice, bob, carol } = f.wallets;
      const before = await balance(f, addressOf(operator));
      await assertions.emitWithArgs(
        deposit(f, f.assetId, eur(10_000)),
        f.revenueDistributor,
        "RevenueDeposited",
        [f.assetId, 1n, addressOf(operator), eur(10_000), 10_000n],
      );
      assert.equal(await balance(f, addressOf(operator)), before - eur(10_000));
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur(10_000));
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), 0n);
      assert.equal(await f.revenueDistributor.read.liabilities(), eur(10_000));
      assert.equal(await f.revenueDistributor.read.distributionCount(), 1n);
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      assert.equal(await claimable(f, f.assetId, bob), eur(3_000));
      assert.equal(await claimable(f, f.assetId, carol), eur(3_000));
      await assertBacked(f);
    });

    it("accepts deposits from anyone and returns the distribution id", async () => {
      const f = await loadFixture(revenue);
      const { eve } = f.wallets;
      await f.stablecoin.write.faucet([addressOf(eve), eur(10)]);
      await f.stablecoin.write.approve([f.revenueDistributor.address, eur(10)], { account: eve.account });
      const { result } = await f.revenueDistributor.simulate.deposit([f.assetId, eur(10)], { account: eve.account.address });
      assert.equal(result, 1n);
      await f.revenueDistributor.write.deposit([f.assetId, eur(10)], { account: eve.account });
      assert.equal(await claimable(f, f.assetId, f.wallets.bob), eur(3));
    });

    it("numbers distributions across assets", async () => {
      const f = await loadFixture(twoAssets);
      const hashes = [
        await deposit(f, f.assetId, eur(100)),
        await deposit(f, f.secondAssetId, eur(300)),
        await deposit(f, f.assetId, eur(100)),
      ];
      const ids = [];
      for (const hash of hashes) {
        const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
        const [event] = parseEventLogs({ abi: f.revenueDistributor.abi, logs, eventName: "RevenueDeposited" });
        ids.push(event!.args.distributionId);
      }
      assert.deepEqual(ids, [1n, 2n, 3n]);
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur(200));
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.secondAssetId]), eur(300));
      assert.equal(await f.revenueDistributor.read.liabilities(), eur(500));
      // alice: 4,000/10,000 of asset 1 and 1,000/3,000 of asset 2
      assert.equal(await claimable(f, f.assetId, f.wallets.alice), eur(80));
      assert.equal(await claimable(f, f.secondAssetId, f.wallets.alice), eur(100));
      assert.equal(await claimable(f, f.secondAssetId, f.wallets.dave), eur(200));
    });

    it("reverts ZeroAmount for nothing", async () => {
      const f = await loadFixture(revenue);
      await assertions.revertWithCustomError(deposit(f, f.assetId, 0n), f.revenueDistributor, "ZeroAmount");
    });

    it("reverts NoSharesOutstanding for an asset without shares, or no asset", async () => {
      const f = await loadFixture(revenue);
      const { assetId: unsold } = await openOffering(f, {}, solarSpec({ name: "Unsold" }));
      for (const assetId of [unsold, 99n]) {
        await assertions.revertWithCustomErrorWithArgs(
          deposit(f, assetId, eur(1)),
          f.revenueDistributor,
          "NoSharesOutstanding",
          [assetId],
        );
      }
    });

    it("reverts when the depositor has not approved the amount (the stablecoin's error)", async () => {
      const f = await loadFixture(revenue);
      const { eve } = f.wallets;
      await f.stablecoin.write.faucet([addressOf(eve), eur(10)]);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.deposit([f.assetId, eur(10)], { account: eve.account }),
        f.stablecoin,
        "ERC20InsufficientAllowance",
        [f.revenueDistributor.address, 0n, eur(10)],
      );
      assert.equal(await f.revenueDistributor.read.distributionCount(), 0n);
    });

    it("costs the same with 10 and with 110 holders", async (t) => {
      const few = await loadFixture(tenHolders);
      assert.equal(await few.energyAsset.read.holderCount([few.assetId]), 10n);
      const fewGas = await gasOf(few, await deposit(few, few.assetId, eur(1_000)));
      const many = await loadFixture(manyHolders);
      assert.equal(await many.energyAsset.read.holderCount([many.assetId]), 110n);
      const manyGas = await gasOf(many, await deposit(many, many.assetId, eur(1_000)));
      t.diagnostic(`deposit gas: ${fewGas} with 10 holders, ${manyGas} with 110 holders`);
      assert.ok(fewGas - manyGas <= 300n && manyGas - fewGas <= 300n, `${fewGas} vs ${manyGas}`);
      // Each of the 107 one-share holders got exactly its share: 1,000 dEUR / 10,000 shares.
      const holder = privateKeyToAccount(keccak256(toHex("many-106"))).address;
      assert.equal(await claimable(many, many.assetId, holder), eur("0.1"));
    });
  });

  // ------------------------------------------------------------------ claim

  describe("claim", () => {
    it("pays the caller's accrual to `to`, emits RevenueClaimed and books it", async () => {
      const f = await loadFixture(deposited);
      const { alice, dave } = f.wallets;
      const before = await balance(f, addressOf(dave));
      const { result } = await f.revenueDistributor.simulate.claim([f.assetId, addressOf(dave)], { account: alice.account.address });
      assert.equal(result, eur(4_000));
      await assertions.emitWithArgs(
        f.revenueDistributor.write.claim([f.assetId, addressOf(dave)], { account: alice.account }),
        f.revenueDistributor,
        "RevenueClaimed",
        [f.assetId, addressOf(alice), addressOf(dave), eur(4_000)],
      );
      assert.equal(await balance(f, addressOf(dave)), before + eur(4_000));
      assert.equal(await claimable(f, f.assetId, alice), 0n);
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), eur(4_000));
      assert.equal(await f.revenueDistributor.read.liabilities(), eur(6_000));
      await assertBacked(f);
    });

    it("claims only what accrued since the last claim", async () => {
      const f = await loadFixture(deposited);
      const { bob } = f.wallets;
      await f.revenueDistributor.write.claim([f.assetId, addressOf(bob)], { account: bob.account });
      await deposit(f, f.assetId, eur(500));
      await deposit(f, f.assetId, eur(1_500));
      const before = await balance(f, addressOf(bob));
      await f.revenueDistributor.write.claim([f.assetId, addressOf(bob)], { account: bob.account });
      assert.equal(await balance(f, addressOf(bob)), before + eur(600));
      assert.equal(await claimable(f, f.assetId, bob), 0n);
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), eur(3_600)); // bob's claims only
    });

    it("does nothing with nothing accrued: returns 0, no transfer, no event", async () => {
      const f = await loadFixture(deposited);
      const { alice, eve } = f.wallets;
      await f.revenueDistributor.write.claim([f.assetId, addressOf(alice)], { account: alice.account });
      for (const wallet of [alice, eve]) {
        const { result } = await f.revenueDistributor.simulate.claim([f.assetId, addressOf(wallet)], {
          account: wallet.account.address,
        });
        assert.equal(result, 0n);
        const hash = await f.revenueDistributor.write.claim([f.assetId, addressOf(wallet)], { account: wallet.account });
        const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
        assert.equal(logs.length, 0);
      }
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), eur(4_000));
    });

    it("reverts InvalidRecipient for the zero address and for the distributor itself", async () => {
      const f = await loadFixture(deposited);
      for (const to of [zeroAddress, f.revenueDistributor.address]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.revenueDistributor.write.claim([f.assetId, to], { account: f.wallets.alice.account }),
          f.revenueDistributor,
          "InvalidRecipient",
          [to],
        );
      }
      assert.equal(await claimable(f, f.assetId, f.wallets.alice), eur(4_000));
    });

    it("costs the same after 1 and after 50 deposits", async (t) => {
      const one = await loadFixture(oneDeposit);
      const { bob } = one.wallets;
      const oneGas = await gasOf(
        one,
        await one.revenueDistributor.write.claim([one.assetId, addressOf(bob)], { account: bob.account }),
      );
      assert.equal(await balance(one, addressOf(bob)), eur(1_000_000) - eur(300_000) + eur(300));
      const fifty = await loadFixture(fiftyDeposits);
      const fiftyGas = await gasOf(
        fifty,
        await fifty.revenueDistributor.write.claim([fifty.assetId, addressOf(bob)], { account: bob.account }),
      );
      assert.equal(await balance(fifty, addressOf(bob)), eur(1_000_000) - eur(300_000) + eur(300));
      t.diagnostic(`claim gas: ${oneGas} after 1 deposit, ${fiftyGas} after 50 deposits`);
      assert.ok(oneGas - fiftyGas <= 300n && fiftyGas - oneGas <= 300n, `${oneGas} vs ${fiftyGas}`);
    });
  });

  // ------------------------------------------------------------------ rounding

  describe("rounding", () => {
    it("never pays more than deposited with awkward numbers (supply 7, 100 units)", async () => {
      const f = await loadFixture(sevenShares);
      const { alice, bob, carol } = f.wallets;
      await deposit(f, f.smallId, 100n);
      // 300/7, 200/7, 200/7 rounded down
      assert.equal(await claimable(f, f.smallId, alice), 42n);
      assert.equal(await claimable(f, f.smallId, bob), 28n);
      assert.equal(await claimable(f, f.smallId, carol), 28n);
      for (const wallet of [alice, bob, carol]) {
        await f.revenueDistributor.write.claim([f.smallId, addressOf(wallet)], { account: wallet.account });
      }
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.smallId]), 98n);
      // The fractions stay with their holders: after another 100, alice's 600/7 = 85.7 gives 85 − 42 = 43.
      await deposit(f, f.smallId, 100n);
      assert.equal(await claimable(f, f.smallId, alice), 43n);
      assert.equal(await claimable(f, f.smallId, bob), 29n);
      assert.equal(await claimable(f, f.smallId, carol), 29n);
      await assertBacked(f);
    });

    it("carries each deposit's remainder into the next: three 1-unit deposits over 3 shares pay 1 each", async () => {
      const f = await loadFixture(threeShares);
      const { alice, bob, carol } = f.wallets;
      await deposit(f, f.smallId, 1n);
      assert.equal(await claimable(f, f.smallId, alice), 0n); // a third of a unit
      await deposit(f, f.smallId, 1n);
      assert.equal(await claimable(f, f.smallId, alice), 0n);
      await deposit(f, f.smallId, 1n);
      // Without the carry, 3 × floor(2**64 / 3) = 2**64 − 1 per share would round each holder to 0.
      for (const wallet of [alice, bob, carol]) {
        assert.equal(await claimable(f, f.smallId, wallet), 1n);
        await f.revenueDistributor.write.claim([f.smallId, addressOf(wallet)], { account: wallet.account });
      }
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.smallId]), 3n);
      assert.equal(await balance(f, f.revenueDistributor.address), await f.revenueDistributor.read.liabilities());
    });

    it("matches an exact pro-rata model through deposits, transfers and claims, never exceeding deposits", async () => {
      const f = await loadFixture(sevenShares);
      const { alice, bob, carol, dave } = f.wallets;
      const id = f.smallId;
      const model = new RevenueModel({ [addressOf(alice)]: 3n, [addressOf(bob)]: 2n, [addressOf(carol)]: 2n });
      const wallets = new Map([alice, bob, carol, dave].map((w) => [addressOf(w), w] as const));
      // What each holder has claimed, from the RevenueClaimed events (as an indexer keeps it).
      const claimed = new Map<Address, bigint>();
      const claimAll = async (wallet: Wallet) => {
        const hash = await f.revenueDistributor.write.claim([id, addressOf(wallet)], { account: wallet.account });
        const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
        for (const { args } of parseEventLogs({ abi: f.revenueDistributor.abi, logs, eventName: "RevenueClaimed" })) {
          claimed.set(args.holder, (claimed.get(args.holder) ?? 0n) + args.amount);
        }
      };

      const check = async (step: string) => {
        let accounted = 0n;
        for (const holder of model.holders()) {
          const onChain = (await claimable(f, id, holder)) + (claimed.get(getAddress(holder)) ?? 0n);
          const exact = model.accrued.get(holder) ?? { n: 0n, d: 1n };
          const floor = exact.n / exact.d;
          const integral = exact.n % exact.d === 0n;
          assert.ok(
            onChain === floor || (integral && floor > 0n && onChain === floor - 1n),
            `${step}: ${holder} has ${onChain}, exact ${exact.n}/${exact.d}`,
          );
          accounted += onChain;
        }
        const deposited = await f.revenueDistributor.read.totalDeposited([id]);
        assert.equal(deposited, model.deposited);
        const claimedTotal = [...claimed.values()].reduce((a, b) => a + b, 0n);
        assert.equal(await f.revenueDistributor.read.totalClaimed([id]), claimedTotal);
        assert.ok(accounted <= deposited, `${step}: ${accounted} accounted > ${deposited} deposited`);
        assert.ok(deposited - accounted <= BigInt(model.holders().length), `${step}: ${deposited - accounted} unaccounted`);
        await assertBacked(f);
      };

      const steps: Array<[string, () => Promise<void>]> = [
        ["deposit 100", async () => { await deposit(f, id, 100n); model.deposit(100n); }],
        ["deposit 1", async () => { await deposit(f, id, 1n); model.deposit(1n); }],
        ["alice → bob 1", async () => { await transfer(f, id, alice, addressOf(bob), 1n); model.move(addressOf(alice), addressOf(bob), 1n); }],
        ["deposit 13", async () => { await deposit(f, id, 13n); model.deposit(13n); }],
        ["alice claims", () => claimAll(alice)],
        ["carol → dave 2", async () => { await transfer(f, id, carol, addressOf(dave), 2n); model.move(addressOf(carol), addressOf(dave), 2n); }],
        ["deposit 999,999", async () => { await deposit(f, id, 999_999n); model.deposit(999_999n); }],
        ["deposit 5", async () => { await deposit(f, id, 5n); model.deposit(5n); }],
        ["bob → alice 3", async () => { await transfer(f, id, bob, addressOf(alice), 3n); model.move(addressOf(bob), addressOf(alice), 3n); }],
        ["deposit 2", async () => { await deposit(f, id, 2n); model.deposit(2n); }],
        ["everyone claims", async () => {
          for (const wallet of wallets.values()) await claimAll(wallet);
        }],
        ["deposit 7", async () => { await deposit(f, id, 7n); model.deposit(7n); }],
      ];
      for (const [step, run] of steps) {
        await run();
        await check(step);
      }
    });
  });

  // ------------------------------------------------------------------ claimMany

  describe("claimMany", () => {
    it("claims several assets in one transfer, one event per asset", async () => {
      const f = await loadFixture(twoAssets);
      const { alice, eve } = f.wallets;
      const eveCash = await balance(f, addressOf(eve));
      await deposit(f, f.assetId, eur(1_000)); // alice 400
      await deposit(f, f.secondAssetId, eur(300)); // alice 100
      const { result } = await f.revenueDistributor.simulate.claimMany([[f.assetId, f.secondAssetId], addressOf(eve)], {
        account: alice.account.address,
      });
      assert.equal(result, eur(500));
      const hash = await f.revenueDistributor.write.claimMany([[f.assetId, f.secondAssetId], addressOf(eve)], {
        account: alice.account,
      });
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueClaimed", [
        f.assetId,
        addressOf(alice),
        addressOf(eve),
        eur(400),
      ]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueClaimed", [
        f.secondAssetId,
        addressOf(alice),
        addressOf(eve),
        eur(100),
      ]);
      const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
      const transfers = parseEventLogs({ abi: f.stablecoin.abi, logs, eventName: "Transfer" });
      assert.equal(transfers.length, 1);
      assert.equal(transfers[0]!.args.value, eur(500));
      assert.equal(await balance(f, addressOf(eve)), eveCash + eur(500));
      assert.equal(await claimable(f, f.assetId, alice), 0n);
      assert.equal(await claimable(f, f.secondAssetId, alice), 0n);
      assert.equal(await f.revenueDistributor.read.liabilities(), eur(800));
    });

    it("skips assets with nothing accrued and assets listed twice", async () => {
      const f = await loadFixture(twoAssets);
      const { dave } = f.wallets;
      await deposit(f, f.secondAssetId, eur(300)); // dave 200; dave holds nothing of asset 1
      const ids = [f.assetId, f.secondAssetId, f.secondAssetId, 77n];
      const hash = await f.revenueDistributor.write.claimMany([ids, addressOf(dave)], { account: dave.account });
      const { logs } = await f.publicClient.waitForTransactionReceipt({ hash });
      assert.equal(parseEventLogs({ abi: f.revenueDistributor.abi, logs, eventName: "RevenueClaimed" }).length, 1);
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.secondAssetId]), eur(200)); // dave's claim only
      // With nothing at all: returns 0 and transfers nothing.
      const { result } = await f.revenueDistributor.simulate.claimMany([ids, addressOf(dave)], { account: dave.account.address });
      assert.equal(result, 0n);
      const again = await f.revenueDistributor.write.claimMany([ids, addressOf(dave)], { account: dave.account });
      assert.equal((await f.publicClient.waitForTransactionReceipt({ hash: again })).logs.length, 0);
    });

    it("reverts InvalidRecipient for the zero address", async () => {
      const f = await loadFixture(twoAssets);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.claimMany([[f.assetId], zeroAddress], { account: f.wallets.alice.account }),
        f.revenueDistributor,
        "InvalidRecipient",
        [zeroAddress],
      );
    });
  });

  // ------------------------------------------------------------------ reinvestInOffering

  describe("reinvestInOffering", () => {
    it("buys offering shares for the holder with its revenue (receipt, event, escrow, accounting)", async () => {
      const f = await loadFixture(withOpenOffering);
      const { alice } = f.wallets;
      const aliceCash = await balance(f, addressOf(alice));
      const escrowBefore = await f.offering.read.escrowBalance();
      const receiptId = (await f.offering.read.receiptCount()) + 1n;
      const { result } = await f.revenueDistributor.simulate.reinvestInOffering([f.assetId, f.targetOfferingId, 25n], {
        account: alice.account.address,
      });
      assert.equal(result, receiptId);
      const hash = await f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 25n], {
        account: alice.account,
      });
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueReinvested", [
        f.assetId,
        addressOf(alice),
        eur(2_500),
        f.offering.address,
        receiptId,
      ]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.offering, "SharesPurchased", [
        f.targetOfferingId,
        f.targetAssetId,
        addressOf(alice),
        receiptId,
        25n,
        eur(2_500),
      ]);
      assert.equal(await claimable(f, f.assetId, alice), eur(1_500));
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), eur(2_500));
      assert.equal(await balance(f, addressOf(alice)), aliceCash); // her own money untouched
      assert.equal(await f.offering.read.escrowBalance(), escrowBefore + eur(2_500));
      assert.deepEqual(await f.offering.read.contribution([f.targetOfferingId, addressOf(alice)]), {
        shares: 25n,
        paid: eur(2_500),
        settled: false,
      });
      assert.equal(await f.stablecoin.read.allowance([f.revenueDistributor.address, f.offering.address]), 0n);
      await assertBacked(f);
    });

    it("can spend exactly everything accrued", async () => {
      const f = await loadFixture(withOpenOffering);
      const { bob } = f.wallets;
      await f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 30n], { account: bob.account });
      assert.equal(await claimable(f, f.assetId, bob), 0n);
    });

    it("reverts InsufficientRevenue when the cost exceeds the accrual", async () => {
      const f = await loadFixture(withOpenOffering);
      const { carol } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 31n], { account: carol.account }),
        f.revenueDistributor,
        "InsufficientRevenue",
        [f.assetId, addressOf(carol), eur(3_000), eur(3_100)],
      );
      assert.equal(await claimable(f, f.assetId, carol), eur(3_000));
    });

    it("reverts NothingToReinvest for zero shares", async () => {
      const f = await loadFixture(withOpenOffering);
      await assertions.revertWithCustomError(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 0n], {
          account: f.wallets.alice.account,
        }),
        f.revenueDistributor,
        "NothingToReinvest",
      );
    });

    it("applies compliance to the holder (a revoked identity cannot buy)", async () => {
      const f = await loadFixture(withOpenOffering);
      const { bob, ops } = f.wallets;
      const identityId = await f.identityRegistry.read.identityOf([addressOf(bob)]);
      await f.identityRegistry.write.revokeIdentity([identityId, "sanctions screening"], { account: ops.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 10n], { account: bob.account }),
        f.compliance,
        "RecipientNotVerified",
        [addressOf(bob)],
      );
      assert.equal(await claimable(f, f.assetId, bob), eur(3_000));
    });

    it("passes the offering's own errors through (unknown offering, closed offering)", async () => {
      const f = await loadFixture(withOpenOffering);
      const { alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, 42n, 1n], { account: alice.account }),
        f.offering,
        "OfferingNotFound",
        [42n],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, f.offeringId, 1n], { account: alice.account }),
        f.offering,
        "OfferingClosed",
        [f.offeringId],
      );
    });

    it("reverts VenueNotConfigured when reinvestment into offerings is off", async () => {
      const f = await loadFixture(withOpenOffering);
      await f.revenueDistributor.write.setReinvestmentVenues([zeroAddress, f.orderBook.address], {
        account: f.wallets.admin.account,
      });
      await assertions.revertWithCustomError(
        f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 1n], {
          account: f.wallets.alice.account,
        }),
        f.revenueDistributor,
        "VenueNotConfigured",
      );
    });

    it("a failed offering refunds the holder's wallet", async () => {
      const f = await loadFixture(withOpenOffering);
      const { alice } = f.wallets;
      await f.revenueDistributor.write.reinvestInOffering([f.assetId, f.targetOfferingId, 10n], { account: alice.account });
      await f.offering.write.cancelOffering([f.targetOfferingId, "permit withdrawn"], { account: f.wallets.operator.account });
      const before = await balance(f, addressOf(alice));
      await f.offering.write.refund([f.targetOfferingId, [addressOf(alice)]]);
      assert.equal(await balance(f, addressOf(alice)), before + eur(1_000));
    });
  });

  // ------------------------------------------------------------------ reinvestInBuyOrder

  describe("reinvestInBuyOrder", () => {
    it("places a resting buy order owned by the holder, counting price × shares as claimed", async () => {
      const f = await loadFixture(deposited);
      const { alice } = f.wallets;
      const orderId = (await f.orderBook.read.orderCount()) + 1n;
      const { result } = await f.revenueDistributor.simulate.reinvestInBuyOrder([f.assetId, f.assetId, eur(90), 10n, 0n], {
        account: alice.account.address,
      });
      assert.equal(result, orderId);
      const hash = await f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(90), 10n, 0n], {
        account: alice.account,
      });
      await assertions.emitWithArgs(Promise.resolve(hash), f.orderBook, "OrderPlaced", [
        orderId,
        f.assetId,
        addressOf(alice),
        BUY,
        eur(90),
        10n,
        0n,
      ]);
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueReinvested", [
        f.assetId,
        addressOf(alice),
        eur(900),
        f.orderBook.address,
        orderId,
      ]);
      const order = await f.orderBook.read.order([orderId]);
      assertSameAddress(order.owner, addressOf(alice));
      assert.equal(order.shares, 10n);
      assert.equal(await f.orderBook.read.escrowedFunds(), eur(900));
      assert.equal(await claimable(f, f.assetId, alice), eur(3_100)); // no fee: nothing filled
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), eur(900));
      assert.equal(await f.stablecoin.read.allowance([f.revenueDistributor.address, f.orderBook.address]), 0n);
      await assertBacked(f);

      // Cancelling returns the escrow to the holder's wallet, not to the distributor.
      const before = await balance(f, addressOf(alice));
      await f.orderBook.write.cancelOrder([orderId], { account: alice.account });
      assert.equal(await balance(f, addressOf(alice)), before + eur(900));
      await assertBacked(f);
    });

    it("fills at once as a taker: value at the maker's price plus the taker fee, exactly what was pulled", async () => {
      const f = await loadFixture(withRestingSell);
      const { alice, bob, treasury } = f.wallets;
      const value = eur(95) * 10n;
      const fee = await f.orderBook.read.feeFor([value]);
      assert.ok(fee > 0n);
      const bobCash = await balance(f, addressOf(bob));
      const treasuryCash = await balance(f, addressOf(treasury));
      const { result } = await f.revenueDistributor.simulate.reinvestInBuyOrder([f.assetId, f.assetId, eur(100), 10n, 0n], {
        account: alice.account.address,
      });
      const hash = await f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(100), 10n, 0n], {
        account: alice.account,
      });
      await assertions.emitWithArgs(Promise.resolve(hash), f.revenueDistributor, "RevenueReinvested", [
        f.assetId,
        addressOf(alice),
        value + fee,
        f.orderBook.address,
        result,
      ]);
      assert.equal(await f.energyAsset.read.balanceOf([addressOf(alice), f.assetId]), 4_010n);
      assert.equal(await balance(f, addressOf(bob)), bobCash + value);
      assert.equal(await balance(f, addressOf(treasury)), treasuryCash + fee);
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000) - value - fee);
      assert.equal(await f.revenueDistributor.read.totalClaimed([f.assetId]), value + fee); // alice's spending only
      assert.equal(await f.stablecoin.read.allowance([f.revenueDistributor.address, f.orderBook.address]), 0n);
      await assertBacked(f);
      // The bought shares earn from the next deposit only; bob's sold shares keep their past accrual.
      assert.equal(await claimable(f, f.assetId, bob), eur(3_000));
      await deposit(f, f.assetId, eur(10_000));
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000) - value - fee + eur(4_010));
      assert.equal(await claimable(f, f.assetId, bob), eur(3_000) + eur(2_990));
      // The order's id, as in its Trade event, although nothing rests (it filled completely).
      assert.equal(result, await f.orderBook.read.orderCount());
      await assertions.emitWithArgs(Promise.resolve(hash), f.orderBook, "Trade", [
        f.assetId,
        f.sellOrderId,
        result,
        addressOf(bob),
        addressOf(alice),
        BUY,
        eur(95),
        10n,
        fee,
      ]);
      assert.deepEqual(await f.orderBook.read.openOrdersOf([addressOf(alice)]), []);
    });

    it("requires the accrual to cover price × shares plus the taker fee (InsufficientRevenue)", async () => {
      const f = await loadFixture(deposited);
      const { carol } = f.wallets;
      const value = eur(100) * 30n; // exactly carol's 3,000 accrued
      const fee = await f.orderBook.read.feeFor([value]);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(100), 30n, 0n], { account: carol.account }),
        f.revenueDistributor,
        "InsufficientRevenue",
        [f.assetId, addressOf(carol), eur(3_000), value + fee],
      );
    });

    it("reverts NothingToReinvest for zero shares", async () => {
      const f = await loadFixture(deposited);
      await assertions.revertWithCustomError(
        f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(100), 0n, 0n], {
          account: f.wallets.alice.account,
        }),
        f.revenueDistributor,
        "NothingToReinvest",
      );
    });

    it("reverts VenueNotConfigured when reinvestment into orders is off", async () => {
      const f = await loadFixture(deposited);
      await f.revenueDistributor.write.setReinvestmentVenues([f.offering.address, zeroAddress], {
        account: f.wallets.admin.account,
      });
      await assertions.revertWithCustomError(
        f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(100), 1n, 0n], {
          account: f.wallets.alice.account,
        }),
        f.revenueDistributor,
        "VenueNotConfigured",
      );
    });

    it("passes the order book's errors through and books nothing", async () => {
      const f = await loadFixture(deposited);
      const { alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, 0n, 5n, 0n], { account: alice.account }),
        f.orderBook,
        "InvalidPrice",
        [0n],
      );
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
    });

    it("a receiver contract re-entering from the share callback of its fill cannot claim twice", async () => {
      const f = await loadFixture(withRestingSell);
      const { alice } = f.wallets;
      // A smart-contract wallet, KYC'd, holding 1,000 shares before the fixture's deposit is repeated.
      const vault = await connection.viem.deployContract("ReentrantReceiver");
      await verify(f, vault.address, COUNTRY.ES);
      await transfer(f, f.assetId, alice, vault.address, 1_000n);
      await deposit(f, f.assetId, eur(10_000));
      assert.equal(await claimable(f, f.assetId, vault.address), eur(1_000));
      const d = f.revenueDistributor;
      const claimAgain = encodeFunctionData({ abi: d.abi, functionName: "claim", args: [f.assetId, vault.address] });
      const reinvest = encodeFunctionData({
        abi: d.abi,
        functionName: "reinvestInBuyOrder",
        args: [f.assetId, f.assetId, eur(100), 5n, 0n],
      });

      // Bubbling the failure: the whole reinvestment reverts.
      await vault.write.setAction([d.address, claimAgain, true]);
      await assertions.revertWithCustomError(vault.write.execute([d.address, reinvest]), d, "ReentrancyGuardReentrantCall");

      // Swallowing it: the fill completes, the nested claim did not happen.
      await vault.write.setAction([d.address, claimAgain, false]);
      await vault.write.execute([d.address, reinvest]);
      assert.equal(await vault.read.attempted(), true);
      assert.equal(await vault.read.lastSuccess(), false);
      const value = eur(95) * 5n;
      const fee = await f.orderBook.read.feeFor([value]);
      assert.equal(await f.energyAsset.read.balanceOf([vault.address, f.assetId]), 1_005n);
      assert.equal(await claimable(f, f.assetId, vault.address), eur(1_000) - value - fee);
      assert.equal(await balance(f, vault.address), 0n);
      await assertBacked(f);
    });

    it("needs the order book's funder role", async () => {
      const f = await loadFixture(deposited);
      const role = await f.orderBook.read.FUNDER_ROLE();
      await f.orderBook.write.revokeRole([role, f.revenueDistributor.address], { account: f.wallets.admin.account });
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.reinvestInBuyOrder([f.assetId, f.assetId, eur(90), 1n, 0n], {
          account: f.wallets.alice.account,
        }),
        f.orderBook,
        "AccessControlUnauthorizedAccount",
        [f.revenueDistributor.address, role],
      );
    });
  });

  // ------------------------------------------------------------------ recoverUnaccountedTokens

  describe("recoverUnaccountedTokens", () => {
    it("recovers stablecoin sent directly, never what holders are owed", async () => {
      const f = await loadFixture(deposited);
      const { eve, admin, treasury, alice } = f.wallets;
      const treasuryCash = await balance(f, addressOf(treasury));
      await f.stablecoin.write.transfer([f.revenueDistributor.address, eur(123)], { account: eve.account });
      // A direct transfer is not revenue.
      assert.equal(await claimable(f, f.assetId, alice), eur(4_000));
      assert.equal(await f.revenueDistributor.read.totalDeposited([f.assetId]), eur(10_000));
      const { result } = await f.revenueDistributor.simulate.recoverUnaccountedTokens(
        [f.stablecoin.address, addressOf(treasury)],
        { account: admin.account.address },
      );
      assert.equal(result, eur(123));
      await assertions.emitWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([f.stablecoin.address, addressOf(treasury)], {
          account: admin.account.address,
        }),
        f.revenueDistributor,
        "UnaccountedTokensRecovered",
        [f.stablecoin.address, addressOf(treasury), eur(123)],
      );
      assert.equal(await balance(f, addressOf(treasury)), treasuryCash + eur(123));
      await assertBacked(f);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([f.stablecoin.address, addressOf(treasury)], {
          account: admin.account.address,
        }),
        f.revenueDistributor,
        "NothingToRecover",
        [f.stablecoin.address],
      );
      // Everyone can still claim in full.
      for (const wallet of [alice, f.wallets.bob, f.wallets.carol]) {
        await f.revenueDistributor.write.claim([f.assetId, addressOf(wallet)], { account: wallet.account.address });
      }
      assert.equal(await balance(f, f.revenueDistributor.address), 0n);
    });

    it("recovers any other token entirely", async () => {
      const f = await loadFixture(deposited);
      const { admin, treasury } = f.wallets;
      const other = await connection.viem.deployContract("DevStablecoin");
      await other.write.faucet([f.revenueDistributor.address, 777n]);
      await f.revenueDistributor.write.recoverUnaccountedTokens([other.address, addressOf(treasury)], {
        account: admin.account,
      });
      assert.equal(await other.read.balanceOf([addressOf(treasury)]), 777n);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([other.address, addressOf(treasury)], {
          account: admin.account,
        }),
        f.revenueDistributor,
        "NothingToRecover",
        [other.address],
      );
      await assertBacked(f);
    });

    it("reverts NothingToRecover when the stablecoin held is exactly what is owed", async () => {
      const f = await loadFixture(deposited);
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([f.stablecoin.address, addressOf(f.wallets.admin)], {
          account: f.wallets.admin.account,
        }),
        f.revenueDistributor,
        "NothingToRecover",
        [f.stablecoin.address],
      );
    });

    it("is admin only and refuses the zero recipient", async () => {
      const f = await loadFixture(deposited);
      const { ops, admin } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([f.stablecoin.address, addressOf(ops)], { account: ops.account }),
        f.revenueDistributor,
        "AccessControlUnauthorizedAccount",
        [addressOf(ops), roles.DEFAULT_ADMIN],
      );
      await assertions.revertWithCustomErrorWithArgs(
        f.revenueDistributor.write.recoverUnaccountedTokens([f.stablecoin.address, zeroAddress], { account: admin.account }),
        f.revenueDistributor,
        "InvalidRecipient",
        [zeroAddress],
      );
    });

    it("shares cannot be sent to the distributor at all", async () => {
      const f = await loadFixture(deposited);
      const { alice } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        transfer(f, f.assetId, alice, f.revenueDistributor.address, 1n),
        f.compliance,
        "RecipientNotVerified",
        [f.revenueDistributor.address],
      );
      assert.equal(await f.energyAsset.read.balanceOf([f.revenueDistributor.address, f.assetId]), 0n);
    });
  });

  // ------------------------------------------------------------------ views

  describe("views", () => {
    it("read zero for unknown assets and holders", async () => {
      const f = await loadFixture(deposited);
      assert.equal(await claimable(f, 99n, f.wallets.alice), 0n);
      assert.equal(await claimable(f, f.assetId, f.wallets.eve), 0n);
      assert.equal(await f.revenueDistributor.read.totalDeposited([99n]), 0n);
      assert.equal(await f.revenueDistributor.read.totalClaimed([99n]), 0n);
    });

    it("claimable stays put as time passes (accrual comes from deposits only)", async () => {
      const f = await loadFixture(deposited);
      await time.increase(365 * 24 * 3600);
      assert.equal(await claimable(f, f.assetId, f.wallets.alice), eur(4_000));
    });
  });
});
