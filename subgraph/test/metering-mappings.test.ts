/**
 * Metering mapping tests: the platform is deployed and seeded, then metering is deployed (deployMetering: Chainlink
 * Functions router + coordinator, ProductionOracle, EnergyCertificate) and the wind asset's devices registered, as
 * scripts/deploy-local.ts does, on a Hardhat node. The real path is then driven: device lifecycle, production
 * requests fulfilled by the DON simulator (it runs the Functions source in Deno and transmits a signed OCR report
 * through the coordinator), a challenge resolved, a challenge answered by a re-request, a finalized period, a DON
 * error, certificates issued, transferred and retired. The subgraph (rendered from the deployment record, indexed by
 * the embedded runtime) is checked through GraphQL against the contracts' state.
 * Needs `graph codegen` + `graph build` first (the `test` script runs them).
 */
import type {} from "@nomicfoundation/hardhat-toolbox-viem";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import hre, { network } from "hardhat";
import { CID } from "multiformats/cid";
import { create as createDigest } from "multiformats/hashes/digest";
import { createWalletClient, http, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { DeploymentRecord } from "@cowatt/deployments";
import { deployPlatform, devAccounts, type PlatformAccounts } from "../../scripts/lib/deploy.ts";
import { seedDemo, type SeedResult } from "../../scripts/lib/seed.ts";
import { deployMetering, type Metering } from "../../scripts/lib/production.ts";
import { meterIdOf, registerDevices } from "../../scripts/lib/devices.ts";
import { assets } from "../../scripts/seed-data/demo.ts";
import { createDonSimulator, type DonSimulator } from "../../oracle-relay/don-simulator/simulator.ts";
import { startHardhatNode } from "../runtime/test/fixtures/chain.ts";
import { assertBuilt, indexChain, type IndexedChain } from "./helpers/indexer.ts";

/**
 * The Functions source the DON runs here, in place of the relay-fetching one (no relay in this test): the metering
 * protocol's 192-byte result from the period alone — 3 Wh a second + 7, a reading a minute, two sources, a root
 * from the start, and the sha2-256 of "asset:start:end" as the raw batch file's digest. Periods over 1,000 s
 * throw, which the DON reports as an error.
 */
const TEST_SOURCE = `
const [relayUrl, relay, chainId, assetId, start, end] = args;
const seconds = BigInt(end) - BigInt(start);
if (seconds > 1000n) throw Error("no relay summary for a period of " + seconds + " s");
const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(assetId + ":" + start + ":" + end)));
const words = [seconds * 3n + 7n, seconds / 60n + 1n, 2n, BigInt(start) * 1000003n, 0x55n];
const out = new Uint8Array(192);
words.forEach((value, i) => out.set(Functions.encodeUint256(value), i * 32));
out.set(digest, 160);
return out;
`;
const DISPUTE_WINDOW = 3_600;
const REQUEST_TIMEOUT = 60;
const PERIOD_STATUS = ["None", "Requested", "Proposed", "Challenged", "Failed", "Final"] as const;
const DEVICE_STATUS = ["None", "Pending", "Active", "Suspended", "Retired"] as const;
const lower = (a: string) => a.toLowerCase();

let stopNode: () => void = () => {};
let closeConnection: () => Promise<void> = async () => {};
let indexed: IndexedChain;
let platform: Awaited<ReturnType<typeof deployPlatform>>;
let metering: Metering;
let seed: SeedResult;
let accounts: PlatformAccounts;
let publicClient: Awaited<ReturnType<Awaited<ReturnType<typeof network.connect>>["viem"]["getPublicClient"]>>;
let windId: bigint;
let operator: Address;
let gateway: Address;
let spareGateway: Address;
let investor: Address;
let secondInvestor: Address;
let broker: Address;
const meterIds = [meterIdOf("sg-wind-export"), meterIdOf("sg-wind-check")] as [Hex, Hex];
const periods: { start: bigint; end: bigint }[] = [];
const query = <T>(q: string) => indexed.query<T>(q);

before(async () => {
  assertBuilt("EnergyCertificate");
  const node = await startHardhatNode();
  stopNode = node.stop;
  const connection = await network.connect({ network: "localhost", override: { url: node.url } });
  closeConnection = () => connection.close();
  publicClient = await connection.viem.getPublicClient();
  const wallets = await connection.viem.getWalletClients();
  const addresses = wallets.map((w) => w.account.address);
  accounts = devAccounts(addresses);
  platform = await deployPlatform(hre, connection, accounts, "localhost");
  const metadataDir = mkdtempSync(join(tmpdir(), "cowatt-subgraph-metering-metadata-"));
  seed = await seedDemo({ platform, publicClient, wallets, metadataDir });
  rmSync(metadataDir, { recursive: true, force: true });
  metering = await deployMetering(hre, connection, platform, accounts, {
    source: TEST_SOURCE,
    relay: addresses[16]!,
    relayUrl: "http://127.0.0.1:8788",
    requesters: [accounts.reporter],
    disputeWindow: DISPUTE_WINDOW,
    requestTimeout: REQUEST_TIMEOUT,
  });
  windId = seed.assetIds.wind;
  operator = addresses[assets.find((a) => a.key === "wind")!.operatorAccount]!;
  [gateway, spareGateway, investor, secondInvestor, broker] = [addresses[17]!, addresses[18]!, addresses[6]!, addresses[7]!, addresses[14]!];

  const mined = async (hash: Hex) => assert.equal((await publicClient.waitForTransactionReceipt({ hash })).status, "success");
  const { deviceRegistry } = platform;
  const { productionOracle: oracle, energyCertificate: certificates } = metering;
  const asVerifier = { account: accounts.verifier };
  const asOperator = { account: operator };

  // Devices: the site's gateway and two meters (registered by the operator, approved by the verifier), then a
  // gateway suspension and resumption, a meter limit change, a retired meter and a spare gateway retired unapproved.
  await registerDevices(platform, publicClient, { operator, verifier: accounts.verifier }, windId, gateway, [
    { serial: "sg-wind-export", maxPowerW: 2_300_000 },
    { serial: "sg-wind-check", maxPowerW: 2_300_000 },
  ]);
  await mined(await deviceRegistry.write.suspendGateway([gateway, "firmware audit"], asVerifier));
  await mined(await deviceRegistry.write.resumeGateway([gateway, "audit passed"], asVerifier));
  await mined(await deviceRegistry.write.setMeterLimit([meterIds[1], 2_000_000], asVerifier));
  await mined(await deviceRegistry.write.retireMeter([meterIds[1], "replaced by a class 0.5S meter"], asOperator));
  await mined(await deviceRegistry.write.registerGateway([windId, spareGateway], asOperator));
  await mined(await deviceRegistry.write.retireGateway([spareGateway, "never installed"], asOperator));

  // Production: four contiguous periods in the past; the third is longer than the source accepts.
  const now = (await publicClient.getBlock()).timestamp;
  periods.push(
    { start: now - 3_600n, end: now - 3_000n },
    { start: now - 3_000n, end: now - 2_400n },
    { start: now - 2_400n, end: now - 1_200n },
    { start: now - 1_200n, end: now - 600n },
  );
  const don: DonSimulator = createDonSimulator({
    publicClient,
    transmitter: createWalletClient({ account: privateKeyToAccount(metering.don.transmitterKeys[0]!), chain: hardhat, transport: http(node.url) }),
    coordinator: metering.functions.coordinator.address,
    signerKeys: metering.don.signerKeys,
    f: metering.don.f,
    fromBlock: await publicClient.getBlockNumber(),
  });
  const fulfil = async () => {
    const outcomes = await don.poll();
    assert.equal(outcomes.length, 1);
    const { result, error } = outcomes[0]!;
    assert.equal(result, "FULFILLED", `router verdict ${result}, DON error ${error}`);
  };
  const asRequester = { account: accounts.reporter };
  // Period 1: proposed, challenged, the challenge resolved (Final with the proposed result).
  await mined(await oracle.write.requestProduction([windId, periods[0]!.start, periods[0]!.end], asRequester));
  await fulfil();
  await mined(await oracle.write.challenge([windId, 1n, "export meter drifts against the check meter"], asVerifier));
  await mined(await oracle.write.resolveChallenge([windId, 1n, "drift within the 0.5% tolerance"], asVerifier));
  // ... and settled by the operator through the oracle's RevenueSettlement at a fresh price (as the relay's keeper does).
  const [, price] = await platform.priceFeed.read.latestRoundData();
  await mined(await platform.priceFeed.write.pushAnswer([price], { account: accounts.admin }));
  await mined(await platform.stablecoin.write.faucet([operator, 100_000n * 10n ** 6n]));
  await mined(await platform.stablecoin.write.approve([metering.oracleRevenueSettlement.address, 2n ** 256n - 1n], asOperator));
  await mined(await metering.oracleRevenueSettlement.write.settle([windId, 1n], asOperator));
  // Period 2: proposed, challenged, re-requested, proposed again, final once the dispute window has passed.
  await mined(await oracle.write.requestProduction([windId, periods[1]!.start, periods[1]!.end], asRequester));
  await fulfil();
  await mined(await oracle.write.challenge([windId, 2n, "check meter offline for 4 minutes"], asVerifier));
  await mined(await oracle.write.rerequestProduction([windId, 2n], asVerifier));
  await fulfil();
  await publicClient.request({ method: "evm_increaseTime" as never, params: [DISPUTE_WINDOW] as never });
  await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  await mined(await oracle.write.finalizePeriod([windId, 2n], { account: broker }));
  // Period 3: the source throws; the DON's error fails the period.
  await mined(await oracle.write.requestProduction([windId, periods[2]!.start, periods[2]!.end], asRequester));
  await fulfil();
  // Period 4: unanswered past the request timeout and re-requested; the DON then answers both requests, the first
  // one late (a stale fulfilment the oracle ignores).
  await mined(await oracle.write.requestProduction([windId, periods[3]!.start, periods[3]!.end], asRequester));
  await publicClient.request({ method: "evm_increaseTime" as never, params: [REQUEST_TIMEOUT] as never });
  await mined(await oracle.write.rerequestProduction([windId, 4n], asVerifier));
  assert.deepEqual((await don.poll()).map((o) => o.result), ["FULFILLED", "FULFILLED"]);

  // Certificates: both final periods issued to the operator (anyone may issue), moved and retired.
  const [c1, c2] = [await certificates.read.certificateId([windId, 1n]), await certificates.read.certificateId([windId, 2n])];
  await mined(await certificates.write.issue([windId, 1n], { account: broker }));
  await mined(await certificates.write.issue([windId, 2n], { account: broker }));
  await mined(await certificates.write.safeTransferFrom([operator, investor, c2, 1n, "0x"], asOperator));
  await mined(await certificates.write.safeBatchTransferFrom([operator, secondInvestor, [c2], [1n], "0x"], asOperator));
  await mined(await certificates.write.retire([investor, c2, 1n, "Panadería Solana S.L.", "2026 electricity, scope 2"], { account: investor }));
  await mined(await certificates.write.setApprovalForAll([broker, true], asOperator));
  await mined(await certificates.write.retire([operator, c1, 1n, "CoWatt community", "voluntary cancellation"], { account: broker }));

  const record = { ...platform.deployment, contracts: { ...platform.deployment.contracts, ...metering.records } } as DeploymentRecord;
  // The head first: the runtime indexes on this thread, and a keep-alive socket idle meanwhile may be closed by the node.
  const head = await publicClient.getBlockNumber();
  indexed = await indexChain(record, node.url, "metering");
  await indexed.waitForBlock(head);
});

after(async () => {
  await indexed?.stop();
  await closeConnection();
  stopNode();
});

interface DeviceRow {
  id: string; kind: string; status: string; statusReason: string | null; signingKey: string; maxPowerW: string | null;
  asset: { id: string }; gateway: { id: string } | null; registeredBy: { id: string }; meters: { id: string }[];
  history: { kind: string; previousStatus: string | null; newStatus: string | null; reason: string | null; maxPowerW: string | null; actor: string; blockNumber: string }[];
}

describe("metering in the subgraph", () => {
  it("indexes every device with the registry's status, limits and history", async () => {
    const registry = platform.deviceRegistry;
    const fields = "id kind status statusReason signingKey maxPowerW asset { id } gateway { id } registeredBy { id } meters { id } history(orderBy: blockNumber) { kind previousStatus newStatus reason maxPowerW actor blockNumber }";
    const { devices } = await query<{ devices: DeviceRow[] }>(`{ devices(first: 100) { ${fields} } }`);
    assert.equal(devices.length, 4, "two gateways and two meters");
    for (const device of devices) {
      assert.equal(device.asset.id, windId.toString());
      assert.equal(device.registeredBy.id, lower(operator));
      const statusChanges = device.history.filter((h) => h.kind === "StatusChanged");
      if (device.kind === "Gateway") {
        const onChain = await registry.read.gateway([device.id as Address]);
        assert.equal(device.status, DEVICE_STATUS[onChain.status], `status of gateway ${device.id}`);
        assert.equal(device.signingKey, device.id);
        assert.equal(device.maxPowerW, null);
        const logs = await publicClient.getContractEvents({ address: registry.address, abi: registry.abi, eventName: "GatewayStatusChanged", args: { gateway: device.id as Address }, fromBlock: 0n });
        assert.deepEqual(statusChanges.map((h) => [h.previousStatus, h.newStatus, h.reason ?? "", h.actor]), logs.map((l) => [DEVICE_STATUS[l.args.previous!], DEVICE_STATUS[l.args.next!], l.args.reason, lower(l.args.actor!)]));
      } else {
        const onChain = await registry.read.meter([device.id as Hex]);
        assert.equal(device.status, DEVICE_STATUS[onChain.status], `status of meter ${device.id}`);
        assert.equal(device.maxPowerW, onChain.maxPowerW.toString());
        assert.equal(device.gateway!.id, lower(onChain.gateway));
        assert.equal(device.signingKey, lower(onChain.gateway));
        const logs = await publicClient.getContractEvents({ address: registry.address, abi: registry.abi, eventName: "MeterStatusChanged", args: { meterId: device.id as Hex }, fromBlock: 0n });
        assert.deepEqual(statusChanges.map((h) => [h.previousStatus, h.newStatus, h.reason ?? ""]), logs.map((l) => [DEVICE_STATUS[l.args.previous!], DEVICE_STATUS[l.args.next!], l.args.reason]));
      }
      assert.equal(device.history[0]!.kind, "Registered");
    }
    const byId = new Map(devices.map((d) => [d.id, d]));
    const site = byId.get(lower(gateway))!;
    assert.deepEqual(site.history.filter((h) => h.kind === "StatusChanged").map((h) => h.newStatus), ["Pending", "Active", "Suspended", "Active"]);
    assert.equal(site.statusReason, "audit passed");
    assert.deepEqual(site.meters.map((m) => m.id).sort(), meterIds.map(lower).sort());
    const retiredMeter = byId.get(lower(meterIds[1]))!;
    assert.equal(retiredMeter.status, "Retired");
    assert.equal(retiredMeter.statusReason, "replaced by a class 0.5S meter");
    assert.deepEqual(retiredMeter.history.filter((h) => h.kind === "LimitChanged").map((h) => h.maxPowerW), ["2000000"]);
    assert.equal(byId.get(lower(spareGateway))!.status, "Retired");

    const { asset, platformStatistics: stats } = await query<{ asset: { activeDeviceCount: number }; platformStatistics: { gatewayCount: number; meterCount: number; activeDeviceCount: number } }>(
      `{ asset(id: "${windId}") { activeDeviceCount } platformStatistics(id: "cowatt") { gatewayCount meterCount activeDeviceCount } }`,
    );
    assert.equal(asset.activeDeviceCount, 2, "the site gateway and the export meter");
    assert.deepEqual(stats, { gatewayCount: 2, meterCount: 2, activeDeviceCount: 2 });
  });

  interface PeriodRow {
    status: string; start: string; end: string; energyWh: string | null; readingCount: string | null; sourceCount: string | null;
    readingsRoot: string | null; evidenceCID: string | null; disputeDeadline: string | null; requestCount: number; finalizedAt: string | null;
    request: { id: string; outcome: string }; report: { id: string; cidCodec: string; cidDigest: string } | null; openDispute: { id: string } | null;
    requests: { id: string; outcome: string; rejection: string | null; rejectionDetail: string | null; requester: string; fulfilledAt: string | null; requestedAt: string }[];
    disputes: { reason: string; outcome: string; resolution: string | null; challenger: string; resolver: string | null; report: { id: string } }[];
    certificate: { id: string } | null;
  }
  const periodFields = "status start end energyWh readingCount sourceCount readingsRoot evidenceCID disputeDeadline requestCount finalizedAt request { id outcome } report { id cidCodec cidDigest } openDispute { id } requests(orderBy: requestedAt) { id outcome rejection rejectionDetail requester fulfilledAt requestedAt } disputes(orderBy: challengedAt) { reason outcome resolution challenger resolver report { id } } certificate { id }";
  const periodOf = async (periodId: bigint) => (await query<{ oraclePeriod: PeriodRow }>(`{ oraclePeriod(id: "${windId}-${periodId}") { ${periodFields} } }`)).oraclePeriod;

  it("follows each oracle period's request, DON report, disputes and finality as the oracle records them", async () => {
    for (const periodId of [1n, 2n, 3n, 4n]) {
      const p = await periodOf(periodId);
      const record = await metering.productionOracle.read.periodRecord([windId, periodId]);
      assert.equal(p.status, PERIOD_STATUS[record.status], `status of period ${periodId}`);
      assert.equal(p.start, record.start.toString());
      assert.equal(p.end, record.end.toString());
      assert.equal(p.request.id, record.requestId);
      if (record.status === 4) continue; // Failed: no result
      assert.equal(p.energyWh, record.energyWh.toString());
      assert.equal(p.readingCount, record.readingCount.toString());
      assert.equal(p.sourceCount, record.sourceCount.toString());
      assert.equal(p.readingsRoot, record.readingsRoot);
      assert.equal(p.disputeDeadline, record.disputeDeadline.toString());
      assert.equal(p.report!.id, record.requestId, "the standing report is the current request's");
      // The CID of the batch file the source described, computed independently.
      const digest = createHash("sha256").update(`${windId}:${record.start}:${record.end}`).digest();
      assert.equal(record.cidDigest, `0x${digest.toString("hex")}`, "the DON ran the source");
      assert.equal(p.evidenceCID, CID.create(1, record.cidCodec, createDigest(0x12, digest)).toString());
      assert.equal(p.energyWh, ((record.end - record.start) * 3n + 7n).toString());
    }

    const first = await periodOf(1n);
    assert.equal(first.requestCount, 1);
    assert.deepEqual(first.requests.map((r) => r.outcome), ["Proposed"]);
    assert.ok(first.requests[0]!.fulfilledAt);
    assert.equal(first.requests[0]!.requester, lower(accounts.reporter));
    assert.deepEqual(first.disputes.map((d) => [d.outcome, d.reason, d.resolution, d.challenger, d.resolver]), [
      ["Resolved", "export meter drifts against the check meter", "drift within the 0.5% tolerance", lower(accounts.verifier), lower(accounts.verifier)],
    ]);
    assert.equal(first.openDispute, null);
    assert.ok(first.finalizedAt);

    const second = await periodOf(2n);
    assert.equal(second.requestCount, 2);
    assert.deepEqual(second.requests.map((r) => r.outcome), ["Proposed", "Proposed"]);
    assert.deepEqual(second.disputes.map((d) => [d.outcome, d.reason, d.resolution, d.report.id]), [["Rerequested", "check meter offline for 4 minutes", null, second.requests[0]!.id]]);
    assert.notEqual(second.report!.id, second.requests[0]!.id, "the re-request's report stands");
    // Period 1's settlement statement, from the oracle's RevenueSettlement, linked to the oracle period.
    const [settled] = await publicClient.getContractEvents({ address: metering.oracleRevenueSettlement.address, abi: metering.oracleRevenueSettlement.abi, eventName: "Settled", fromBlock: 0n });
    const { settlement } = await query<{ settlement: { productionSource: string; contract: string; period: unknown; oraclePeriod: { id: string; settlement: { id: string } }; energyWh: string; net: string; gross: string } }>(
      `{ settlement(id: "oracle-${windId}-1") { productionSource contract period { id } oraclePeriod { id settlement { id } } energyWh net gross } }`,
    );
    const statement = settled!.args.statement!;
    assert.deepEqual(settlement, {
      productionSource: "ProductionOracle", contract: lower(metering.oracleRevenueSettlement.address), period: null,
      oraclePeriod: { id: `${windId}-1`, settlement: { id: `oracle-${windId}-1` } },
      energyWh: first.energyWh, net: statement.net.toString(), gross: statement.gross.toString(),
    });
    assert.equal(statement.energyWh.toString(), first.energyWh);
    assert.ok(statement.net > 0n);

    const finalized = await publicClient.getContractEvents({ address: metering.productionOracle.address, abi: metering.productionOracle.abi, eventName: "ProductionFinalized", fromBlock: 0n });
    assert.deepEqual(finalized.map((l) => l.args.periodId), [1n, 2n]);

    const third = await periodOf(3n);
    assert.equal(third.status, "Failed");
    assert.equal(third.energyWh, null);
    assert.equal(third.requests[0]!.outcome, "Rejected");
    assert.equal(third.requests[0]!.rejection, "DonError");
    const [rejected] = await publicClient.getContractEvents({ address: metering.productionOracle.address, abi: metering.productionOracle.abi, eventName: "ProductionRejected", fromBlock: 0n });
    assert.equal(third.requests[0]!.rejectionDetail, rejected!.args.detail);
    assert.match(Buffer.from(rejected!.args.detail!.slice(2), "hex").toString(), /no relay summary/);

    const fourth = await periodOf(4n);
    assert.equal(fourth.status, "Proposed");
    assert.equal(fourth.requestCount, 2);
    assert.deepEqual(fourth.requests.map((r) => r.outcome), ["Stale", "Proposed"], "the late answer to the superseded request");
    const [stale] = await publicClient.getContractEvents({ address: metering.productionOracle.address, abi: metering.productionOracle.abi, eventName: "StaleFulfillment", fromBlock: 0n });
    assert.equal(fourth.requests[0]!.id, stale!.args.requestId);
    assert.ok(fourth.requests.every((r) => r.fulfilledAt !== null));

    const { asset, platformStatistics: stats } = await query<{ asset: { verifiedPeriodCount: number; energyVerifiedWh: string }; platformStatistics: Record<string, unknown> }>(
      `{ asset(id: "${windId}") { verifiedPeriodCount energyVerifiedWh } platformStatistics(id: "cowatt") { productionRequestCount productionRejectionCount challengeCount verifiedPeriodCount energyVerifiedWh } }`,
    );
    const verifiedWh = finalized.reduce((sum, l) => sum + l.args.energyWh!, 0n);
    assert.deepEqual(asset, { verifiedPeriodCount: 2, energyVerifiedWh: verifiedWh.toString() });
    assert.deepEqual(stats, { productionRequestCount: 6, productionRejectionCount: 1, challengeCount: 2, verifiedPeriodCount: 2, energyVerifiedWh: verifiedWh.toString() });
  });

  interface CertificateRow {
    id: string; tokenId: string; periodId: string; energyWh: string; units: string; carriedWh: number; emissionFactorGPerKWh: string;
    supply: string; retired: string; holderCount: number; start: string | null; end: string | null;
    asset: { id: string }; period: { id: string } | null; recipient: { id: string };
    balances: { account: { id: string }; balance: string; retired: string }[];
    transfers: { from: { id: string } | null; to: { id: string } | null; amount: string; operator: string }[];
    retirements: { retirementId: string; account: { id: string }; amount: string; beneficiary: string; purpose: string; co2AvoidedGrams: string; retiredBy: string }[];
  }

  it("indexes certificates per period with supply, holders' balances, transfers and retirements as the contract holds them", async () => {
    const certificates = metering.energyCertificate;
    const { certificates: rows } = await query<{ certificates: CertificateRow[] }>(
      "{ certificates(orderBy: periodId) { id tokenId periodId energyWh units carriedWh emissionFactorGPerKWh supply retired holderCount start end asset { id } period { id } recipient { id } balances { account { id } balance retired } transfers(orderBy: blockNumber) { from { id } to { id } amount operator } retirements(orderBy: retirementId) { retirementId account { id } amount beneficiary purpose co2AvoidedGrams retiredBy } } }",
    );
    assert.deepEqual(rows.map((c) => c.periodId), ["1", "2"]);
    const retirementLogs = await publicClient.getContractEvents({ address: certificates.address, abi: certificates.abi, eventName: "CertificatesRetired", fromBlock: 0n });
    assert.equal(retirementLogs.length, 2);
    for (const c of rows) {
      const id = BigInt(c.tokenId);
      assert.equal(id, await certificates.read.certificateId([windId, BigInt(c.periodId)]));
      assert.equal(c.id, c.tokenId);
      const onChain = await certificates.read.certificate([id]);
      assert.equal(c.energyWh, onChain.energyWh.toString());
      assert.equal(c.units, onChain.units.toString());
      assert.equal(c.emissionFactorGPerKWh, onChain.emissionFactorGPerKWh.toString());
      assert.equal(c.start, onChain.start.toString());
      assert.equal(c.end, onChain.end.toString());
      assert.equal(c.period!.id, `${windId}-${c.periodId}`);
      assert.equal(c.asset.id, windId.toString());
      assert.equal(c.recipient.id, lower(operator));
      assert.equal(c.supply, (await certificates.read.totalSupply([id])).toString());
      assert.equal(c.retired, (await certificates.read.totalRetired([id])).toString());
      let holders = 0;
      for (const b of c.balances) {
        const holder = b.account.id as Address;
        assert.equal(b.balance, (await certificates.read.balanceOf([holder, id])).toString(), `balance of ${holder} in ${id}`);
        assert.equal(b.retired, (await certificates.read.retiredBalanceOf([holder, id])).toString(), `retired by ${holder} of ${id}`);
        if (BigInt(b.balance) > 0n) holders++;
      }
      assert.equal(c.holderCount, holders);
      assert.deepEqual(
        c.retirements.map((r) => [r.retirementId, r.account.id, r.amount, r.beneficiary, r.purpose, r.co2AvoidedGrams, r.retiredBy]),
        retirementLogs.filter((l) => l.args.id === id).map((l) => [l.args.retirementId!.toString(), lower(l.args.account!), l.args.amount!.toString(), l.args.beneficiary, l.args.purpose, l.args.co2AvoidedGrams!.toString(), lower(l.args.retiredBy!)]),
      );
    }
    const [first, second] = rows as [CertificateRow, CertificateRow];
    // 1,807 Wh: one certificate, 807 Wh carried; then 1,807 + 807 = 2,614 Wh: two, 614 carried.
    assert.deepEqual([first.units, first.carriedWh, second.units, second.carriedWh], ["1", 807, "2", 614]);
    assert.deepEqual(second.transfers.map((t) => [t.from?.id ?? null, t.to?.id ?? null, t.amount]), [
      [null, lower(operator), "2"],
      [lower(operator), lower(investor), "1"],
      [lower(operator), lower(secondInvestor), "1"],
      [lower(investor), null, "1"],
    ]);
    assert.equal(first.retirements[0]!.retiredBy, lower(broker), "retired on the operator's behalf by an approved operator");
    assert.equal(second.retirements[0]!.beneficiary, "Panadería Solana S.L.");

    for (const wallet of [operator, investor, secondInvestor]) {
      const { account } = await query<{ account: { co2AvoidedGrams: string; certificatesRetired: string } }>(`{ account(id: "${lower(wallet)}") { co2AvoidedGrams certificatesRetired } }`);
      assert.equal(account.co2AvoidedGrams, (await certificates.read.co2AvoidedGrams([wallet])).toString(), `CO2 of ${wallet}`);
      const retired = (await certificates.read.retiredBalanceOf([wallet, BigInt(first.tokenId)])) + (await certificates.read.retiredBalanceOf([wallet, BigInt(second.tokenId)]));
      assert.equal(account.certificatesRetired, retired.toString());
    }
    const { operatorApprovals } = await query<{ operatorApprovals: { contract: string; owner: string; operator: string; approved: boolean }[] }>(`{ operatorApprovals(where: { contract: "${lower(certificates.address)}" }) { contract owner operator approved } }`);
    assert.deepEqual(operatorApprovals, [{ contract: lower(certificates.address), owner: lower(operator), operator: lower(broker), approved: true }]);

    const co2 = retirementLogs.reduce((sum, l) => sum + l.args.co2AvoidedGrams!, 0n);
    assert.equal(co2, 2n * 380n, "two certificates of the wind asset at 380 g/kWh");
    const issued = rows.reduce((sum, c) => sum + BigInt(c.units), 0n);
    const { asset, platformStatistics: stats, platformDayStatistics_collection: days, platformHourStatistics_collection: hours } = await query<{
      asset: Record<string, unknown>; platformStatistics: Record<string, unknown>; platformDayStatistics_collection: Record<string, unknown>[]; platformHourStatistics_collection: Record<string, unknown>[];
    }>(
      `{ asset(id: "${windId}") { certificatesIssued certificatesRetired co2AvoidedGrams certificateCarriedWh }
         platformStatistics(id: "cowatt") { certificatesIssued certificatesRetired retirementCount co2AvoidedGrams energyVerifiedWh }
         platformDayStatistics_collection(first: 1, orderBy: periodStart, orderDirection: desc) { certificatesIssued certificatesRetired retirementCount co2AvoidedGrams energyVerifiedWh }
         platformHourStatistics_collection(first: 1, orderBy: periodStart, orderDirection: desc) { certificatesIssued certificatesRetired retirementCount co2AvoidedGrams energyVerifiedWh } }`,
    );
    assert.deepEqual(asset, {
      certificatesIssued: issued.toString(), certificatesRetired: "2", co2AvoidedGrams: co2.toString(),
      certificateCarriedWh: await certificates.read.carriedWh([windId]),
    });
    assert.deepEqual(stats, { certificatesIssued: issued.toString(), certificatesRetired: "2", retirementCount: 2, co2AvoidedGrams: co2.toString(), energyVerifiedWh: stats.energyVerifiedWh });
    assert.deepEqual(days[0], stats, "the latest day's rollup holds the totals");
    assert.deepEqual(hours[0], stats, "the latest hour's rollup holds the totals");
  });
});
