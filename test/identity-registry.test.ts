import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import { COUNTRY, deployFixture, INVESTOR_CLASS, ONE_YEAR, type Fixture } from "./helpers/fixture.ts";

// keccak256("eip1967.proxy.implementation") - 1
const IMPLEMENTATION_SLOT: Hex = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

describe("IdentityRegistry", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const deployed = () => deployFixture(connection);

  /** alice registered as identity 1 (ES, Retail), bob as identity 2 (DE, Professional). */
  async function twoIdentitiesFixture() {
    const f = await deployFixture(connection);
    const expiresAt = BigInt(await f.networkHelpers.time.latest()) + ONE_YEAR;
    const agent = { account: f.wallets.ops.account };
    await f.identityRegistry.write.registerIdentity(
      [f.wallets.alice.account.address, COUNTRY.ES, INVESTOR_CLASS.Retail, expiresAt],
      agent,
    );
    await f.identityRegistry.write.registerIdentity(
      [f.wallets.bob.account.address, COUNTRY.DE, INVESTOR_CLASS.Professional, expiresAt],
      agent,
    );
    return { ...f, expiresAt };
  }
  const twoIdentities = () => twoIdentitiesFixture();

  const inAYear = async (f: Fixture) => BigInt(await f.networkHelpers.time.latest()) + ONE_YEAR;

  describe("initial state", () => {
    it("starts empty with the admin holding DEFAULT_ADMIN_ROLE and the agent KYC_AGENT_ROLE", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, ops, alice } = f.wallets;
      assert.equal(await f.identityRegistry.read.identityCount(), 0n);
      assert.equal(await f.identityRegistry.read.identityOf([alice.account.address]), 0n);
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 0n);
      assert.equal(await f.identityRegistry.read.hasRole([roles.DEFAULT_ADMIN, admin.account.address]), true);
      assert.equal(await f.identityRegistry.read.hasRole([roles.KYC_AGENT, ops.account.address]), true);
      assert.equal(await f.identityRegistry.read.hasRole([roles.KYC_AGENT, admin.account.address]), false);
    });
  });

  describe("registerIdentity", () => {
    it("assigns ids from 1, stores the record and links the first wallet", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, alice, bob } = f.wallets;
      const expiresAt = await inAYear(f);
      const { result } = await f.identityRegistry.simulate.registerIdentity(
        [alice.account.address, COUNTRY.ES, INVESTOR_CLASS.Institutional, expiresAt],
        { account: ops.account.address },
      );
      assert.equal(result, 1n);
      await f.identityRegistry.write.registerIdentity(
        [alice.account.address, COUNTRY.ES, INVESTOR_CLASS.Institutional, expiresAt],
        { account: ops.account },
      );
      await f.identityRegistry.write.registerIdentity(
        [bob.account.address, COUNTRY.DE, INVESTOR_CLASS.Retail, expiresAt + 1n],
        { account: ops.account },
      );

      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      assert.equal(await f.identityRegistry.read.identityOf([alice.account.address]), 1n);
      assert.equal(await f.identityRegistry.read.identityOf([bob.account.address]), 2n);
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 1n);
      assert.equal(await f.identityRegistry.read.walletCount([2n]), 1n);
      assert.deepEqual(await f.identityRegistry.read.identity([1n]), {
        country: COUNTRY.ES,
        investorClass: INVESTOR_CLASS.Institutional,
        expiresAt,
        revoked: false,
      });
      assert.deepEqual(await f.identityRegistry.read.identity([2n]), {
        country: COUNTRY.DE,
        investorClass: INVESTOR_CLASS.Retail,
        expiresAt: expiresAt + 1n,
        revoked: false,
      });
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
    });

    it("emits IdentityRegistered and WalletLinked with the agent", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, carol } = f.wallets;
      const expiresAt = await inAYear(f);
      const args = [carol.account.address, COUNTRY.FR, INVESTOR_CLASS.Professional, expiresAt] as const;
      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.registerIdentity(args, { account: ops.account }),
        f.identityRegistry,
        "IdentityRegistered",
        [1n, getAddress(carol.account.address), COUNTRY.FR, INVESTOR_CLASS.Professional, expiresAt, getAddress(ops.account.address)],
      );
      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.registerIdentity(
          [f.wallets.dave.account.address, COUNTRY.NL, INVESTOR_CLASS.Retail, expiresAt],
          { account: ops.account },
        ),
        f.identityRegistry,
        "WalletLinked",
        [2n, getAddress(f.wallets.dave.account.address), getAddress(ops.account.address)],
      );
    });

    it("accepts the country code bounds 1 and 999", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, alice, bob } = f.wallets;
      const expiresAt = await inAYear(f);
      await f.identityRegistry.write.registerIdentity([alice.account.address, 1, 0, expiresAt], { account: ops.account });
      await f.identityRegistry.write.registerIdentity([bob.account.address, 999, 0, expiresAt], { account: ops.account });
      assert.equal((await f.identityRegistry.read.identity([1n])).country, 1);
      assert.equal((await f.identityRegistry.read.identity([2n])).country, 999);
    });

    it("reverts with InvalidCountry for 0 and for codes above 999", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, alice } = f.wallets;
      const expiresAt = await inAYear(f);
      for (const country of [0, 1000, 65535]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.write.registerIdentity([alice.account.address, country, 0, expiresAt], {
            account: ops.account,
          }),
          f.identityRegistry,
          "InvalidCountry",
          [country],
        );
      }
      assert.equal(await f.identityRegistry.read.identityCount(), 0n);
    });

    it("reverts with InvalidExpiry for an expiry in the past", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, alice } = f.wallets;
      const past = BigInt(await networkHelpers.time.latest()) - 1n;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.registerIdentity([alice.account.address, COUNTRY.ES, 0, past], {
          account: ops.account,
        }),
        f.identityRegistry,
        "InvalidExpiry",
        [past],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.registerIdentity([alice.account.address, COUNTRY.ES, 0, 0n], {
          account: ops.account,
        }),
        f.identityRegistry,
        "InvalidExpiry",
        [0n],
      );
    });

    it("reverts with InvalidExpiry for an expiry equal to the block time, accepts one second later", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, alice } = f.wallets;
      const next = BigInt(await networkHelpers.time.latest()) + 100n;
      await networkHelpers.time.setNextBlockTimestamp(next);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.registerIdentity([alice.account.address, COUNTRY.ES, 0, next], {
          account: ops.account,
        }),
        f.identityRegistry,
        "InvalidExpiry",
        [next],
      );
      await networkHelpers.time.setNextBlockTimestamp(next);
      await f.identityRegistry.write.registerIdentity([alice.account.address, COUNTRY.ES, 0, next + 1n], {
        account: ops.account,
      });
      assert.equal(BigInt(await networkHelpers.time.latest()), next);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
    });

    it("reverts with InvalidWallet for the zero address", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.registerIdentity([zeroAddress, COUNTRY.ES, 0, await inAYear(f)], {
          account: f.wallets.ops.account,
        }),
        f.identityRegistry,
        "InvalidWallet",
        [zeroAddress],
      );
      assert.equal(await f.identityRegistry.read.identityCount(), 0n);
    });

    it("reverts with WalletAlreadyLinked when the wallet already belongs to an identity", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, bob } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.registerIdentity([bob.account.address, COUNTRY.ES, 0, f.expiresAt], {
          account: ops.account,
        }),
        f.identityRegistry,
        "WalletAlreadyLinked",
        [getAddress(bob.account.address), 2n],
      );
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      assert.equal(await f.identityRegistry.read.walletCount([2n]), 1n);
    });
  });

  describe("updateIdentity", () => {
    it("replaces country, class and expiry and emits IdentityUpdated", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice } = f.wallets;
      const newExpiry = f.expiresAt + ONE_YEAR;
      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.updateIdentity([1n, COUNTRY.PT, INVESTOR_CLASS.Institutional, newExpiry], {
          account: ops.account,
        }),
        f.identityRegistry,
        "IdentityUpdated",
        [1n, COUNTRY.PT, INVESTOR_CLASS.Institutional, newExpiry, getAddress(ops.account.address)],
      );
      assert.deepEqual(await f.identityRegistry.read.identity([1n]), {
        country: COUNTRY.PT,
        investorClass: INVESTOR_CLASS.Institutional,
        expiresAt: newExpiry,
        revoked: false,
      });
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [
        1n,
        true,
        COUNTRY.PT,
        INVESTOR_CLASS.Institutional,
      ]);
      // The other identity is untouched.
      assert.equal((await f.identityRegistry.read.identity([2n])).country, COUNTRY.DE);
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
    });

    it("clears a revocation (re-verification)", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice } = f.wallets;
      await f.identityRegistry.write.revokeIdentity([1n, "sanctions hit"], { account: ops.account });
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), false);
      await f.identityRegistry.write.updateIdentity([1n, COUNTRY.ES, INVESTOR_CLASS.Retail, f.expiresAt], {
        account: ops.account,
      });
      assert.equal((await f.identityRegistry.read.identity([1n])).revoked, false);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
    });

    it("re-verifies an expired identity with a new expiry", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice } = f.wallets;
      await networkHelpers.time.increaseTo(f.expiresAt);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), false);
      await f.identityRegistry.write.updateIdentity([1n, COUNTRY.ES, 0, f.expiresAt + ONE_YEAR], {
        account: ops.account,
      });
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
    });

    it("reverts with IdentityNotFound for id 0 and an unknown id", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      for (const id of [0n, 3n, 2n ** 256n - 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.write.updateIdentity([id, COUNTRY.ES, 0, f.expiresAt], { account: f.wallets.ops.account }),
          f.identityRegistry,
          "IdentityNotFound",
          [id],
        );
      }
    });

    it("validates country and expiry like registerIdentity", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const agent = { account: f.wallets.ops.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.updateIdentity([1n, 0, 0, f.expiresAt], agent),
        f.identityRegistry,
        "InvalidCountry",
        [0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.updateIdentity([1n, 1000, 0, f.expiresAt], agent),
        f.identityRegistry,
        "InvalidCountry",
        [1000],
      );
      const past = BigInt(await networkHelpers.time.latest());
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.updateIdentity([1n, COUNTRY.ES, 0, past], agent),
        f.identityRegistry,
        "InvalidExpiry",
        [past],
      );
    });
  });

  describe("revokeIdentity", () => {
    it("marks the identity revoked, unverifies every linked wallet and emits the reason", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, bob, eve } = f.wallets;
      await f.identityRegistry.write.linkWallet([1n, eve.account.address], { account: ops.account });
      assert.equal(await f.identityRegistry.read.isVerified([eve.account.address]), true);

      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.revokeIdentity([1n, "AML: sanctions list match"], { account: ops.account }),
        f.identityRegistry,
        "IdentityRevoked",
        [1n, "AML: sanctions list match", getAddress(ops.account.address)],
      );
      assert.equal((await f.identityRegistry.read.identity([1n])).revoked, true);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), false);
      assert.equal(await f.identityRegistry.read.isVerified([eve.account.address]), false);
      // Wallets stay linked; only verification is withdrawn.
      assert.equal(await f.identityRegistry.read.identityOf([alice.account.address]), 1n);
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 2n);
      // Bob's identity is unaffected.
      assert.equal(await f.identityRegistry.read.isVerified([bob.account.address]), true);
    });

    it("reverts with IdentityNotFound for id 0 and an unknown id", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      for (const id of [0n, 3n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.write.revokeIdentity([id, "x"], { account: f.wallets.ops.account }),
          f.identityRegistry,
          "IdentityNotFound",
          [id],
        );
      }
    });
  });

  describe("linkWallet / unlinkWallet", () => {
    it("links another wallet that shares the identity's verification, country and class", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, eve } = f.wallets;
      assert.equal(await f.identityRegistry.read.isVerified([eve.account.address]), false);
      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.linkWallet([2n, eve.account.address], { account: ops.account }),
        f.identityRegistry,
        "WalletLinked",
        [2n, getAddress(eve.account.address), getAddress(ops.account.address)],
      );
      assert.equal(await f.identityRegistry.read.identityOf([eve.account.address]), 2n);
      assert.equal(await f.identityRegistry.read.walletCount([2n]), 2n);
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 1n);
      assert.deepEqual(await f.identityRegistry.read.investorOf([eve.account.address]), [
        2n,
        true,
        COUNTRY.DE,
        INVESTOR_CLASS.Professional,
      ]);
    });

    it("linkWallet reverts with IdentityNotFound, InvalidWallet and WalletAlreadyLinked", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, eve } = f.wallets;
      const agent = { account: ops.account };
      for (const id of [0n, 3n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.write.linkWallet([id, eve.account.address], agent),
          f.identityRegistry,
          "IdentityNotFound",
          [id],
        );
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.linkWallet([1n, zeroAddress], agent),
        f.identityRegistry,
        "InvalidWallet",
        [zeroAddress],
      );
      // Already linked to another identity, and to the same identity.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.linkWallet([2n, alice.account.address], agent),
        f.identityRegistry,
        "WalletAlreadyLinked",
        [getAddress(alice.account.address), 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.linkWallet([1n, alice.account.address], agent),
        f.identityRegistry,
        "WalletAlreadyLinked",
        [getAddress(alice.account.address), 1n],
      );
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 1n);
    });

    it("unlinks a wallet: event, wallet count, identityOf and verification follow", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, eve } = f.wallets;
      await f.identityRegistry.write.linkWallet([1n, eve.account.address], { account: ops.account });
      await viem.assertions.emitWithArgs(
        f.identityRegistry.write.unlinkWallet([alice.account.address], { account: ops.account }),
        f.identityRegistry,
        "WalletUnlinked",
        [1n, getAddress(alice.account.address), getAddress(ops.account.address)],
      );
      assert.equal(await f.identityRegistry.read.identityOf([alice.account.address]), 0n);
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 1n);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), false);
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [0n, false, 0, 0]);
      // The identity itself and its remaining wallet are unaffected.
      assert.equal(await f.identityRegistry.read.isVerified([eve.account.address]), true);
      assert.equal((await f.identityRegistry.read.identity([1n])).country, COUNTRY.ES);

      await f.identityRegistry.write.unlinkWallet([eve.account.address], { account: ops.account });
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 0n);
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
    });

    it("an unlinked wallet can be linked to another identity", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice } = f.wallets;
      await f.identityRegistry.write.unlinkWallet([alice.account.address], { account: ops.account });
      await f.identityRegistry.write.linkWallet([2n, alice.account.address], { account: ops.account });
      assert.equal(await f.identityRegistry.read.identityOf([alice.account.address]), 2n);
      assert.equal(await f.identityRegistry.read.walletCount([2n]), 2n);
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [
        2n,
        true,
        COUNTRY.DE,
        INVESTOR_CLASS.Professional,
      ]);
    });

    it("unlinkWallet reverts with WalletNotLinked for unknown, zero and already unlinked wallets", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, eve } = f.wallets;
      const agent = { account: ops.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.unlinkWallet([eve.account.address], agent),
        f.identityRegistry,
        "WalletNotLinked",
        [getAddress(eve.account.address)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.unlinkWallet([zeroAddress], agent),
        f.identityRegistry,
        "WalletNotLinked",
        [zeroAddress],
      );
      await f.identityRegistry.write.unlinkWallet([alice.account.address], agent);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.unlinkWallet([alice.account.address], agent),
        f.identityRegistry,
        "WalletNotLinked",
        [getAddress(alice.account.address)],
      );
      assert.equal(await f.identityRegistry.read.walletCount([1n]), 0n);
    });
  });

  describe("views", () => {
    it("isVerified turns false once the expiry is reached", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { alice } = f.wallets;
      await networkHelpers.time.increaseTo(f.expiresAt - 1n);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
      await networkHelpers.time.increase(1);
      assert.equal(BigInt(await networkHelpers.time.latest()), f.expiresAt);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), false);
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [
        1n,
        false,
        COUNTRY.ES,
        INVESTOR_CLASS.Retail,
      ]);
      // The record is kept.
      assert.equal((await f.identityRegistry.read.identity([1n])).expiresAt, f.expiresAt);
    });

    it("investorOf returns identity, verification, country and class", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, bob, eve } = f.wallets;
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [
        1n,
        true,
        COUNTRY.ES,
        INVESTOR_CLASS.Retail,
      ]);
      assert.deepEqual(await f.identityRegistry.read.investorOf([bob.account.address]), [
        2n,
        true,
        COUNTRY.DE,
        INVESTOR_CLASS.Professional,
      ]);
      assert.deepEqual(await f.identityRegistry.read.investorOf([eve.account.address]), [0n, false, 0, 0]);
      assert.deepEqual(await f.identityRegistry.read.investorOf([zeroAddress]), [0n, false, 0, 0]);
      await f.identityRegistry.write.revokeIdentity([2n, "withdrawn"], { account: ops.account });
      assert.deepEqual(await f.identityRegistry.read.investorOf([bob.account.address]), [
        2n,
        false,
        COUNTRY.DE,
        INVESTOR_CLASS.Professional,
      ]);
    });

    it("identity() reverts with IdentityNotFound for 0 and unknown ids", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      for (const id of [0n, 3n, 1000n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.read.identity([id]),
          f.identityRegistry,
          "IdentityNotFound",
          [id],
        );
      }
    });

    it("identityCount counts every registration, including unlinked identities", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice, carol } = f.wallets;
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      await f.identityRegistry.write.unlinkWallet([alice.account.address], { account: ops.account });
      await f.identityRegistry.write.revokeIdentity([2n, "x"], { account: ops.account });
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      await f.identityRegistry.write.registerIdentity([carol.account.address, COUNTRY.FR, 0, f.expiresAt], {
        account: ops.account,
      });
      assert.equal(await f.identityRegistry.read.identityCount(), 3n);
      assert.equal(await f.identityRegistry.read.identityOf([carol.account.address]), 3n);
    });
  });

  describe("access control", () => {
    it("every KYC write reverts with AccessControlUnauthorizedAccount for non-agents, including the admin", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { admin, alice, eve } = f.wallets;
      for (const caller of [alice, admin]) {
        const as = { account: caller.account };
        const expected = [getAddress(caller.account.address), roles.KYC_AGENT] as const;
        // Thunks, so each call starts only when its assertion awaits it.
        const calls = [
          () => f.identityRegistry.write.registerIdentity([eve.account.address, COUNTRY.ES, 0, f.expiresAt], as),
          () => f.identityRegistry.write.updateIdentity([1n, COUNTRY.ES, 0, f.expiresAt], as),
          () => f.identityRegistry.write.revokeIdentity([1n, "x"], as),
          () => f.identityRegistry.write.linkWallet([1n, eve.account.address], as),
          () => f.identityRegistry.write.unlinkWallet([alice.account.address], as),
        ];
        for (const call of calls) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            call(),
            f.identityRegistry,
            "AccessControlUnauthorizedAccount",
            [...expected],
          );
        }
      }
      // Nothing changed.
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
      assert.equal(await f.identityRegistry.read.identityOf([eve.account.address]), 0n);
    });

    it("only the admin grants KYC_AGENT_ROLE, and a new agent can then register", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, alice, carol } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.identityRegistry.write.grantRole([roles.KYC_AGENT, alice.account.address], { account: alice.account }),
        f.identityRegistry,
        "AccessControlUnauthorizedAccount",
        [getAddress(alice.account.address), roles.DEFAULT_ADMIN],
      );
      await f.identityRegistry.write.grantRole([roles.KYC_AGENT, carol.account.address], { account: admin.account });
      await f.identityRegistry.write.registerIdentity([alice.account.address, COUNTRY.ES, 0, await inAYear(f)], {
        account: carol.account,
      });
      assert.equal(await f.identityRegistry.read.isVerified([alice.account.address]), true);
    });
  });

  describe("initialisation and upgrades", () => {
    it("initialize cannot be called again on the proxy or at all on the implementation", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, alice } = f.wallets;
      await viem.assertions.revertWithCustomError(
        f.identityRegistry.write.initialize([alice.account.address], { account: admin.account }),
        f.identityRegistry,
        "InvalidInitialization",
      );
      await viem.assertions.revertWithCustomError(
        f.identityRegistry.write.initialize([alice.account.address], { account: alice.account }),
        f.identityRegistry,
        "InvalidInitialization",
      );
      const implementation = f.deployment.contracts.IdentityRegistry.implementation;
      assert.ok(implementation !== undefined);
      const bare = await viem.getContractAt("IdentityRegistry", implementation);
      await viem.assertions.revertWithCustomError(
        bare.write.initialize([alice.account.address], { account: alice.account }),
        bare,
        "InvalidInitialization",
      );
      assert.equal(await f.identityRegistry.read.hasRole([roles.DEFAULT_ADMIN, alice.account.address]), false);
    });

    it("upgradeToAndCall by a non-admin reverts with AccessControlUnauthorizedAccount", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { ops, alice } = f.wallets;
      const next = await viem.deployContract("IdentityRegistry");
      for (const caller of [alice, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.identityRegistry.write.upgradeToAndCall([next.address, "0x"], { account: caller.account }),
          f.identityRegistry,
          "AccessControlUnauthorizedAccount",
          [getAddress(caller.account.address), roles.DEFAULT_ADMIN],
        );
      }
      assert.equal(await implementationOf(f, f.identityRegistry.address), getAddress(f.deployment.contracts.IdentityRegistry.implementation!));
    });

    it("the admin upgrades and identities survive", async () => {
      const f = await networkHelpers.loadFixture(twoIdentities);
      const { admin, alice } = f.wallets;
      const next = await viem.deployContract("IdentityRegistry");
      await f.identityRegistry.write.upgradeToAndCall([next.address, "0x"], { account: admin.account });
      assert.equal(await implementationOf(f, f.identityRegistry.address), getAddress(next.address));
      assert.equal(await f.identityRegistry.read.identityCount(), 2n);
      assert.deepEqual(await f.identityRegistry.read.investorOf([alice.account.address]), [
        1n,
        true,
        COUNTRY.ES,
        INVESTOR_CLASS.Retail,
      ]);
    });
  });

  async function implementationOf(f: Fixture, proxy: Address): Promise<Address> {
    const word = await f.publicClient.getStorageAt({ address: proxy, slot: IMPLEMENTATION_SLOT });
    assert.ok(word !== undefined);
    return getAddress(`0x${word.slice(-40)}`);
  }
});
