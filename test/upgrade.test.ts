import assert from "node:assert/strict";
import { describe, it } from "node:test";
import hre, { network } from "hardhat";
import { upgrades } from "@openzeppelin/hardhat-upgrades/viem";
import { activeAssetFixture, STATUS } from "./helpers/fixture.ts";

describe("upgrades", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const upgradesApi = await upgrades(hre, connection);
  // V2's reinitializer sets only V2 state; V1's parent initializers ran when the proxy was deployed.
  const v2Options = { unsafeAllow: ["missing-initializer", "missing-initializer-call"] as const };

  /** An active asset whose holders delegated, with vote history, then one more asset under review. */
  const holdersVoting = async () => {
    const f = await activeAssetFixture(connection);
    const { alice, bob, carol } = f.wallets;
    await f.energyAsset.write.delegate([f.assetId, alice.account.address], { account: alice.account });
    await f.energyAsset.write.delegate([f.assetId, alice.account.address], { account: bob.account });
    await f.energyAsset.write.delegate([f.assetId, carol.account.address], { account: carol.account });
    await networkHelpers.mine();
    return f;
  };

  it("upgrades EnergyAsset to a V2 that adds state, keeping balances, votes and assets", async () => {
    const f = await networkHelpers.loadFixture(holdersVoting);
    const { alice, bob, carol } = f.wallets;
    const holders = [alice, bob, carol].map((w) => w.account.address);
    const snapshotTime = BigInt(await networkHelpers.time.latest());
    await networkHelpers.mine();

    const before = {
      balances: await Promise.all(holders.map((h) => f.energyAsset.read.balanceOf([h, f.assetId]))),
      votes: await Promise.all(holders.map((h) => f.energyAsset.read.getVotes([f.assetId, h]))),
      pastVotes: await f.energyAsset.read.getPastVotes([f.assetId, alice.account.address, snapshotTime]),
      asset: await f.energyAsset.read.asset([f.assetId]),
      spec: await f.energyAsset.read.assetSpec([f.assetId]),
      supply: await f.energyAsset.read.totalSupply([f.assetId]),
      holderCount: await f.energyAsset.read.holderCount([f.assetId]),
      implementation: await upgradesApi.erc1967.getImplementationAddress(f.energyAsset.address),
    };
    assert.deepEqual(before.balances, [4_000n, 3_000n, 3_000n]);
    assert.deepEqual(before.votes, [7_000n, 0n, 3_000n]);

    const v2 = await upgradesApi.upgradeProxy(f.energyAsset.address, "EnergyAssetV2Mock", {
      unsafeAllow: [...v2Options.unsafeAllow],
      call: { fn: "initializeV2", args: ["v2: audit trail"] },
    });
    assert.equal(v2.address, f.energyAsset.address);
    assert.notEqual(await upgradesApi.erc1967.getImplementationAddress(f.energyAsset.address), before.implementation);

    assert.deepEqual(await Promise.all(holders.map((h) => v2.read.balanceOf([h, f.assetId]))), before.balances);
    assert.deepEqual(await Promise.all(holders.map((h) => v2.read.getVotes([f.assetId, h]))), before.votes);
    assert.equal(await v2.read.getPastVotes([f.assetId, alice.account.address, snapshotTime]), before.pastVotes);
    assert.deepEqual(await v2.read.asset([f.assetId]), before.asset);
    assert.deepEqual(await v2.read.assetSpec([f.assetId]), before.spec);
    assert.equal(await v2.read.totalSupply([f.assetId]), before.supply);
    assert.equal(await v2.read.holderCount([f.assetId]), before.holderCount);
    assert.equal((await v2.read.asset([f.assetId])).status, STATUS.Active);

    // The new state works and the old behaviour still does.
    assert.equal(await v2.read.releaseNote(), "v2: audit trail");
    await v2.write.recordAudit([f.assetId]);
    assert.equal(await v2.read.auditCount([f.assetId]), 1n);
    await v2.write.safeTransferFrom([bob.account.address, carol.account.address, f.assetId, 500n, "0x"], {
      account: bob.account,
    });
    assert.equal(await v2.read.getVotes([f.assetId, alice.account.address]), 6_500n);
    assert.equal(await v2.read.getVotes([f.assetId, carol.account.address]), 3_500n);

    // Reinitialising is refused.
    await viem.assertions.revertWithCustomError(v2.write.initializeV2(["again"]), v2, "InvalidInitialization");
  });

  it("validates the storage layout of every upgradeable contract against its next version", async () => {
    const f = await networkHelpers.loadFixture(holdersVoting);
    await upgradesApi.validateUpgrade(f.energyAsset.address, "EnergyAssetV2Mock", {
      unsafeAllow: [...v2Options.unsafeAllow],
    });
    for (const [proxy, name] of [
      [f.identityRegistry.address, "IdentityRegistry"],
      [f.compliance.address, "Compliance"],
      [f.offering.address, "Offering"],
    ] as const) {
      await upgradesApi.validateUpgrade(proxy, name);
      await upgradesApi.validateImplementation(name);
    }
  });

  it("refuses an upgrade-unsafe implementation", async () => {
    const f = await networkHelpers.loadFixture(holdersVoting);
    await assert.rejects(
      upgradesApi.upgradeProxy(f.energyAsset.address, "EnergyAssetUnsafeMock"),
      /unsafe|not upgrade safe|state-variable-assignment/i,
    );
  });

  it("only the admin (later the timelock) can upgrade", async () => {
    const f = await networkHelpers.loadFixture(holdersVoting);
    const implementation = await viem.deployContract("EnergyAssetV2Mock");
    for (const address of [f.energyAsset.address, f.identityRegistry.address, f.compliance.address, f.offering.address]) {
      // Every proxy shares UUPS's upgradeToAndCall and AccessControl's error: one ABI serves them all.
      const proxy = await viem.getContractAt("IdentityRegistry", address);
      await viem.assertions.revertWithCustomError(
        proxy.write.upgradeToAndCall([implementation.address, "0x"], { account: f.wallets.ops.account }),
        proxy,
        "AccessControlUnauthorizedAccount",
      );
    }
  });
});
