import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, toHex } from "viem";
import { DISPUTE_WINDOW, encodeResult, fulfil, meteringFixture, requestPeriod, type MeteringFixture } from "./helpers/metering.ts";
import { HOUR } from "./helpers/fixture.ts";

const EMISSION_FACTOR = 190n; // the fixture's solar farm, g CO2 / kWh

describe("EnergyCertificate", async () => {
  const connection = await network.create();
  const { assertions } = connection.viem;
  const { loadFixture, time } = connection.networkHelpers;

  /** Requests and proposes the asset's next hour with `energyWh`; final after the window unless `final` is false. */
  async function period(m: MeteringFixture, energyWh: bigint, final = true) {
    const start = await m.productionOracle.read.lastPeriodEnd([m.assetId]);
    const now = BigInt(await time.latest());
    const begin = start === 0n ? now - 24n * HOUR : start;
    const request = await requestPeriod(m, begin, begin + HOUR);
    await fulfil(m, request, { response: encodeResult({ energyWh }) });
    if (final) await time.increase(DISPUTE_WINDOW);
    return await m.productionOracle.read.periodCount([m.assetId]);
  }

  /** Two final periods: 1,234,567 Wh and 433 Wh (the second completes the first's remainder to a kWh). */
  async function twoFinalPeriods() {
    const m = await meteringFixture(connection);
    await period(m, 1_234_567n);
    await period(m, 433n);
    return m;
  }

  /** Period 1 issued: 1,234 certificates held by the operator. */
  async function issued() {
    const m = await loadFixture(twoFinalPeriods);
    await m.energyCertificate.write.issue([m.assetId, 1n]);
    return { m, id: await m.energyCertificate.read.certificateId([m.assetId, 1n]) };
  }

  it("issues whole kWh of a final period to the operator and carries the remaining Wh", async () => {
    const m = await loadFixture(twoFinalPeriods);
    const operator = getAddress(m.wallets.operator.account.address);
    const id = await m.energyCertificate.read.certificateId([m.assetId, 1n]);
    assert.equal(id, (m.assetId << 64n) | 1n);
    await assertions.emitWithArgs(
      m.energyCertificate.write.issue([m.assetId, 1n], { account: m.wallets.alice.account }),
      m.energyCertificate,
      "CertificatesIssued",
      [id, m.assetId, 1n, operator, 1_234n, 1_234_567n, 567],
    );
    assert.equal(await m.energyCertificate.read.balanceOf([operator, id]), 1_234n);
    assert.equal(await m.energyCertificate.read.carriedWh([m.assetId]), 567);
    const cert = await m.energyCertificate.read.certificate([id]);
    assert.equal(cert.units, 1_234n);
    assert.equal(cert.energyWh, 1_234_567n);
    assert.equal(BigInt(cert.emissionFactorGPerKWh), EMISSION_FACTOR);
    assert.equal(cert.issued, true);
    assert.equal(cert.end - cert.start, HOUR);
    // 567 carried + 433 = exactly one more kWh, nothing carried.
    const id2 = await m.energyCertificate.read.certificateId([m.assetId, 2n]);
    await m.energyCertificate.write.issue([m.assetId, 2n]);
    assert.equal(await m.energyCertificate.read.balanceOf([operator, id2]), 1n);
    assert.equal(await m.energyCertificate.read.carriedWh([m.assetId]), 0);
    assert.equal(await m.energyCertificate.read.totalSupply([id2]), 1n);
  });

  it("records a period below one kWh as issued with zero certificates", async () => {
    const m = await meteringFixture(connection);
    await period(m, 999n);
    await m.energyCertificate.write.issue([m.assetId, 1n]);
    const id = await m.energyCertificate.read.certificateId([m.assetId, 1n]);
    assert.equal((await m.energyCertificate.read.certificate([id])).issued, true);
    assert.equal(await m.energyCertificate.read.totalSupply([id]), 0n);
    assert.equal(await m.energyCertificate.read.carriedWh([m.assetId]), 999);
  });

  it("refuses unknown, non-final, already issued periods and ids out of range", async () => {
    const m = await loadFixture(twoFinalPeriods);
    await period(m, 5_000n, false);
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.issue([m.assetId, 3n]),
      m.energyCertificate,
      "PeriodNotFinal",
      [m.assetId, 3n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.issue([m.assetId, 9n]),
      m.productionOracle,
      "UnknownPeriod",
      [m.assetId, 9n],
    );
    await m.energyCertificate.write.issue([m.assetId, 1n]);
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.issue([m.assetId, 1n]),
      m.energyCertificate,
      "AlreadyIssued",
      [m.assetId, 1n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.read.certificateId([1n, 2n ** 64n]),
      m.energyCertificate,
      "IdOutOfRange",
      [1n, 2n ** 64n],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.read.certificateId([2n ** 192n, 1n]),
      m.energyCertificate,
      "IdOutOfRange",
      [2n ** 192n, 1n],
    );
  });

  it("certificates are transferable", async () => {
    const { m, id } = await issued();
    const { operator, alice } = m.wallets;
    await m.energyCertificate.write.safeTransferFrom([operator.account.address, alice.account.address, id, 200n, "0x"], {
      account: operator.account,
    });
    assert.equal(await m.energyCertificate.read.balanceOf([alice.account.address, id]), 200n);
    assert.equal(await m.energyCertificate.read.balanceOf([operator.account.address, id]), 1_034n);
  });

  it("retirement burns into the claimed balance and records beneficiary, purpose and CO2 avoided", async () => {
    const { m, id } = await issued();
    const { operator, alice } = m.wallets;
    await m.energyCertificate.write.safeTransferFrom([operator.account.address, alice.account.address, id, 300n, "0x"], {
      account: operator.account,
    });
    const alicesAddress = getAddress(alice.account.address);
    await assertions.emitWithArgs(
      m.energyCertificate.write.retire([alice.account.address, id, 120n, "Alice's bakery", "2026 scope 2"], {
        account: alice.account,
      }),
      m.energyCertificate,
      "CertificatesRetired",
      [1n, alicesAddress, id, 120n, "Alice's bakery", "2026 scope 2", 120n * EMISSION_FACTOR, alicesAddress],
    );
    assert.equal(await m.energyCertificate.read.balanceOf([alice.account.address, id]), 180n);
    assert.equal(await m.energyCertificate.read.retiredBalanceOf([alice.account.address, id]), 120n);
    assert.equal(await m.energyCertificate.read.totalRetired([id]), 120n);
    assert.equal(await m.energyCertificate.read.totalSupply([id]), 1_234n - 120n);
    assert.equal(await m.energyCertificate.read.co2AvoidedGrams([alice.account.address]), 120n * EMISSION_FACTOR);
    assert.equal(await m.energyCertificate.read.retirementCount(), 1n);
    // An operator approved for all retires on the holder's behalf; the claim is the holder's.
    await m.energyCertificate.write.setApprovalForAll([m.wallets.bob.account.address, true], { account: alice.account });
    await m.energyCertificate.write.retire([alice.account.address, id, 80n, "Alice's bakery", "Q4"], {
      account: m.wallets.bob.account,
    });
    assert.equal(await m.energyCertificate.read.retiredBalanceOf([alice.account.address, id]), 200n);
    assert.equal(await m.energyCertificate.read.retiredBalanceOf([m.wallets.bob.account.address, id]), 0n);
    assert.equal(await m.energyCertificate.read.retirementCount(), 2n);
  });

  it("refuses retirements of nothing, without beneficiary, beyond balance, of unknown ids or without approval", async () => {
    const { m, id } = await issued();
    const { operator, alice } = m.wallets;
    const from = operator.account.address;
    const asOperator = { account: operator.account };
    await assertions.revertWithCustomError(
      m.energyCertificate.write.retire([from, id, 0n, "x", "y"], asOperator),
      m.energyCertificate,
      "ZeroAmount",
    );
    await assertions.revertWithCustomError(
      m.energyCertificate.write.retire([from, id, 1n, "", "y"], asOperator),
      m.energyCertificate,
      "MissingBeneficiary",
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.retire([from, id, 1_235n, "x", "y"], asOperator),
      m.energyCertificate,
      "ERC1155InsufficientBalance",
      [getAddress(from), 1_234n, 1_235n, id],
    );
    const unknown = await m.energyCertificate.read.certificateId([m.assetId, 2n]);
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.retire([from, unknown, 1n, "x", "y"], asOperator),
      m.energyCertificate,
      "UnknownCertificate",
      [unknown],
    );
    await assertions.revertWithCustomErrorWithArgs(
      m.energyCertificate.write.retire([from, id, 1n, "x", "y"], { account: alice.account }),
      m.energyCertificate,
      "ERC1155MissingApprovalForAll",
      [getAddress(alice.account.address), getAddress(from)],
    );
  });

  it("a receiving contract cannot re-enter issuance or retirement from its ERC-1155 callback", async () => {
    const m = await loadFixture(twoFinalPeriods);
    const receiver = await m.viem.deployContract("ReentrantReceiver");
    await m.energyAsset.write.setOperator([m.assetId, receiver.address], { account: m.wallets.admin.account });
    // The callback of period 1's mint tries to issue period 1 again, then period 2, then to retire.
    const attempts = [
      encodeFunctionData({ abi: m.energyCertificate.abi, functionName: "issue", args: [m.assetId, 1n] }),
      encodeFunctionData({ abi: m.energyCertificate.abi, functionName: "issue", args: [m.assetId, 2n] }),
    ];
    for (const [i, action] of attempts.entries()) {
      await receiver.write.setAction([m.energyCertificate.address, action, false]);
      await m.energyCertificate.write.issue([m.assetId, BigInt(i + 1)]);
      assert.equal(await receiver.read.attempted(), true);
      assert.equal(await receiver.read.lastSuccess(), false);
      const [selector] = [(await receiver.read.lastReturnData()).slice(0, 10)];
      assert.equal(selector, keccak256(toHex("ReentrancyGuardReentrantCall()")).slice(0, 10));
    }
    const id1 = await m.energyCertificate.read.certificateId([m.assetId, 1n]);
    assert.equal(await m.energyCertificate.read.balanceOf([receiver.address, id1]), 1_234n);
    assert.equal(await m.energyCertificate.read.totalSupply([id1]), 1_234n);
    // Retiring from the callback of an incoming transfer is an ordinary call (not reentrant) and works.
    const retire = encodeFunctionData({
      abi: m.energyCertificate.abi,
      functionName: "retire",
      args: [receiver.address, id1, 10n, "vault", "callback"],
    });
    await receiver.write.setAction([m.energyCertificate.address, retire, true]);
    await receiver.write.execute([
      m.energyCertificate.address,
      encodeFunctionData({ abi: m.energyCertificate.abi, functionName: "safeTransferFrom", args: [receiver.address, receiver.address, id1, 1n, "0x"] }),
    ]);
    assert.equal(await m.energyCertificate.read.retiredBalanceOf([receiver.address, id1]), 10n);
    assert.equal(await m.energyCertificate.read.totalSupply([id1]) + (await m.energyCertificate.read.totalRetired([id1])), 1_234n);
  });

  it("admin sets the URI; interfaces; wiring", async () => {
    const m = await loadFixture(twoFinalPeriods);
    await assertions.revertWithCustomError(
      m.energyCertificate.write.setURI(["ipfs://x/{id}.json"], { account: m.wallets.alice.account }),
      m.energyCertificate,
      "AccessControlUnauthorizedAccount",
    );
    await assertions.emitWithArgs(
      m.energyCertificate.write.setURI(["ipfs://x/{id}.json"], { account: m.wallets.admin.account }),
      m.energyCertificate,
      "URISet",
      ["ipfs://x/{id}.json"],
    );
    assert.equal(await m.energyCertificate.read.uri([1n]), "ipfs://x/{id}.json");
    assert.equal(await m.energyCertificate.read.supportsInterface(["0xd9b67a26"]), true); // ERC-1155
    assert.equal(await m.energyCertificate.read.supportsInterface(["0x7965db0b"]), true); // AccessControl
    assert.equal(getAddress(await m.energyCertificate.read.productionSource()), getAddress(m.productionOracle.address));
    assert.equal(getAddress(await m.energyCertificate.read.shareToken()), getAddress(m.energyAsset.address));
    await assertions.revertWithCustomError(
      m.energyCertificate.write.upgradeToAndCall([m.wallets.alice.account.address, "0x"], { account: m.wallets.alice.account }),
      m.energyCertificate,
      "AccessControlUnauthorizedAccount",
    );
  });
});
