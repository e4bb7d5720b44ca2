import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { getAddress, parseEventLogs, zeroAddress, type Address, type Hex } from "viem";
import { roles } from "../scripts/lib/roles.ts";
import {
  activeAssetFixture,
  COUNTRY,
  deployFixture,
  investorsFixture,
  RESTRICTION,
  solarSpec,
  STATUS,
  twoActiveAssetsFixture,
  verifiedAsset,
  windSpec,
  type AssetSpecInput,
} from "./helpers/fixture.ts";

type StatusName = Exclude<keyof typeof STATUS, "None">;
const STATUS_NAMES: readonly StatusName[] = [
  "Submitted",
  "UnderReview",
  "Verified",
  "Rejected",
  "Offering",
  "Active",
  "Suspended",
  "Decommissioned",
];
const THIRTY_DAYS = 30n * 24n * 3600n;
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** Runs `check` for every case and names the failing case in the error. */
async function each<T>(cases: readonly T[], label: (c: T) => string, check: (c: T) => Promise<void>) {
  for (const c of cases) {
    try {
      await check(c);
    } catch (error) {
      throw new Error(`${label(c)}: ${(error as Error).message}`, { cause: error });
    }
  }
}

const sameAddress = (actual: string, expected: string) => assert.equal(getAddress(actual), getAddress(expected));

/**
 * Investors, the admin also holding ISSUER (to drive offerings and mint directly) and one asset in every
 * lifecycle state; the Offering, Active, Suspended and Decommissioned assets each have 100 shares held by
 * alice.
 */
async function lifecycleFixture(connection: NetworkConnection) {
  const f = await investorsFixture(connection);
  const { admin, operator, ops, alice } = f.wallets;
  const ea = f.energyAsset;
  const asOps = { account: ops.account };
  const asAdmin = { account: admin.account };
  await ea.write.grantRole([roles.ISSUER, admin.account.address], asAdmin);
  const register = async (name: string) => {
    await ea.write.registerAsset([solarSpec({ name })], { account: operator.account });
    return ea.read.assetCount();
  };
  const issued = async (name: string) => {
    const id = await verifiedAsset(f, solarSpec({ name }));
    await ea.write.beginOffering([id], asAdmin);
    await ea.write.mint([id, alice.account.address, 100n], asAdmin);
    return id;
  };
  const Submitted = await register("Submitted");
  const UnderReview = await register("UnderReview");
  await ea.write.startReview([UnderReview], asOps);
  const Verified = await verifiedAsset(f, solarSpec({ name: "Verified" }));
  const Rejected = await register("Rejected");
  await ea.write.rejectAsset([Rejected, "grid connection permit missing"], asOps);
  const Offering = await issued("Offering");
  const Active = await issued("Active");
  await ea.write.concludeOffering([Active, true], asAdmin);
  const Suspended = await issued("Suspended");
  await ea.write.concludeOffering([Suspended, true], asAdmin);
  await ea.write.suspendAsset([Suspended, "inverter fire"], asOps);
  const Decommissioned = await issued("Decommissioned");
  await ea.write.concludeOffering([Decommissioned, true], asAdmin);
  await ea.write.decommissionAsset([Decommissioned, "end of life"], asAdmin);
  const ids: Record<StatusName, bigint> = {
    Submitted,
    UnderReview,
    Verified,
    Rejected,
    Offering,
    Active,
    Suspended,
    Decommissioned,
  };
  return { ...f, ids };
}

/** An Active asset (minted directly by the admin-issuer) with a 30-day lock-up: alice holds 1,000 locked shares. */
async function lockedUpFixture(connection: NetworkConnection) {
  const f = await investorsFixture(connection);
  const { admin, ops, alice } = f.wallets;
  const asAdmin = { account: admin.account };
  await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], asAdmin);
  const assetId = await verifiedAsset(f);
  await f.compliance.write.setRules(
    [
      assetId,
      {
        restrictCountries: false,
        allowedClassesMask: 0,
        maxHolders: 0,
        lockUpPeriod: Number(THIRTY_DAYS),
        maxBalance: 0n,
        minHolding: 0n,
      },
    ],
    { account: ops.account },
  );
  await f.energyAsset.write.beginOffering([assetId], asAdmin);
  await f.energyAsset.write.mint([assetId, alice.account.address, 1_000n], asAdmin);
  await f.energyAsset.write.concludeOffering([assetId, true], asAdmin);
  return { ...f, assetId };
}

describe("EnergyAsset", async () => {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const deployed = () => deployFixture(connection);
  const investors = () => investorsFixture(connection);
  const active = () => activeAssetFixture(connection);
  const twoAssets = () => twoActiveAssetsFixture(connection);
  const lifecycle = () => lifecycleFixture(connection);
  const lockedUp = () => lockedUpFixture(connection);

  describe("deployment", () => {
    it("cannot be initialised again, neither through the proxy nor on the implementation", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, eve } = f.wallets;
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.initialize([eve.account.address, f.compliance.address, "ipfs://"], {
          account: eve.account,
        }),
        f.energyAsset,
        "InvalidInitialization",
      );
      const slot = await f.publicClient.getStorageAt({ address: f.energyAsset.address, slot: IMPLEMENTATION_SLOT });
      const implementation = await viem.getContractAt("EnergyAsset", getAddress(`0x${slot!.slice(26)}`));
      await viem.assertions.revertWithCustomError(
        implementation.write.initialize([admin.account.address, f.compliance.address, "ipfs://"], {
          account: admin.account,
        }),
        implementation,
        "InvalidInitialization",
      );
      assert.equal(await f.energyAsset.read.hasRole([roles.DEFAULT_ADMIN, eve.account.address]), false);
    });

    it("is wired to its compliance contract, with the admin holding DEFAULT_ADMIN_ROLE only", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { admin, ops } = f.wallets;
      sameAddress(await f.energyAsset.read.compliance(), f.compliance.address);
      assert.equal(await f.energyAsset.read.hasRole([roles.DEFAULT_ADMIN, admin.account.address]), true);
      assert.equal(await f.energyAsset.read.hasRole([roles.DEFAULT_ADMIN, ops.account.address]), false);
      assert.equal(await f.energyAsset.read.hasRole([roles.AGENT, ops.account.address]), true);
      assert.equal(await f.energyAsset.read.assetCount(), 0n);
      assert.equal(await f.energyAsset.read.paused(), false);
    });

    it("supports the ERC-1155, metadata URI, AccessControl and ERC-165 interfaces only", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const read = (id: Hex) => f.energyAsset.read.supportsInterface([id]);
      assert.equal(await read("0xd9b67a26"), true); // ERC-1155
      assert.equal(await read("0x0e89341c"), true); // ERC-1155 metadata URI
      assert.equal(await read("0x7965db0b"), true); // AccessControl
      assert.equal(await read("0x01ffc9a7"), true); // ERC-165
      assert.equal(await read("0xffffffff"), false);
      assert.equal(await read("0x4e2312e0"), false); // ERC-1155 receiver: the token is not one
    });

    it("upgrades only through the admin and keeps its state", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { admin, ops, alice } = f.wallets;
      const next = await viem.deployContract("EnergyAsset");
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.upgradeToAndCall([next.address, "0x"], { account: ops.account }),
        f.energyAsset,
        "AccessControlUnauthorizedAccount",
        [ops.account.address, roles.DEFAULT_ADMIN],
      );
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.upgradeToAndCall([next.address, "0x"], { account: admin.account }),
        f.energyAsset,
        "Upgraded",
        [next.address],
      );
      const slot = await f.publicClient.getStorageAt({ address: f.energyAsset.address, slot: IMPLEMENTATION_SLOT });
      sameAddress(`0x${slot!.slice(26)}`, next.address);
      assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
      assert.equal((await f.energyAsset.read.asset([f.assetId])).status, STATUS.Active);
    });
  });

  describe("registration", () => {
    it("registers a Submitted asset with the caller as operator", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { operator } = f.wallets;
      const spec = solarSpec();
      const asOperator = { account: operator.account };
      const { result } = await f.energyAsset.simulate.registerAsset([spec], { account: asOperator.account.address });
      assert.equal(result, 1n);
      const hash = await f.energyAsset.write.registerAsset([spec], asOperator);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AssetRegistered", [1n, operator.account.address, spec]);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AssetStatusChanged", [
        1n,
        STATUS.None,
        STATUS.Submitted,
        "",
        operator.account.address,
      ]);
      assert.equal(await f.energyAsset.read.assetCount(), 1n);
      const state = await f.energyAsset.read.asset([1n]);
      sameAddress(state.operator, operator.account.address);
      assert.equal(state.status, STATUS.Submitted);
      assert.equal(state.paused, false);
      assert.deepEqual(await f.energyAsset.read.assetSpec([1n]), spec);
      assert.equal(await f.energyAsset.read.totalSupply([1n]), 0n);
      assert.equal(await f.energyAsset.read.holderCount([1n]), 0n);
    });

    it("numbers assets consecutively", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const asOperator = { account: f.wallets.operator.account };
      await f.energyAsset.write.registerAsset([solarSpec()], asOperator);
      const spec = windSpec();
      const { result } = await f.energyAsset.simulate.registerAsset([spec], { account: asOperator.account.address });
      assert.equal(result, 2n);
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.registerAsset([spec], asOperator),
        f.energyAsset,
        "AssetRegistered",
        [2n, f.wallets.operator.account.address, spec],
      );
      assert.equal(await f.energyAsset.read.assetCount(), 2n);
      assert.equal((await f.energyAsset.read.assetSpec([2n])).name, spec.name);
      assert.equal((await f.energyAsset.read.assetSpec([1n])).name, solarSpec().name);
    });

    it("accepts every field at its limit", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const asOperator = { account: f.wallets.operator.account };
      const limits: Partial<AssetSpecInput>[] = [
        { country: 1, latitudeE6: -90_000_000, longitudeE6: -180_000_000, emissionFactorGPerKWh: 0 },
        // 5 MW at nameplate all year: 5,000 kW × 8,760 h.
        { country: 999, latitudeE6: 90_000_000, longitudeE6: 180_000_000, expectedAnnualKWh: 43_800_000n },
        { emissionFactorGPerKWh: 2_000, totalShares: 1n, capacityW: 1_000n, expectedAnnualKWh: 8_760n },
        { capacityW: 999n, expectedAnnualKWh: 8_751n }, // 8,751.24 kWh, rounded down
      ];
      for (const [i, overrides] of limits.entries()) {
        const spec = solarSpec(overrides);
        await f.energyAsset.write.registerAsset([spec], asOperator);
        assert.deepEqual(await f.energyAsset.read.assetSpec([BigInt(i + 1)]), spec);
      }
    });

    it("rejects every invalid specification field, naming it", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const asOperator = { account: f.wallets.operator.account };
      const cases: [string, Partial<AssetSpecInput>][] = [
        ["name", { name: "" }],
        ["capacityW", { capacityW: 0n }],
        ["country", { country: 0 }],
        ["country", { country: 1_000 }],
        ["latitudeE6", { latitudeE6: 90_000_001 }],
        ["latitudeE6", { latitudeE6: -90_000_001 }],
        ["longitudeE6", { longitudeE6: 180_000_001 }],
        ["longitudeE6", { longitudeE6: -180_000_001 }],
        ["expectedAnnualKWh", { expectedAnnualKWh: 0n }],
        ["expectedAnnualKWh", { expectedAnnualKWh: 43_800_001n }], // above 5 MW × 8,760 h
        ["expectedAnnualKWh", { capacityW: 999n, expectedAnnualKWh: 8_752n }], // 999 W × 8,760 h = 8,751.24 kWh
        ["emissionFactorGPerKWh", { emissionFactorGPerKWh: 2_001 }],
        ["totalShares", { totalShares: 0n }],
        ["metadataCID", { metadataCID: "" }],
      ];
      await each(
        cases,
        ([field, overrides]) => `${field} ${JSON.stringify(overrides, (_, v) => (typeof v === "bigint" ? `${v}` : v))}`,
        async ([field, overrides]) => {
          await viem.assertions.revertWithCustomErrorWithArgs(
            f.energyAsset.write.registerAsset([solarSpec(overrides)], asOperator),
            f.energyAsset,
            "InvalidAssetSpecification",
            [field],
          );
        },
      );
      assert.equal(await f.energyAsset.read.assetCount(), 0n);
    });

    it("is reserved to asset providers", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      const { ops, admin } = f.wallets;
      for (const wallet of [ops, admin]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.registerAsset([solarSpec()], { account: wallet.account }),
          f.energyAsset,
          "AccessControlUnauthorizedAccount",
          [wallet.account.address, roles.ASSET_PROVIDER],
        );
      }
    });

    it("serves ipfs://<metadata CID> as each asset's URI", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      assert.equal(await f.energyAsset.read.uri([f.assetId]), `ipfs://${solarSpec().metadataCID}`);
      assert.equal(await f.energyAsset.read.uri([f.secondAssetId]), `ipfs://${windSpec().metadataCID}`);
      // An id without an asset falls back to the base URI.
      assert.equal(await f.energyAsset.read.uri([99n]), "ipfs://");
    });
  });

  describe("specification updates", () => {
    it("lets the operator replace a Submitted asset's specification, without a status change", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const id = f.ids.Submitted;
      const spec = solarSpec({ name: "Sol de Castilla 6 MW", capacityW: 6_000_000n, totalShares: 60_000n });
      const hash = await f.energyAsset.write.updateAssetSpec([id, spec], { account: f.wallets.operator.account });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AssetSpecUpdated", [id, spec]);
      const receipt = await f.publicClient.getTransactionReceipt({ hash });
      const changes = parseEventLogs({ abi: f.energyAsset.abi, logs: receipt.logs, eventName: "AssetStatusChanged" });
      assert.equal(changes.length, 0);
      assert.deepEqual(await f.energyAsset.read.assetSpec([id]), spec);
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Submitted);
    });

    it("resubmits a Rejected asset: Rejected -> Submitted", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { operator, ops } = f.wallets;
      const id = f.ids.Rejected;
      const spec = solarSpec({ metadataCID: "bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly" });
      const hash = await f.energyAsset.write.updateAssetSpec([id, spec], { account: operator.account });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AssetSpecUpdated", [id, spec]);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AssetStatusChanged", [
        id,
        STATUS.Rejected,
        STATUS.Submitted,
        "resubmitted",
        operator.account.address,
      ]);
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Submitted);
      assert.equal(await f.energyAsset.read.uri([id]), `ipfs://${spec.metadataCID}`);
      // The resubmission goes through review again.
      await f.energyAsset.write.startReview([id], { account: ops.account });
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.UnderReview);
    });

    it("is reserved to the asset's operator", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, ops, eve } = f.wallets;
      const id = f.ids.Submitted;
      for (const wallet of [eve, admin, ops]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.updateAssetSpec([id, solarSpec({ name: "hijacked" })], { account: wallet.account }),
          f.energyAsset,
          "NotAssetOperator",
          [id, wallet.account.address],
        );
      }
      // The operator check comes before the status check.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.updateAssetSpec([f.ids.Active, solarSpec()], { account: eve.account }),
        f.energyAsset,
        "NotAssetOperator",
        [f.ids.Active, eve.account.address],
      );
      assert.equal((await f.energyAsset.read.assetSpec([id])).name, "Submitted");
    });

    it("follows a change of operator", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { operator, bob } = f.wallets;
      const id = f.ids.Submitted;
      await f.energyAsset.write.setOperator([id, bob.account.address], { account: f.wallets.admin.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.updateAssetSpec([id, solarSpec()], { account: operator.account }),
        f.energyAsset,
        "NotAssetOperator",
        [id, operator.account.address],
      );
      const spec = solarSpec({ name: "Sol de Castilla (new operator)" });
      await f.energyAsset.write.updateAssetSpec([id, spec], { account: bob.account });
      assert.equal((await f.energyAsset.read.assetSpec([id])).name, spec.name);
    });

    it("is refused outside Submitted and Rejected", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const others = STATUS_NAMES.filter((s) => s !== "Submitted" && s !== "Rejected");
      await each(others, (s) => s, async (s) => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.updateAssetSpec([f.ids[s], solarSpec()], { account: f.wallets.operator.account }),
          f.energyAsset,
          "InvalidAssetStatus",
          [f.ids[s], STATUS[s]],
        );
      });
    });

    it("validates the new specification", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const asOperator = { account: f.wallets.operator.account };
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.updateAssetSpec([f.ids.Submitted, solarSpec({ totalShares: 0n })], asOperator),
        f.energyAsset,
        "InvalidAssetSpecification",
        ["totalShares"],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.updateAssetSpec([f.ids.Rejected, solarSpec({ country: 0 })], asOperator),
        f.energyAsset,
        "InvalidAssetSpecification",
        ["country"],
      );
      assert.equal((await f.energyAsset.read.asset([f.ids.Rejected])).status, STATUS.Rejected);
    });
  });

  describe("lifecycle transitions", () => {
    it("reviews and verifies: Submitted -> UnderReview -> Verified", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { ops } = f.wallets;
      const id = f.ids.Submitted;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.startReview([id], { account: ops.account }),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Submitted, STATUS.UnderReview, "", ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.UnderReview);
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.verifyAsset([id], { account: ops.account }),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.UnderReview, STATUS.Verified, "", ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Verified);
    });

    it("rejects from Submitted and from UnderReview, with the reason in the event", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { ops } = f.wallets;
      for (const from of ["Submitted", "UnderReview"] as const) {
        const id = f.ids[from];
        const reason = `${from}: capacity not supported by the grid connection agreement`;
        await viem.assertions.emitWithArgs(
          f.energyAsset.write.rejectAsset([id, reason], { account: ops.account }),
          f.energyAsset,
          "AssetStatusChanged",
          [id, STATUS[from], STATUS.Rejected, reason, ops.account.address],
        );
        assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Rejected);
      }
    });

    it("opens an offering and concludes it: success -> Active, failure -> Verified", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, operator } = f.wallets;
      const asAdmin = { account: admin.account };
      const id = f.ids.Verified;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.beginOffering([id], asAdmin),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Verified, STATUS.Offering, "", admin.account.address],
      );
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.concludeOffering([id, false], asAdmin),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Offering, STATUS.Verified, "offering failed", admin.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Verified);
      await f.energyAsset.write.beginOffering([id], asAdmin);
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.concludeOffering([id, true], asAdmin),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Offering, STATUS.Active, "offering succeeded", admin.account.address],
      );
      const state = await f.energyAsset.read.asset([id]);
      assert.equal(state.status, STATUS.Active);
      sameAddress(state.operator, operator.account.address);
    });

    it("suspends and resumes an Active asset, with reasons", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { ops } = f.wallets;
      const id = f.ids.Active;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.suspendAsset([id, "meter tampering under investigation"], { account: ops.account }),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Active, STATUS.Suspended, "meter tampering under investigation", ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Suspended);
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.resumeAsset([id, "investigation closed"], { account: ops.account }),
        f.energyAsset,
        "AssetStatusChanged",
        [id, STATUS.Suspended, STATUS.Active, "investigation closed", ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Active);
    });

    it("decommissions from Active and from Suspended (admin)", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin } = f.wallets;
      for (const from of ["Active", "Suspended"] as const) {
        const id = f.ids[from];
        await viem.assertions.emitWithArgs(
          f.energyAsset.write.decommissionAsset([id, `${from}: holders voted to sell the site`], {
            account: admin.account,
          }),
          f.energyAsset,
          "AssetStatusChanged",
          [id, STATUS[from], STATUS.Decommissioned, `${from}: holders voted to sell the site`, admin.account.address],
        );
        assert.equal((await f.energyAsset.read.asset([id])).status, STATUS.Decommissioned);
      }
    });

    it("refuses every transition from a wrong state with InvalidAssetStatus(assetId, current)", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const asOps = { account: f.wallets.ops.account };
      const asAdmin = { account: f.wallets.admin.account };
      const ea = f.energyAsset;
      const transitions: [string, readonly StatusName[], (id: bigint) => Promise<Hex>][] = [
        ["startReview", ["Submitted"], (id) => ea.write.startReview([id], asOps)],
        ["verifyAsset", ["UnderReview"], (id) => ea.write.verifyAsset([id], asOps)],
        ["rejectAsset", ["Submitted", "UnderReview"], (id) => ea.write.rejectAsset([id, "no"], asOps)],
        ["beginOffering", ["Verified"], (id) => ea.write.beginOffering([id], asAdmin)],
        ["concludeOffering(true)", ["Offering"], (id) => ea.write.concludeOffering([id, true], asAdmin)],
        ["concludeOffering(false)", ["Offering"], (id) => ea.write.concludeOffering([id, false], asAdmin)],
        ["suspendAsset", ["Active"], (id) => ea.write.suspendAsset([id, "x"], asOps)],
        ["resumeAsset", ["Suspended"], (id) => ea.write.resumeAsset([id, "x"], asOps)],
        ["decommissionAsset", ["Active", "Suspended"], (id) => ea.write.decommissionAsset([id, "x"], asAdmin)],
      ];
      const cases = transitions.flatMap(([name, allowed, call]) =>
        STATUS_NAMES.filter((s) => !allowed.includes(s)).map((s) => ({ name, s, call })),
      );
      assert.equal(cases.length, 61);
      await each(cases, ({ name, s }) => `${name} from ${s}`, async ({ s, call }) => {
        await viem.assertions.revertWithCustomErrorWithArgs(call(f.ids[s]), ea, "InvalidAssetStatus", [
          f.ids[s],
          STATUS[s],
        ]);
      });
      // Nothing moved.
      for (const s of STATUS_NAMES) assert.equal((await ea.read.asset([f.ids[s]])).status, STATUS[s]);
    });

    it("answers UnknownAsset for id 0 and for ids never registered", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, operator, ops, alice, bob, eve } = f.wallets;
      const asOps = { account: ops.account };
      const asAdmin = { account: admin.account };
      const ea = f.energyAsset;
      await f.identityRegistry.write.linkWallet(
        [await f.identityRegistry.read.identityOf([alice.account.address]), eve.account.address],
        asOps,
      );
      const unknownIds = [0n, (await ea.read.assetCount()) + 1n, 2n ** 256n - 1n];
      const calls: [string, (id: bigint) => Promise<unknown>][] = [
        ["asset", (id) => ea.read.asset([id])],
        ["assetSpec", (id) => ea.read.assetSpec([id])],
        ["updateAssetSpec", (id) => ea.write.updateAssetSpec([id, solarSpec()], { account: operator.account })],
        ["startReview", (id) => ea.write.startReview([id], asOps)],
        ["verifyAsset", (id) => ea.write.verifyAsset([id], asOps)],
        ["rejectAsset", (id) => ea.write.rejectAsset([id, "x"], asOps)],
        ["beginOffering", (id) => ea.write.beginOffering([id], asAdmin)],
        ["concludeOffering", (id) => ea.write.concludeOffering([id, true], asAdmin)],
        ["suspendAsset", (id) => ea.write.suspendAsset([id, "x"], asOps)],
        ["resumeAsset", (id) => ea.write.resumeAsset([id, "x"], asOps)],
        ["decommissionAsset", (id) => ea.write.decommissionAsset([id, "x"], asAdmin)],
        ["setOperator", (id) => ea.write.setOperator([id, bob.account.address], asAdmin)],
        ["setAssetPaused", (id) => ea.write.setAssetPaused([id, true], asOps)],
        [
          "forcedTransfer",
          (id) => ea.write.forcedTransfer([id, alice.account.address, bob.account.address, 1n, "x"], asOps),
        ],
        [
          "recoverWallet",
          (id) => ea.write.recoverWallet([alice.account.address, eve.account.address, [f.ids.Active, id], "x"], asOps),
        ],
      ];
      const cases = calls.flatMap(([name, call]) => unknownIds.map((id) => ({ name, id, call })));
      await each(cases, ({ name, id }) => `${name}(${id})`, async ({ id, call }) => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          call(id) as Promise<Hex>,
          ea,
          "UnknownAsset",
          [id],
        );
      });
      assert.equal(await ea.read.isFrozen([alice.account.address]), false);
    });

    it("replaces the operator (admin); refuses the zero address", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, operator, bob } = f.wallets;
      const id = f.ids.Active;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.setOperator([id, bob.account.address], { account: admin.account }),
        f.energyAsset,
        "OperatorChanged",
        [id, operator.account.address, bob.account.address],
      );
      const state = await f.energyAsset.read.asset([id]);
      sameAddress(state.operator, bob.account.address);
      assert.equal(state.status, STATUS.Active);
      // Other assets keep their operator.
      sameAddress((await f.energyAsset.read.asset([f.ids.Submitted])).operator, operator.account.address);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.setOperator([id, zeroAddress], { account: admin.account }),
        f.energyAsset,
        "InvalidWallet",
        [zeroAddress],
      );
    });
  });

  describe("access control", () => {
    it("refuses every privileged function to a caller without the role", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { alice, bob, eve, operator } = f.wallets;
      const ea = f.energyAsset;
      const id = f.assetId;
      const a = alice.account.address;
      const b = bob.account.address;
      const calls = (account: typeof eve.account): [string, () => Promise<Hex>, Hex][] => [
        ["registerAsset", () => ea.write.registerAsset([solarSpec()], { account }), roles.ASSET_PROVIDER],
        ["startReview", () => ea.write.startReview([id], { account }), roles.VERIFIER],
        ["verifyAsset", () => ea.write.verifyAsset([id], { account }), roles.VERIFIER],
        ["rejectAsset", () => ea.write.rejectAsset([id, "x"], { account }), roles.VERIFIER],
        ["suspendAsset", () => ea.write.suspendAsset([id, "x"], { account }), roles.VERIFIER],
        ["resumeAsset", () => ea.write.resumeAsset([id, "x"], { account }), roles.VERIFIER],
        ["beginOffering", () => ea.write.beginOffering([id], { account }), roles.ISSUER],
        ["concludeOffering", () => ea.write.concludeOffering([id, true], { account }), roles.ISSUER],
        ["mint", () => ea.write.mint([id, a, 1n], { account }), roles.ISSUER],
        ["decommissionAsset", () => ea.write.decommissionAsset([id, "x"], { account }), roles.DEFAULT_ADMIN],
        ["setOperator", () => ea.write.setOperator([id, b], { account }), roles.DEFAULT_ADMIN],
        ["upgradeToAndCall", () => ea.write.upgradeToAndCall([ea.address, "0x"], { account }), roles.DEFAULT_ADMIN],
        ["grantRole", () => ea.write.grantRole([roles.AGENT, account.address], { account }), roles.DEFAULT_ADMIN],
        ["setAssetPaused", () => ea.write.setAssetPaused([id, true], { account }), roles.PAUSER],
        ["pause", () => ea.write.pause({ account }), roles.PAUSER],
        ["unpause", () => ea.write.unpause({ account }), roles.PAUSER],
        ["setAddressFrozen", () => ea.write.setAddressFrozen([a, true, "x"], { account }), roles.AGENT],
        ["forcedTransfer", () => ea.write.forcedTransfer([id, a, b, 1n, "x"], { account }), roles.AGENT],
        ["recoverWallet", () => ea.write.recoverWallet([a, b, [id], "x"], { account }), roles.AGENT],
      ];
      // A stranger, and the asset's own operator (an asset provider may not review or mint its own asset).
      for (const wallet of [eve, operator]) {
        const privileged = calls(wallet.account).filter(
          ([name]) => wallet !== operator || name !== "registerAsset",
        );
        await each(privileged, ([name]) => `${name} by ${wallet.account.address}`, async ([, call, role]) => {
          await viem.assertions.revertWithCustomErrorWithArgs(call(), ea, "AccessControlUnauthorizedAccount", [
            wallet.account.address,
            role,
          ]);
        });
      }
      assert.equal(await ea.read.balanceOf([a, id]), 4_000n);
      assert.equal(await ea.read.paused(), false);
    });
  });

  describe("pauses", () => {
    it("pauses one asset's movements (pauser), leaving other assets alone", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.setAssetPaused([f.assetId, true], { account: ops.account }),
        f.energyAsset,
        "AssetPauseSet",
        [f.assetId, true, ops.account.address],
      );
      assert.equal((await f.energyAsset.read.asset([f.assetId])).paused, true);
      assert.equal((await f.energyAsset.read.asset([f.secondAssetId])).paused, false);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, b, f.assetId, 10n, "0x"], { account: alice.account }),
        f.compliance,
        "EnforcedAssetPause",
        [f.assetId],
      );
      await f.energyAsset.write.safeTransferFrom([a, b, f.secondAssetId, 10n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.balanceOf([b, f.secondAssetId]), 10n);
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.setAssetPaused([f.assetId, false], { account: ops.account }),
        f.energyAsset,
        "AssetPauseSet",
        [f.assetId, false, ops.account.address],
      );
      await f.energyAsset.write.safeTransferFrom([a, b, f.assetId, 10n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.balanceOf([b, f.assetId]), 3_010n);
    });

    it("an asset pause also stops minting", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, ops, bob } = f.wallets;
      await f.energyAsset.write.setAssetPaused([f.ids.Offering, true], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([f.ids.Offering, bob.account.address, 1n], { account: admin.account }),
        f.compliance,
        "EnforcedAssetPause",
        [f.ids.Offering],
      );
    });

    it("pauses every movement globally (pauser) until unpaused", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { admin, ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.pause({ account: ops.account }),
        f.energyAsset,
        "Paused",
        [ops.account.address],
      );
      assert.equal(await f.energyAsset.read.paused(), true);
      for (const id of [f.assetId, f.secondAssetId]) {
        await viem.assertions.revertWithCustomError(
          f.energyAsset.write.safeTransferFrom([a, b, id, 1n, "0x"], { account: alice.account }),
          f.compliance,
          "EnforcedPause",
        );
      }
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.safeBatchTransferFrom([a, b, [f.assetId, f.secondAssetId], [1n, 1n], "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "EnforcedPause",
      );
      await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], { account: admin.account });
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.mint([f.assetId, b, 1n], { account: admin.account }),
        f.compliance,
        "EnforcedPause",
      );
      // Pausing twice is refused by the token itself.
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.pause({ account: ops.account }),
        f.energyAsset,
        "EnforcedPause",
      );
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.unpause({ account: ops.account }),
        f.energyAsset,
        "Unpaused",
        [ops.account.address],
      );
      assert.equal(await f.energyAsset.read.paused(), false);
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.unpause({ account: ops.account }),
        f.energyAsset,
        "ExpectedPause",
      );
      await f.energyAsset.write.safeTransferFrom([a, b, f.assetId, 1n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.balanceOf([b, f.assetId]), 3_001n);
    });
  });

  describe("freezes", () => {
    it("freezes a wallet for every asset (agent): it can neither send nor receive", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, bob, dave } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      const d = dave.account.address;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.setAddressFrozen([a, true, "sanctions screening hit"], { account: ops.account }),
        f.energyAsset,
        "AddressFrozen",
        [a, true, ops.account.address, "sanctions screening hit"],
      );
      assert.equal(await f.energyAsset.read.isFrozen([a]), true);
      assert.equal(await f.energyAsset.read.isFrozen([b]), false);
      for (const id of [f.assetId, f.secondAssetId]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.safeTransferFrom([a, d, id, 1n, "0x"], { account: alice.account }),
          f.compliance,
          "FrozenWallet",
          [a],
        );
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([b, a, f.assetId, 1n, "0x"], { account: bob.account }),
        f.compliance,
        "FrozenWallet",
        [a],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([d, a, f.secondAssetId, 1n, "0x"], { account: dave.account }),
        f.compliance,
        "FrozenWallet",
        [a],
      );
      // An approved operator cannot move a frozen wallet's shares either.
      await f.energyAsset.write.setApprovalForAll([b, true], { account: alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, b, f.assetId, 1n, "0x"], { account: bob.account }),
        f.compliance,
        "FrozenWallet",
        [a],
      );
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.setAddressFrozen([a, false, "cleared"], { account: ops.account }),
        f.energyAsset,
        "AddressFrozen",
        [a, false, ops.account.address, "cleared"],
      );
      assert.equal(await f.energyAsset.read.isFrozen([a]), false);
      await f.energyAsset.write.safeTransferFrom([a, d, f.assetId, 5n, "0x"], { account: alice.account });
      await f.energyAsset.write.safeTransferFrom([b, a, f.assetId, 7n, "0x"], { account: bob.account });
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 4_002n);
    });

    it("a frozen recipient cannot be minted to", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, ops, bob } = f.wallets;
      await f.energyAsset.write.setAddressFrozen([bob.account.address, true, "x"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([f.ids.Offering, bob.account.address, 1n], { account: admin.account }),
        f.compliance,
        "FrozenWallet",
        [bob.account.address],
      );
    });

    it("refuses to freeze the zero address", async () => {
      const f = await networkHelpers.loadFixture(deployed);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.setAddressFrozen([zeroAddress, true, "x"], { account: f.wallets.ops.account }),
        f.energyAsset,
        "InvalidWallet",
        [zeroAddress],
      );
    });
  });

  describe("forced transfer", () => {
    it("moves shares (agent) with the reason in an event; holder counts follow", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, dave } = f.wallets;
      const a = alice.account.address;
      const d = dave.account.address;
      const hash = await f.energyAsset.write.forcedTransfer([f.assetId, a, d, 1_500n, "court order 2025/117"], {
        account: ops.account,
      });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "ForcedTransfer", [
        f.assetId,
        a,
        d,
        1_500n,
        "court order 2025/117",
        ops.account.address,
      ]);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "TransferSingle", [
        ops.account.address,
        a,
        d,
        f.assetId,
        1_500n,
      ]);
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 2_500n);
      assert.equal(await f.energyAsset.read.balanceOf([d, f.assetId]), 1_500n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 4n);
      await f.energyAsset.write.forcedTransfer([f.assetId, a, d, 2_500n, "court order 2025/117"], {
        account: ops.account,
      });
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 0n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 10_000n);
    });

    it("moves shares out of a frozen wallet", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      await f.energyAsset.write.setAddressFrozen([a, true, "fraud"], { account: ops.account });
      await f.energyAsset.write.forcedTransfer([f.assetId, a, bob.account.address, 4_000n, "fraud restitution"], {
        account: ops.account,
      });
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 0n);
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 7_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 2n);
      assert.equal(await f.energyAsset.read.isFrozen([a]), true);
    });

    it("moves locked-up shares", async () => {
      const f = await networkHelpers.loadFixture(lockedUp);
      const { ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      const until = await f.compliance.read.lockedUntil([f.assetId, a]);
      assert.ok(BigInt(until) > BigInt(await networkHelpers.time.latest()));
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, bob.account.address, f.assetId, 100n, "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "SharesLockedUp",
        [f.assetId, a, until],
      );
      await f.energyAsset.write.forcedTransfer([f.assetId, a, bob.account.address, 100n, "estate settlement"], {
        account: ops.account,
      });
      assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, f.assetId]), 100n);
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 900n);
    });

    it("requires a KYC-verified recipient", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, eve } = f.wallets;
      for (const to of [eve.account.address, zeroAddress]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, to, 1n, "x"], {
            account: ops.account,
          }),
          f.energyAsset,
          "RecipientNotVerified",
          [to],
        );
      }
      // A revoked identity is no longer verified.
      const bobIdentity = await f.identityRegistry.read.identityOf([f.wallets.bob.account.address]);
      await f.identityRegistry.write.revokeIdentity([bobIdentity, "AML"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, f.wallets.bob.account.address, 1n, "x"], {
          account: ops.account,
        }),
        f.energyAsset,
        "RecipientNotVerified",
        [f.wallets.bob.account.address],
      );
    });

    it("cannot move more than the holder has, nor create shares from the zero address", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, bob } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, alice.account.address, bob.account.address, 4_001n, "x"], {
          account: ops.account,
        }),
        f.energyAsset,
        "InsufficientAvailableShares",
        [f.assetId, getAddress(alice.account.address), 4_000n, 4_001n],
      );
      // A forced "transfer" from nobody would mint outside the total-shares cap and the lifecycle.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.forcedTransfer([f.assetId, zeroAddress, bob.account.address, 100_000n, "x"], {
          account: ops.account,
        }),
        f.energyAsset,
        "InvalidWallet",
        [zeroAddress],
      );
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 10_000n);
    });
  });

  describe("wallet recovery", () => {
    /** Links eve's wallet to alice's identity (alice lost her key and KYC'd a new wallet). */
    async function linkEveToAlice(f: Awaited<ReturnType<typeof twoActiveAssetsFixture>>) {
      const identity = await f.identityRegistry.read.identityOf([f.wallets.alice.account.address]);
      await f.identityRegistry.write.linkWallet([identity, f.wallets.eve.account.address], {
        account: f.wallets.ops.account,
      });
    }

    it("moves every listed asset to the new wallet of the same identity and freezes the lost one", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, eve, dave } = f.wallets;
      const a = alice.account.address;
      const e = eve.account.address;
      await linkEveToAlice(f);
      const hash = await f.energyAsset.write.recoverWallet([a, e, [f.assetId, f.secondAssetId], "lost seed phrase"], {
        account: ops.account,
      });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "AddressFrozen", [
        a,
        true,
        ops.account.address,
        "lost seed phrase",
      ]);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "WalletRecovered", [
        f.assetId,
        a,
        e,
        4_000n,
        "lost seed phrase",
        ops.account.address,
      ]);
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "WalletRecovered", [
        f.secondAssetId,
        a,
        e,
        1_000n,
        "lost seed phrase",
        ops.account.address,
      ]);
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 0n);
      assert.equal(await f.energyAsset.read.balanceOf([a, f.secondAssetId]), 0n);
      assert.equal(await f.energyAsset.read.balanceOf([e, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.balanceOf([e, f.secondAssetId]), 1_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
      assert.equal(await f.energyAsset.read.holderCount([f.secondAssetId]), 2n);
      assert.equal(await f.energyAsset.read.isFrozen([a]), true);
      assert.equal(await f.energyAsset.read.isFrozen([e]), false);
      // The new wallet trades normally; the lost one can no longer receive.
      await f.energyAsset.write.safeTransferFrom([e, dave.account.address, f.assetId, 10n, "0x"], {
        account: eve.account,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([dave.account.address, a, f.secondAssetId, 1n, "0x"], {
          account: dave.account,
        }),
        f.compliance,
        "FrozenWallet",
        [a],
      );
    });

    it("only moves the listed assets; an asset without a balance records zero", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, eve, bob } = f.wallets;
      const b = bob.account.address;
      const bobIdentity = await f.identityRegistry.read.identityOf([b]);
      await f.identityRegistry.write.linkWallet([bobIdentity, eve.account.address], { account: ops.account });
      const hash = await f.energyAsset.write.recoverWallet([b, eve.account.address, [f.secondAssetId], "phone lost"], {
        account: ops.account,
      });
      await viem.assertions.emitWithArgs(hash, f.energyAsset, "WalletRecovered", [
        f.secondAssetId,
        b,
        eve.account.address,
        0n,
        "phone lost",
        ops.account.address,
      ]);
      const receipt = await f.publicClient.getTransactionReceipt({ hash });
      const moves = parseEventLogs({ abi: f.energyAsset.abi, logs: receipt.logs, eventName: "TransferSingle" });
      assert.equal(moves.length, 0);
      assert.equal(await f.energyAsset.read.balanceOf([b, f.assetId]), 3_000n);
      assert.equal(await f.energyAsset.read.isFrozen([b]), true);
      assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, f.assetId]), 4_000n);
    });

    it("requires both wallets to belong to the same identity", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, bob, eve } = f.wallets;
      const a = alice.account.address;
      const cases: [Address, Address][] = [
        [a, bob.account.address], // two different people
        [a, eve.account.address], // new wallet without identity
        [eve.account.address, a], // lost wallet without identity
      ];
      for (const [lost, next] of cases) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.recoverWallet([lost, next, [f.assetId], "x"], { account: ops.account }),
          f.energyAsset,
          "RecoveryIdentityMismatch",
          [lost, next],
        );
      }
      assert.equal(await f.energyAsset.read.isFrozen([a]), false);
    });

    it("requires the new wallet's identity to be verified (re-verify a revoked identity first)", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, eve } = f.wallets;
      const a = alice.account.address;
      const e = eve.account.address;
      const identityId = await f.identityRegistry.read.identityOf([a]);
      await f.identityRegistry.write.linkWallet([identityId, e], { account: ops.account });
      await f.identityRegistry.write.revokeIdentity([identityId, "documents expired"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.recoverWallet([a, e, [f.assetId], "x"], { account: ops.account }),
        f.compliance,
        "RecipientNotVerified",
        [getAddress(e)],
      );
      assert.equal(await f.energyAsset.read.isFrozen([a]), false);
      const now = BigInt(await networkHelpers.time.latest());
      const record = await f.identityRegistry.read.identity([identityId]);
      await f.identityRegistry.write.updateIdentity(
        [identityId, record.country, record.investorClass, now + 365n * 24n * 3600n],
        { account: ops.account },
      );
      const balance = await f.energyAsset.read.balanceOf([a, f.assetId]);
      await f.energyAsset.write.recoverWallet([a, e, [f.assetId], "x"], { account: ops.account });
      assert.equal(await f.energyAsset.read.balanceOf([e, f.assetId]), balance);
    });

    it("refuses zero and identical wallets", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice } = f.wallets;
      const a = alice.account.address;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.recoverWallet([a, zeroAddress, [f.assetId], "x"], { account: ops.account }),
        f.energyAsset,
        "InvalidWallet",
        [zeroAddress],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.recoverWallet([a, a, [f.assetId], "x"], { account: ops.account }),
        f.energyAsset,
        "InvalidWallet",
        [a],
      );
      await viem.assertions.revertWithCustomError(
        f.energyAsset.write.recoverWallet([zeroAddress, a, [f.assetId], "x"], { account: ops.account }),
        f.energyAsset,
        "InvalidWallet",
      );
    });
  });

  describe("issuance", () => {
    it("mints in Offering and Active states (issuer), counting new holders", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, alice, bob } = f.wallets;
      const asAdmin = { account: admin.account };
      for (const s of ["Offering", "Active"] as const) {
        const id = f.ids[s];
        await viem.assertions.emitWithArgs(
          f.energyAsset.write.mint([id, bob.account.address, 250n], asAdmin),
          f.energyAsset,
          "TransferSingle",
          [admin.account.address, zeroAddress, bob.account.address, id, 250n],
        );
        assert.equal(await f.energyAsset.read.balanceOf([bob.account.address, id]), 250n);
        assert.equal(await f.energyAsset.read.totalSupply([id]), 350n);
        assert.equal(await f.energyAsset.read.holderCount([id]), 2n);
        // Minting to an existing holder does not add a holder.
        await f.energyAsset.write.mint([id, alice.account.address, 50n], asAdmin);
        assert.equal(await f.energyAsset.read.holderCount([id]), 2n);
        assert.equal(await f.energyAsset.read.balanceOf([alice.account.address, id]), 150n);
      }
    });

    it("mints up to the total shares and no further", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { admin, alice, dave } = f.wallets;
      const asAdmin = { account: admin.account };
      await f.energyAsset.write.grantRole([roles.ISSUER, admin.account.address], asAdmin);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([f.assetId, dave.account.address, 40_001n], asAdmin),
        f.energyAsset,
        "ExceedsTotalShares",
        [f.assetId, 40_001n, 40_000n],
      );
      await f.energyAsset.write.mint([f.assetId, dave.account.address, 39_000n], asAdmin);
      await f.energyAsset.write.mint([f.assetId, alice.account.address, 1_000n], asAdmin);
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 50_000n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([f.assetId, dave.account.address, 1n], asAdmin),
        f.energyAsset,
        "ExceedsTotalShares",
        [f.assetId, 1n, 0n],
      );
      // An id without an asset has nothing to mint.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([99n, dave.account.address, 1n], asAdmin),
        f.energyAsset,
        "ExceedsTotalShares",
        [99n, 1n, 0n],
      );
    });

    it("refuses to mint outside Offering and Active", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, bob } = f.wallets;
      const others = STATUS_NAMES.filter((s) => s !== "Offering" && s !== "Active");
      await each(others, (s) => s, async (s) => {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.mint([f.ids[s], bob.account.address, 1n], { account: admin.account }),
          f.compliance,
          "SharesNotTransferable",
          [f.ids[s], STATUS[s]],
        );
      });
    });

    it("mints only to KYC-verified wallets", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, eve } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.mint([f.ids.Offering, eve.account.address, 1n], { account: admin.account }),
        f.compliance,
        "RecipientNotVerified",
        [eve.account.address],
      );
    });
  });

  describe("transfers", () => {
    it("moves shares only while Active", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { admin, ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      for (const s of ["Offering", "Suspended", "Decommissioned"] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.energyAsset.write.safeTransferFrom([a, b, f.ids[s], 1n, "0x"], { account: alice.account }),
          f.compliance,
          "SharesNotTransferable",
          [f.ids[s], STATUS[s]],
        );
      }
      await f.energyAsset.write.safeTransferFrom([a, b, f.ids.Active, 1n, "0x"], { account: alice.account });
      // Suspending an Active asset stops its shares; resuming frees them.
      await f.energyAsset.write.suspendAsset([f.ids.Active, "x"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, b, f.ids.Active, 1n, "0x"], { account: alice.account }),
        f.compliance,
        "SharesNotTransferable",
        [f.ids.Active, STATUS.Suspended],
      );
      await f.energyAsset.write.resumeAsset([f.ids.Active, "x"], { account: ops.account });
      await f.energyAsset.write.safeTransferFrom([a, b, f.ids.Active, 1n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.balanceOf([b, f.ids.Active]), 2n);
      // After the offering concluded the shares move.
      await f.energyAsset.write.concludeOffering([f.ids.Offering, true], { account: admin.account });
      await f.energyAsset.write.safeTransferFrom([a, b, f.ids.Offering, 1n, "0x"], { account: alice.account });
      assert.equal(await f.energyAsset.read.balanceOf([b, f.ids.Offering]), 1n);
    });

    it("sends only to KYC-verified recipients", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, eve } = f.wallets;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([alice.account.address, eve.account.address, f.assetId, 1n, "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "RecipientNotVerified",
        [eve.account.address],
      );
    });

    it("cannot send more than the balance, nor to the zero address", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, dave, bob } = f.wallets;
      const a = alice.account.address;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, bob.account.address, f.assetId, 4_001n, "0x"], {
          account: alice.account,
        }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 4_000n, 4_001n, f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([dave.account.address, a, f.assetId, 1n, "0x"], {
          account: dave.account,
        }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [dave.account.address, 0n, 1n, f.assetId],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, zeroAddress, f.assetId, 1n, "0x"], { account: alice.account }),
        f.energyAsset,
        "ERC1155InvalidReceiver",
        [zeroAddress],
      );
    });

    it("lets an approved operator move a holder's shares, through the same rules", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave, eve } = f.wallets;
      const a = alice.account.address;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, dave.account.address, f.assetId, 1n, "0x"], { account: bob.account }),
        f.energyAsset,
        "ERC1155MissingApprovalForAll",
        [bob.account.address, a],
      );
      await f.energyAsset.write.setApprovalForAll([bob.account.address, true], { account: alice.account });
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.safeTransferFrom([a, dave.account.address, f.assetId, 100n, "0x"], {
          account: bob.account,
        }),
        f.energyAsset,
        "TransferSingle",
        [bob.account.address, a, dave.account.address, f.assetId, 100n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, eve.account.address, f.assetId, 1n, "0x"], { account: bob.account }),
        f.compliance,
        "RecipientNotVerified",
        [eve.account.address],
      );
      assert.equal(await f.energyAsset.read.balanceOf([dave.account.address, f.assetId]), 100n);
    });

    it("counts holders as wallets come and go", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice, bob, dave } = f.wallets;
      const a = alice.account.address;
      const d = dave.account.address;
      const count = () => f.energyAsset.read.holderCount([f.assetId]);
      assert.equal(await count(), 3n);
      await f.energyAsset.write.safeTransferFrom([a, d, f.assetId, 1_000n, "0x"], { account: alice.account });
      assert.equal(await count(), 4n);
      await f.energyAsset.write.safeTransferFrom([a, d, f.assetId, 1_000n, "0x"], { account: alice.account });
      assert.equal(await count(), 4n);
      await f.energyAsset.write.safeTransferFrom([a, d, f.assetId, 2_000n, "0x"], { account: alice.account });
      assert.equal(await count(), 3n);
      await f.energyAsset.write.safeTransferFrom([bob.account.address, d, f.assetId, 3_000n, "0x"], {
        account: bob.account,
      });
      assert.equal(await count(), 2n);
      // A zero-amount transfer to a new wallet does not make it a holder.
      await f.energyAsset.write.safeTransferFrom([d, a, f.assetId, 0n, "0x"], { account: dave.account });
      assert.equal(await count(), 2n);
      assert.equal(await f.energyAsset.read.balanceOf([d, f.assetId]), 7_000n);
    });

    it("a transfer to oneself changes neither balance nor holder count", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { alice } = f.wallets;
      const a = alice.account.address;
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.safeTransferFrom([a, a, f.assetId, 4_000n, "0x"], { account: alice.account }),
        f.energyAsset,
        "TransferSingle",
        [a, a, a, f.assetId, 4_000n],
      );
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
      // Still subject to the balance check.
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeTransferFrom([a, a, f.assetId, 4_001n, "0x"], { account: alice.account }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 4_000n, 4_001n, f.assetId],
      );
    });

    it("moves a batch of assets, each counted", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { alice, bob } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      const ids = [f.assetId, f.secondAssetId];
      await viem.assertions.emitWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, b, ids, [4_000n, 400n], "0x"], { account: alice.account }),
        f.energyAsset,
        "TransferBatch",
        [a, a, b, ids, [4_000n, 400n]],
      );
      assert.deepEqual(await f.energyAsset.read.balanceOfBatch([[a, a, b, b], [...ids, ...ids]]), [
        0n,
        600n,
        7_000n,
        400n,
      ]);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 2n); // alice left, bob already held
      assert.equal(await f.energyAsset.read.holderCount([f.secondAssetId]), 3n); // bob joined
    });

    it("checks every asset of a batch", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, bob } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      const ids = [f.assetId, f.secondAssetId];
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, b, ids, [10n, 1_001n], "0x"], { account: alice.account }),
        f.compliance,
        "ERC1155InsufficientBalance",
        [a, 1_000n, 1_001n, f.secondAssetId],
      );
      await f.energyAsset.write.setAssetPaused([f.secondAssetId, true], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, b, ids, [10n, 10n], "0x"], { account: alice.account }),
        f.compliance,
        "EnforcedAssetPause",
        [f.secondAssetId],
      );
      await f.energyAsset.write.setAssetPaused([f.secondAssetId, false], { account: ops.account });
      await f.energyAsset.write.suspendAsset([f.secondAssetId, "x"], { account: ops.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, b, ids, [10n, 10n], "0x"], { account: alice.account }),
        f.compliance,
        "SharesNotTransferable",
        [f.secondAssetId, STATUS.Suspended],
      );
      assert.equal(await f.energyAsset.read.balanceOf([a, f.assetId]), 4_000n);
      assert.equal(await f.energyAsset.read.balanceOf([b, f.secondAssetId]), 0n);
    });

    it("refuses a batch listing the same asset twice (it would dodge the rules and corrupt holderCount)", async () => {
      const f = await networkHelpers.loadFixture(active);
      const { ops, alice, dave } = f.wallets;
      const a = alice.account.address;
      const d = dave.account.address;
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, d, [f.assetId, f.assetId], [2_000n, 2_000n], "0x"], {
          account: alice.account,
        }),
        f.energyAsset,
        "DuplicateAssetId",
        [f.assetId],
      );
      // Each half would pass a 3,000-share cap on its own while dave would end with 4,000.
      await f.compliance.write.setRules(
        [
          f.assetId,
          {
            restrictCountries: false,
            allowedClassesMask: 0,
            maxHolders: 0,
            lockUpPeriod: 0,
            maxBalance: 3_000n,
            minHolding: 0n,
          },
        ],
        { account: ops.account },
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.energyAsset.write.safeBatchTransferFrom([a, d, [f.assetId, f.assetId], [2_000n, 2_000n], "0x"], {
          account: alice.account,
        }),
        f.energyAsset,
        "DuplicateAssetId",
        [f.assetId],
      );
      assert.equal(await f.energyAsset.read.balanceOf([d, f.assetId]), 0n);
      assert.equal(await f.energyAsset.read.holderCount([f.assetId]), 3n);
    });
  });

  describe("tokenRestriction", () => {
    it("reports the token-level reason a movement would fail", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { ops, alice, bob, eve } = f.wallets;
      const a = alice.account.address;
      const b = bob.account.address;
      const id = f.assetId;
      const restriction = (from: Address, to: Address, amount: bigint, assetId = id) =>
        f.energyAsset.read.tokenRestriction([assetId, from, to, amount]);
      assert.equal(await restriction(a, b, 4_000n), RESTRICTION.None);
      assert.equal(await restriction(zeroAddress, b, 1n), RESTRICTION.None); // Active assets can still be minted
      // KYC and the asset's rules are compliance's part, not the token's.
      assert.equal(await restriction(a, eve.account.address, 1n), RESTRICTION.None);
      assert.equal(await restriction(a, b, 4_001n), RESTRICTION.InsufficientBalance);
      assert.equal(await restriction(a, zeroAddress, 1n), RESTRICTION.InvalidRecipient);
      assert.equal(await restriction(a, b, 1n, 99n), RESTRICTION.SharesNotTransferable);
      await f.energyAsset.write.setAddressFrozen([b, true, "x"], { account: ops.account });
      assert.equal(await restriction(a, b, 1n), RESTRICTION.RecipientFrozen);
      assert.equal(await restriction(b, a, 1n), RESTRICTION.SenderFrozen);
      await f.energyAsset.write.suspendAsset([id, "x"], { account: ops.account });
      assert.equal(await restriction(a, b, 1n), RESTRICTION.SharesNotTransferable);
      assert.equal(await restriction(zeroAddress, a, 1n), RESTRICTION.SharesNotTransferable);
      await f.energyAsset.write.setAssetPaused([id, true], { account: ops.account });
      assert.equal(await restriction(a, b, 1n), RESTRICTION.AssetPaused);
      assert.equal(await restriction(a, b, 1n, f.secondAssetId), RESTRICTION.RecipientFrozen);
      await f.energyAsset.write.pause({ account: ops.account });
      assert.equal(await restriction(a, b, 1n), RESTRICTION.Paused);
      assert.equal(await restriction(a, b, 1n, f.secondAssetId), RESTRICTION.Paused);
    });

    it("allows minting but not transfers during an offering", async () => {
      const f = await networkHelpers.loadFixture(lifecycle);
      const { alice, bob } = f.wallets;
      const read = (id: bigint, from: Address) =>
        f.energyAsset.read.tokenRestriction([id, from, bob.account.address, 1n]);
      assert.equal(await read(f.ids.Offering, zeroAddress), RESTRICTION.None);
      assert.equal(await read(f.ids.Offering, alice.account.address), RESTRICTION.SharesNotTransferable);
      assert.equal(await read(f.ids.Verified, zeroAddress), RESTRICTION.SharesNotTransferable);
      assert.equal(await read(f.ids.Decommissioned, alice.account.address), RESTRICTION.SharesNotTransferable);
    });
  });

  describe("views", () => {
    it("report balances, supply and frozen status per asset", async () => {
      const f = await networkHelpers.loadFixture(twoAssets);
      const { alice, bob, carol, dave } = f.wallets;
      const holders = [alice, bob, carol, dave].map((w) => w.account.address);
      const first = await f.energyAsset.read.balanceOfBatch([holders, holders.map(() => f.assetId)]);
      const second = await f.energyAsset.read.balanceOfBatch([holders, holders.map(() => f.secondAssetId)]);
      assert.deepEqual(first, [4_000n, 3_000n, 3_000n, 0n]);
      assert.deepEqual(second, [1_000n, 0n, 0n, 2_000n]);
      assert.equal(await f.energyAsset.read.totalSupply([f.assetId]), 10_000n);
      assert.equal(await f.energyAsset.read.totalSupply([f.secondAssetId]), 3_000n);
      assert.equal(await f.energyAsset.read.totalSupply([99n]), 0n);
      assert.equal(await f.energyAsset.read.holderCount([f.secondAssetId]), 2n);
      assert.equal(await f.energyAsset.read.assetCount(), 2n);
      assert.equal((await f.energyAsset.read.assetSpec([f.secondAssetId])).country, COUNTRY.DE);
    });
  });
});
