import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { hashDomain } from "viem";
import { deployFixture, eur, signPermit } from "./helpers/fixture.ts";

describe("DevStablecoin", async () => {
  const connection = await network.create();
  const platform = () => deployFixture(connection);
  const { assertions } = connection.viem;

  const inOneHour = async () => BigInt(await connection.networkHelpers.time.latest()) + 3600n;

  describe("metadata", () => {
    it("is the 6-decimal CoWatt Dev Euro with no initial supply", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      assert.equal(await f.stablecoin.read.decimals(), 6);
      assert.equal(await f.stablecoin.read.name(), "CoWatt Dev Euro");
      assert.equal(await f.stablecoin.read.symbol(), "dEUR");
      assert.equal(await f.stablecoin.read.totalSupply(), 0n);
      assert.equal(await f.stablecoin.read.FAUCET_LIMIT(), 1_000_000_000_000n);
    });
  });

  describe("faucet", () => {
    it("lets anyone mint up to the limit to any wallet", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const { eve, bob } = f.wallets;
      await f.stablecoin.write.faucet([bob.account.address, eur(1_000_000)], { account: eve.account });
      await f.stablecoin.write.faucet([bob.account.address, eur("0.000001")], { account: eve.account });
      assert.equal(await f.stablecoin.read.balanceOf([bob.account.address]), 1_000_000_000_001n);
      assert.equal(await f.stablecoin.read.balanceOf([eve.account.address]), 0n);
      assert.equal(await f.stablecoin.read.totalSupply(), 1_000_000_000_001n);
    });

    it("emits a mint Transfer", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const alice = f.wallets.alice.account.address;
      await assertions.emitWithArgs(f.stablecoin.write.faucet([alice, eur(42)]), f.stablecoin, "Transfer", [
        "0x0000000000000000000000000000000000000000",
        alice,
        42_000_000n,
      ]);
    });

    it("reverts FaucetLimitExceeded above 1,000,000 dEUR", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const alice = f.wallets.alice.account.address;
      await assertions.revertWithCustomErrorWithArgs(
        f.stablecoin.write.faucet([alice, eur(1_000_000) + 1n]),
        f.stablecoin,
        "FaucetLimitExceeded",
        [1_000_000_000_001n, 1_000_000_000_000n],
      );
      assert.equal(await f.stablecoin.read.balanceOf([alice]), 0n);
    });
  });

  describe("permit (EIP-2612)", () => {
    it("uses the domain name 'CoWatt Dev Euro', version 1", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const expected = hashDomain({
        domain: {
          name: "CoWatt Dev Euro",
          version: "1",
          chainId: BigInt(await f.publicClient.getChainId()),
          verifyingContract: f.stablecoin.address,
        },
        types: {
          EIP712Domain: [
            { name: "name", type: "string" },
            { name: "version", type: "string" },
            { name: "chainId", type: "uint256" },
            { name: "verifyingContract", type: "address" },
          ],
        },
      });
      assert.equal(await f.stablecoin.read.DOMAIN_SEPARATOR(), expected);
    });

    it("sets the allowance from a signature submitted by someone else and increments the nonce", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const { alice, bob, eve } = f.wallets;
      const owner = alice.account.address;
      const spender = bob.account.address;
      const deadline = await inOneHour();
      assert.equal(await f.stablecoin.read.nonces([owner]), 0n);

      const first = await signPermit(f, alice, spender, eur(250), deadline);
      await assertions.emitWithArgs(
        f.stablecoin.write.permit([owner, spender, eur(250), deadline, first.v, first.r, first.s], {
          account: eve.account,
        }),
        f.stablecoin,
        "Approval",
        [owner, spender, 250_000_000n],
      );
      assert.equal(await f.stablecoin.read.allowance([owner, spender]), 250_000_000n);
      assert.equal(await f.stablecoin.read.nonces([owner]), 1n);

      const second = await signPermit(f, alice, spender, eur(7), deadline);
      await f.stablecoin.write.permit([owner, spender, eur(7), deadline, second.v, second.r, second.s], {
        account: eve.account,
      });
      assert.equal(await f.stablecoin.read.allowance([owner, spender]), 7_000_000n);
      assert.equal(await f.stablecoin.read.nonces([owner]), 2n);

      // The spender can use it.
      await f.stablecoin.write.faucet([owner, eur(10)]);
      await f.stablecoin.write.transferFrom([owner, spender, eur(7)], { account: bob.account });
      assert.equal(await f.stablecoin.read.balanceOf([spender]), 7_000_000n);
      assert.equal(await f.stablecoin.read.allowance([owner, spender]), 0n);
    });

    it("rejects a replayed permit", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const { alice, bob } = f.wallets;
      const owner = alice.account.address;
      const spender = bob.account.address;
      const deadline = await inOneHour();
      const sig = await signPermit(f, alice, spender, eur(100), deadline);
      await f.stablecoin.write.permit([owner, spender, eur(100), deadline, sig.v, sig.r, sig.s]);
      await assertions.revertWithCustomError(
        f.stablecoin.write.permit([owner, spender, eur(100), deadline, sig.v, sig.r, sig.s]),
        f.stablecoin,
        "ERC2612InvalidSigner",
      );
      assert.equal(await f.stablecoin.read.nonces([owner]), 1n);
    });

    it("rejects a permit whose value was altered", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const { alice, bob } = f.wallets;
      const owner = alice.account.address;
      const spender = bob.account.address;
      const deadline = await inOneHour();
      const sig = await signPermit(f, alice, spender, eur(100), deadline);
      await assertions.revertWithCustomError(
        f.stablecoin.write.permit([owner, spender, eur(101), deadline, sig.v, sig.r, sig.s]),
        f.stablecoin,
        "ERC2612InvalidSigner",
      );
      assert.equal(await f.stablecoin.read.allowance([owner, spender]), 0n);
      assert.equal(await f.stablecoin.read.nonces([owner]), 0n);
    });

    it("rejects an expired permit", async () => {
      const f = await connection.networkHelpers.loadFixture(platform);
      const { alice, bob } = f.wallets;
      const owner = alice.account.address;
      const spender = bob.account.address;
      const deadline = BigInt(await connection.networkHelpers.time.latest()) + 60n;
      const sig = await signPermit(f, alice, spender, eur(100), deadline);
      await connection.networkHelpers.time.increaseTo(deadline + 1n);
      await assertions.revertWithCustomErrorWithArgs(
        f.stablecoin.write.permit([owner, spender, eur(100), deadline, sig.v, sig.r, sig.s]),
        f.stablecoin,
        "ERC2612ExpiredSignature",
        [deadline],
      );
    });
  });
});
