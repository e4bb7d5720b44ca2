import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { encodeAbiParameters, getAddress, hashTypedData, keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { readingBatchDomain, readingBatchTypes } from "@cowatt/deployments";
import { verifiedAsset, deployFixture, type Fixture } from "./helpers/fixture.ts";
import { meterIdOf, registerDevices } from "../scripts/lib/devices.ts";

const STATUS = { None: 0, Pending: 1, Active: 2, Suspended: 3, Retired: 4 } as const;
const METER = keccak256(toHex("SN-0001"));
const METER_2 = keccak256(toHex("SN-0002"));

/** EIP-712 `encodeType` of a struct with no nested types, from the TypeScript definition. */
function encodeType(name: string, fields: readonly { name: string; type: string }[]) {
  return `${name}(${fields.map((field) => `${field.type} ${field.name}`).join(",")})`;
}

describe("DeviceRegistry", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture } = connection.networkHelpers;

  async function registryFixture() {
    const f = await deployFixture(connection);
    const assetId = await verifiedAsset(f);
    const otherAssetId = await verifiedAsset(f);
    const gatewayKey = generatePrivateKey();
    const gatewayAccount = privateKeyToAccount(gatewayKey);
    return { ...f, assetId, otherAssetId, gatewayAccount };
  }

  async function activeGateway() {
    const f = await registryFixture();
    const { operator, ops } = f.wallets;
    await f.deviceRegistry.write.registerGateway([f.assetId, f.gatewayAccount.address], { account: operator.account });
    await f.deviceRegistry.write.approveGateway([f.gatewayAccount.address], { account: ops.account });
    return f;
  }

  async function signBatch(f: Awaited<ReturnType<typeof registryFixture>>, assetId: bigint, root: Hex) {
    const chainId = await f.publicClient.getChainId();
    return f.gatewayAccount.signTypedData({
      domain: readingBatchDomain(chainId, f.deviceRegistry.address),
      types: readingBatchTypes,
      primaryType: "ReadingBatch",
      message: { gateway: f.gatewayAccount.address, assetId, batchSequence: 42n, readingCount: 3, readingsRoot: root },
    });
  }

  it("TypeScript ReadingBatch types hash to the on-chain READING_BATCH_TYPEHASH and digest", async () => {
    const f = await loadFixture(registryFixture);
    const typehash = keccak256(toHex(encodeType("ReadingBatch", readingBatchTypes.ReadingBatch)));
    assert.equal(await f.deviceRegistry.read.READING_BATCH_TYPEHASH(), typehash);
    const chainId = await f.publicClient.getChainId();
    const root = keccak256(toHex("root"));
    const message = { gateway: f.gatewayAccount.address, assetId: 7n, batchSequence: 42n, readingCount: 3, readingsRoot: root };
    const digest = hashTypedData({
      domain: readingBatchDomain(chainId, f.deviceRegistry.address),
      types: readingBatchTypes,
      primaryType: "ReadingBatch",
      message,
    });
    assert.equal(await f.deviceRegistry.read.batchDigest([message.gateway, 7n, 42n, 3, root]), digest);
  });

  it("exposes the ERC-5267 domain", async () => {
    const f = await loadFixture(registryFixture);
    const [fields, name, version, chainId, verifyingContract] = await f.deviceRegistry.read.eip712Domain();
    assert.equal(fields, "0x0f");
    assert.equal(name, "CoWatt DeviceRegistry");
    assert.equal(version, "1");
    assert.equal(chainId, BigInt(await f.publicClient.getChainId()));
    assert.equal(getAddress(verifyingContract), getAddress(f.deviceRegistry.address));
  });

  it("the operator registers a gateway Pending; a verifier approves, suspends, resumes; retirement is final", async () => {
    const f = await loadFixture(registryFixture);
    const { operator, ops } = f.wallets;
    const gw = f.gatewayAccount.address;
    await assertions.emitWithArgs(
      f.deviceRegistry.write.registerGateway([f.assetId, gw], { account: operator.account }),
      f.deviceRegistry,
      "GatewayRegistered",
      [gw, f.assetId, getAddress(operator.account.address)],
    );
    assert.deepEqual(await f.deviceRegistry.read.gateway([gw]), { assetId: f.assetId, status: STATUS.Pending });
    await assertions.emitWithArgs(
      f.deviceRegistry.write.approveGateway([gw], { account: ops.account }),
      f.deviceRegistry,
      "GatewayStatusChanged",
      [gw, f.assetId, STATUS.Pending, STATUS.Active, "", getAddress(ops.account.address)],
    );
    await assertions.emitWithArgs(
      f.deviceRegistry.write.suspendGateway([gw, "tampered"], { account: ops.account }),
      f.deviceRegistry,
      "GatewayStatusChanged",
      [gw, f.assetId, STATUS.Active, STATUS.Suspended, "tampered", getAddress(ops.account.address)],
    );
    await f.deviceRegistry.write.resumeGateway([gw, "inspected"], { account: ops.account });
    assert.equal((await f.deviceRegistry.read.gateway([gw])).status, STATUS.Active);
    await f.deviceRegistry.write.retireGateway([gw, "replaced"], { account: operator.account });
    assert.equal((await f.deviceRegistry.read.gateway([gw])).status, STATUS.Retired);
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.retireGateway([gw, "again"], { account: ops.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Retired],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerGateway([f.assetId, gw], { account: operator.account }),
      f.deviceRegistry,
      "GatewayAlreadyRegistered",
      [gw],
    );
  });

  it("rejects gateway registrations and transitions from the wrong account or state", async () => {
    const f = await loadFixture(registryFixture);
    const { operator, ops, alice } = f.wallets;
    const gw = f.gatewayAccount.address;
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerGateway([f.assetId, gw], { account: alice.account }),
      f.deviceRegistry,
      "NotAssetOperator",
      [f.assetId, getAddress(alice.account.address)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerGateway([999n, gw], { account: operator.account }),
      f.energyAsset,
      "UnknownAsset",
      [999n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerGateway([f.assetId, "0x0000000000000000000000000000000000000000"], {
        account: operator.account,
      }),
      f.deviceRegistry,
      "InvalidGateway",
      ["0x0000000000000000000000000000000000000000"],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.approveGateway([gw], { account: ops.account }),
      f.deviceRegistry,
      "UnknownGateway",
      [gw],
    );
    await f.deviceRegistry.write.registerGateway([f.assetId, gw], { account: operator.account });
    await assertions.revertWithCustomError(
      f.deviceRegistry.write.approveGateway([gw], { account: operator.account }),
      f.deviceRegistry,
      "AccessControlUnauthorizedAccount",
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.suspendGateway([gw, "x"], { account: ops.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Pending],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.resumeGateway([gw, "x"], { account: ops.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Pending],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.retireGateway([gw, "x"], { account: alice.account }),
      f.deviceRegistry,
      "NotAssetOperator",
      [f.assetId, getAddress(alice.account.address)],
    );
    // A verifier may retire too (e.g. a compromised key).
    await f.deviceRegistry.write.retireGateway([gw, "key leaked"], { account: ops.account });
    assert.equal((await f.deviceRegistry.read.gateway([gw])).status, STATUS.Retired);
  });

  it("meters: registered behind the asset's own gateway, approved, suspended, resumed, limited, retired", async () => {
    const f = await loadFixture(activeGateway);
    const { operator, ops } = f.wallets;
    const gw = f.gatewayAccount.address;
    await assertions.emitWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER, gw, 5_000_000], { account: operator.account }),
      f.deviceRegistry,
      "MeterRegistered",
      [METER, f.assetId, gw, 5_000_000, getAddress(operator.account.address)],
    );
    assert.deepEqual(await f.deviceRegistry.read.meter([METER]), {
      assetId: f.assetId,
      gateway: gw,
      maxPowerW: 5_000_000,
      status: STATUS.Pending,
    });
    await f.deviceRegistry.write.approveMeter([METER], { account: ops.account });
    await assertions.emitWithArgs(
      f.deviceRegistry.write.setMeterLimit([METER, 4_000_000], { account: ops.account }),
      f.deviceRegistry,
      "MeterLimitChanged",
      [METER, f.assetId, 4_000_000, getAddress(ops.account.address)],
    );
    await assertions.emitWithArgs(
      f.deviceRegistry.write.suspendMeter([METER, "drift"], { account: ops.account }),
      f.deviceRegistry,
      "MeterStatusChanged",
      [METER, f.assetId, STATUS.Active, STATUS.Suspended, "drift", getAddress(ops.account.address)],
    );
    await f.deviceRegistry.write.resumeMeter([METER, "recalibrated"], { account: ops.account });
    const meter = await f.deviceRegistry.read.meter([METER]);
    assert.equal(meter.status, STATUS.Active);
    assert.equal(meter.maxPowerW, 4_000_000);
    await f.deviceRegistry.write.retireMeter([METER, "replaced"], { account: operator.account });
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.setMeterLimit([METER, 1], { account: ops.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Retired],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.retireMeter([METER, "again"], { account: operator.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Retired],
    );
  });

  it("rejects invalid meters, foreign or retired gateways and wrong accounts", async () => {
    const f = await loadFixture(activeGateway);
    const { operator, ops, alice } = f.wallets;
    const gw = f.gatewayAccount.address;
    const zero32 = `0x${"00".repeat(32)}` as Hex;
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, zero32, gw, 1], { account: operator.account }),
      f.deviceRegistry,
      "InvalidMeter",
      [zero32],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER, gw, 0], { account: operator.account }),
      f.deviceRegistry,
      "InvalidMeter",
      [METER],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER, alice.account.address, 1], { account: operator.account }),
      f.deviceRegistry,
      "UnknownGateway",
      [getAddress(alice.account.address)],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.otherAssetId, METER, gw, 1], { account: operator.account }),
      f.deviceRegistry,
      "GatewayNotUsable",
      [gw, f.otherAssetId],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER, gw, 1], { account: alice.account }),
      f.deviceRegistry,
      "NotAssetOperator",
      [f.assetId, getAddress(alice.account.address)],
    );
    await f.deviceRegistry.write.registerMeter([f.assetId, METER, gw, 1_000], { account: operator.account });
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER, gw, 1], { account: operator.account }),
      f.deviceRegistry,
      "MeterAlreadyRegistered",
      [METER],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.approveMeter([METER_2], { account: ops.account }),
      f.deviceRegistry,
      "UnknownMeter",
      [METER_2],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.resumeMeter([METER, "x"], { account: ops.account }),
      f.deviceRegistry,
      "InvalidDeviceStatus",
      [STATUS.Pending],
    );
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.setMeterLimit([METER, 0], { account: ops.account }),
      f.deviceRegistry,
      "InvalidMeter",
      [METER],
    );
    await assertions.revertWithCustomError(
      f.deviceRegistry.write.setMeterLimit([METER, 5], { account: operator.account }),
      f.deviceRegistry,
      "AccessControlUnauthorizedAccount",
    );
    await f.deviceRegistry.write.retireGateway([gw, "replaced"], { account: operator.account });
    await assertions.revertWithCustomErrorWithArgs(
      f.deviceRegistry.write.registerMeter([f.assetId, METER_2, gw, 1], { account: operator.account }),
      f.deviceRegistry,
      "GatewayNotUsable",
      [gw, f.assetId],
    );
  });

  it("verifyBatch accepts only an Active gateway's signature over its own asset's batch", async () => {
    const f = await loadFixture(activeGateway);
    const { ops, alice } = f.wallets;
    const gw = f.gatewayAccount.address;
    const root = keccak256(encodeAbiParameters([{ type: "string" }], ["readings"]));
    const signature = await signBatch(f, f.assetId, root);
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, signature]), true);
    // Another root, count, sequence or asset: invalid.
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, keccak256("0x01"), signature]), false);
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 4, root, signature]), false);
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 43n, 3, root, signature]), false);
    const foreign = await signBatch(f, f.otherAssetId, root);
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.otherAssetId, 42n, 3, root, foreign]), false);
    // Signed by someone else, or garbage.
    const stranger = privateKeyToAccount(generatePrivateKey());
    const chainId = await f.publicClient.getChainId();
    const forged = await stranger.signTypedData({
      domain: readingBatchDomain(chainId, f.deviceRegistry.address),
      types: readingBatchTypes,
      primaryType: "ReadingBatch",
      message: { gateway: gw, assetId: f.assetId, batchSequence: 42n, readingCount: 3, readingsRoot: root },
    });
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, forged]), false);
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, "0x1234"]), false);
    // Another chain's domain.
    const otherChain = await f.gatewayAccount.signTypedData({
      domain: readingBatchDomain(1, f.deviceRegistry.address),
      types: readingBatchTypes,
      primaryType: "ReadingBatch",
      message: { gateway: gw, assetId: f.assetId, batchSequence: 42n, readingCount: 3, readingsRoot: root },
    });
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, otherChain]), false);
    // Suspended: invalid until resumed.
    await f.deviceRegistry.write.suspendGateway([gw, "tamper alarm"], { account: ops.account });
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, signature]), false);
    await f.deviceRegistry.write.resumeGateway([gw, "cleared"], { account: ops.account });
    assert.equal(await f.deviceRegistry.read.verifyBatch([gw, f.assetId, 42n, 3, root, signature]), true);
    assert.equal(await f.deviceRegistry.read.verifyBatch([alice.account.address, f.assetId, 42n, 3, root, signature]), false);
  });

  it("registerDevices (dev and end-to-end set-up) activates a gateway and its meters", async () => {
    const f = await loadFixture(registryFixture);
    const meterIds = await registerDevices(
      f,
      f.publicClient,
      { operator: f.wallets.operator.account.address, verifier: f.wallets.ops.account.address },
      f.assetId,
      f.gatewayAccount.address,
      [
        { serial: "SN-A", maxPowerW: 2_500_000 },
        { serial: "SN-B", maxPowerW: 2_500_000 },
      ],
    );
    assert.deepEqual(meterIds, [meterIdOf("SN-A"), meterIdOf("SN-B")]);
    assert.equal((await f.deviceRegistry.read.gateway([f.gatewayAccount.address])).status, STATUS.Active);
    for (const id of meterIds) {
      const meter = await f.deviceRegistry.read.meter([id]);
      assert.equal(meter.status, STATUS.Active);
      assert.equal(getAddress(meter.gateway), f.gatewayAccount.address);
    }
  });

  it("follows an operator change and upgrades only by the admin", async () => {
    const f: Fixture & { assetId: bigint } = await loadFixture(registryFixture);
    const { admin, operator, alice } = f.wallets;
    await f.energyAsset.write.setOperator([f.assetId, alice.account.address], { account: admin.account });
    await assertions.revertWithCustomError(
      f.deviceRegistry.write.registerGateway([f.assetId, f.wallets.bob.account.address], { account: operator.account }),
      f.deviceRegistry,
      "NotAssetOperator",
    );
    await f.deviceRegistry.write.registerGateway([f.assetId, f.wallets.bob.account.address], { account: alice.account });
    await assertions.revertWithCustomError(
      f.deviceRegistry.write.upgradeToAndCall([alice.account.address, "0x"], { account: alice.account }),
      f.deviceRegistry,
      "AccessControlUnauthorizedAccount",
    );
    assert.equal(getAddress(await f.deviceRegistry.read.shareToken()), getAddress(f.energyAsset.address));
  });
});
