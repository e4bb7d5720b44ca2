import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { activeAssetFixture, STATUS } from "./helpers/fixture.ts";

describe("fixture smoke", async () => {
  const connection = await network.create();
  // loadFixture snapshots by function identity: one named function per fixture and file.
  const activeAsset = () => activeAssetFixture(connection);

  it("builds an active asset with three holders", async () => {
    const f = await connection.networkHelpers.loadFixture(activeAsset);
    assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Active);
    assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
    assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 10_000n);
  });
});
