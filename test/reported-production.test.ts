import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { getAddress, type Address } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  HOUR,
  activeAssetFixture,
  openOffering,
  reportPeriod,
  verifiedAsset,
  windSpec,
  type Fixture,
} from "./helpers/fixture.ts";

const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
const CID = "bafkreihy6vm3bngzvuvwr2hgrj2ix4a2e4xbaokwk2hvcfrwwrqzsbcgfe";
const CAPACITY_W = 5_000_000n; // the fixture's solar farm
const DAY_WH = CAPACITY_W * 24n; // nameplate energy of a day

function assertSameAddress(actual: Address, expected: Address) {
  assert.equal(getAddress(actual), getAddress(expected));
}

describe("ReportedProduction", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture, time } = connection.networkHelpers;

  const active = () => activeAssetFixture(connection);

  /** The active asset with one day reported (30 MWh), ending a day ago. */
  async function onePeriod() {
    const f = await activeAssetFixture(connection);
    const now = BigInt(await time.latest());
    const start = now - 48n * HOUR;
    const end = start + 24n * HOUR;
    await f.reportedProduction.write.reportProduction([f.assetId, start, end, 30_000_000n, CID], {
      account: f.wallets.ops.account,
    });
    return { ...f, start, end };
  }

  const report = (f: Fixture, assetId: bigint, start: bigint, end: bigint, energyWh: bigint, cid = CID) =>
    f.reportedProduction.write.reportProduction([assetId, start, end, energyWh, cid], { account: f.wallets.ops.account });

  describe("initialization", () => {
    it("is wired to EnergyAsset; the operations account reports", async () => {
      const f = await loadFixture(active);
      assertSameAddress(await f.reportedProduction.read.shareToken(), f.energyAsset.address);
      assert.equal(await f.reportedProduction.read.hasRole([roles.REPORTER, f.wallets.ops.account.address]), true);
      assert.equal(
        await f.reportedProduction.read.hasRole([roles.DEFAULT_ADMIN, f.wallets.admin.account.address]),
        true,
      );
      assert.equal(await f.reportedProduction.read.periodCount([f.assetId]), 0n);
      assert.equal(await f.reportedProduction.read.lastPeriodEnd([f.assetId]), 0n);
    });

    it("cannot be initialized twice, nor the implementation at all", async () => {
      const f = await loadFixture(active);
      const { eve } = f.wallets;
      await assertions.revertWithCustomError(
        f.reportedProduction.write.initialize([eve.account.address, f.energyAsset.address], { account: eve.account }),
        f.reportedProduction,
        "InvalidInitialization",
      );
      const slot = await f.publicClient.getStorageAt({ address: f.reportedProduction.address, slot: IMPLEMENTATION_SLOT });
      const implementation = await connection.viem.getContractAt("ReportedProduction", `0x${slot!.slice(26)}`);
      await assertions.revertWithCustomError(
        implementation.write.initialize([eve.account.address, f.energyAsset.address], { account: eve.account }),
        implementation,
        "InvalidInitialization",
      );
    });

    it("upgrades only by the admin, keeping its periods", async () => {
      const f = await loadFixture(onePeriod);
      const next = await connection.viem.deployContract("ReportedProduction");
      const { ops, admin } = f.wallets;
      await assertions.revertWithCustomErrorWithArgs(
        f.reportedProduction.write.upgradeToAndCall([next.address, "0x"], { account: ops.account }),
        f.reportedProduction,
        "AccessControlUnauthorizedAccount",
        [ops.account.address, roles.DEFAULT_ADMIN],
      );
      await f.reportedProduction.write.upgradeToAndCall([next.address, "0x"], { account: admin.account });
      const slot = await f.publicClient.getStorageAt({ address: f.reportedProduction.address, slot: IMPLEMENTATION_SLOT });
      assert.equal(`0x${slot!.slice(26)}`, next.address.toLowerCase());
      assert.equal((await f.reportedProduction.read.production([f.assetId, 1n])).energyWh, 30_000_000n);
    });
  });

  describe("reportProduction", () => {
    it("records period 1, final at once, with an event carrying the evidence", async () => {
      const f = await loadFixture(active);
      const { ops } = f.wallets;
      const now = BigInt(await time.latest());
      const start = now - 24n * HOUR;
      const { result } = await f.reportedProduction.simulate.reportProduction([f.assetId, start, now, 30_000_000n, CID], {
        account: ops.account.address,
      });
      assert.equal(result, 1n);
      await assertions.emitWithArgs(
        report(f, f.assetId, start, now, 30_000_000n),
        f.reportedProduction,
        "ProductionReported",
        [f.assetId, 1n, start, now, 30_000_000n, CID, ops.account.address],
      );
      assert.deepEqual(await f.reportedProduction.read.production([f.assetId, 1n]), {
        start,
        end: now,
        energyWh: 30_000_000n,
        isFinal: true,
      });
      assert.equal(await f.reportedProduction.read.periodCount([f.assetId]), 1n);
      assert.equal(await f.reportedProduction.read.lastPeriodEnd([f.assetId]), now);
    });

    it("numbers contiguous periods per asset", async () => {
      const f = await loadFixture(onePeriod);
      await report(f, f.assetId, f.end, f.end + 6n * HOUR, 1_000n);
      await report(f, f.assetId, f.end + 6n * HOUR, f.end + 7n * HOUR, 0n); // no production is a valid report
      assert.equal(await f.reportedProduction.read.periodCount([f.assetId]), 3n);
      assert.deepEqual(await f.reportedProduction.read.production([f.assetId, 3n]), {
        start: f.end + 6n * HOUR,
        end: f.end + 7n * HOUR,
        energyWh: 0n,
        isFinal: true,
      });
      // Another asset starts its own numbering, anywhere in time.
      const other = await openOffering(f, { hardCapShares: 1_000n, softCapShares: 1_000n }, windSpec());
      await f.offering.write.purchase([other.offeringId, 1_000n], { account: f.wallets.dave.account });
      await f.offering.write.finalizeOffering([other.offeringId]);
      assert.equal(
        await reportPeriod(f, other.assetId, 1_000_000n, 10n),
        1n,
      );
      assert.equal(await f.reportedProduction.read.periodCount([f.assetId]), 3n);
    });

    it("reverts InvalidPeriod for a gap or an overlap with the previous period", async () => {
      const f = await loadFixture(onePeriod);
      for (const start of [f.end + 1n, f.end - 1n, f.start]) {
        await assertions.revertWithCustomErrorWithArgs(
          report(f, f.assetId, start, start + HOUR, 1n),
          f.reportedProduction,
          "InvalidPeriod",
          [f.assetId, start, start + HOUR],
        );
      }
      assert.equal(await f.reportedProduction.read.periodCount([f.assetId]), 1n);
    });

    it("reverts InvalidPeriod for an end not after the start", async () => {
      const f = await loadFixture(active);
      const now = BigInt(await time.latest());
      for (const [start, end] of [[now - HOUR, now - HOUR], [now - HOUR, now - 2n * HOUR]] as const) {
        await assertions.revertWithCustomErrorWithArgs(
          report(f, f.assetId, start, end, 0n),
          f.reportedProduction,
          "InvalidPeriod",
          [f.assetId, start, end],
        );
      }
    });

    it("accepts a period ending at the block's time, not one second later", async () => {
      const f = await loadFixture(active);
      const at = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(at);
      await assertions.revertWithCustomErrorWithArgs(
        report(f, f.assetId, at - HOUR, at + 1n, 0n),
        f.reportedProduction,
        "InvalidPeriod",
        [f.assetId, at - HOUR, at + 1n],
      );
      await time.setNextBlockTimestamp(at + 1n);
      await report(f, f.assetId, at - HOUR, at + 1n, 0n);
      assert.equal(await f.reportedProduction.read.lastPeriodEnd([f.assetId]), at + 1n);
    });

    it("reverts EnergyAboveCapacity above nameplate × duration, accepting exactly the maximum", async () => {
      const f = await loadFixture(active);
      const now = BigInt(await time.latest());
      const start = now - 24n * HOUR;
      await assertions.revertWithCustomErrorWithArgs(
        report(f, f.assetId, start, now, DAY_WH + 1n),
        f.reportedProduction,
        "EnergyAboveCapacity",
        [f.assetId, DAY_WH + 1n, DAY_WH],
      );
      await report(f, f.assetId, start, now, DAY_WH);
      // A period of an hour and a second: 5,000,000 W × 3,601 s / 3,600 = 5,001,388.9 Wh, rounded down.
      const later = now + 3_601n;
      await time.increaseTo(later);
      await assertions.revertWithCustomErrorWithArgs(
        report(f, f.assetId, now, later, 5_001_389n),
        f.reportedProduction,
        "EnergyAboveCapacity",
        [f.assetId, 5_001_389n, 5_001_388n],
      );
      await report(f, f.assetId, now, later, 5_001_388n);
    });

    it("reverts AssetNotProducing unless the asset is Active or Suspended", async () => {
      const f = await loadFixture(active);
      const { ops, admin } = f.wallets;
      const now = BigInt(await time.latest());
      const verified = await verifiedAsset(f, windSpec({ name: "Verified" }));
      const offering = await openOffering(f, {}, windSpec({ name: "In offering" }));
      for (const assetId of [verified, offering.assetId]) {
        await assertions.revertWithCustomErrorWithArgs(
          report(f, assetId, now - HOUR, now, 1n),
          f.reportedProduction,
          "AssetNotProducing",
          [assetId],
        );
      }
      await f.energyAsset.write.suspendAsset([f.assetId, "inverter fault"], { account: ops.account });
      await report(f, f.assetId, now - HOUR, now, 1n); // a suspended asset still produced before suspension
      await f.energyAsset.write.decommissionAsset([f.assetId, "end of life"], { account: admin.account });
      await assertions.revertWithCustomErrorWithArgs(
        report(f, f.assetId, now, now + 1n, 0n),
        f.reportedProduction,
        "AssetNotProducing",
        [f.assetId],
      );
    });

    it("reverts UnknownAsset (EnergyAsset) for an unknown asset", async () => {
      const f = await loadFixture(active);
      const now = BigInt(await time.latest());
      await assertions.revertWithCustomErrorWithArgs(
        report(f, 99n, now - HOUR, now, 1n),
        f.energyAsset,
        "UnknownAsset",
        [99n],
      );
    });

    it("reverts MissingEvidence without an evidence CID", async () => {
      const f = await loadFixture(active);
      const now = BigInt(await time.latest());
      await assertions.revertWithCustomError(
        report(f, f.assetId, now - HOUR, now, 1n, ""),
        f.reportedProduction,
        "MissingEvidence",
      );
    });

    it("is reporter only (not even the operator or the admin)", async () => {
      const f = await loadFixture(active);
      const now = BigInt(await time.latest());
      for (const wallet of [f.wallets.operator, f.wallets.admin]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.reportedProduction.write.reportProduction([f.assetId, now - HOUR, now, 1n, CID], { account: wallet.account }),
          f.reportedProduction,
          "AccessControlUnauthorizedAccount",
          [wallet.account.address, roles.REPORTER],
        );
      }
    });
  });

  describe("views", () => {
    it("production reverts UnknownPeriod for period 0 and past the last one", async () => {
      const f = await loadFixture(onePeriod);
      for (const periodId of [0n, 2n]) {
        await assertions.revertWithCustomErrorWithArgs(
          f.reportedProduction.read.production([f.assetId, periodId]),
          f.reportedProduction,
          "UnknownPeriod",
          [f.assetId, periodId],
        );
      }
      await assertions.revertWithCustomErrorWithArgs(
        f.reportedProduction.read.production([77n, 1n]),
        f.reportedProduction,
        "UnknownPeriod",
        [77n, 1n],
      );
    });
  });
});
