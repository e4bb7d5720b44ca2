/**
 * Test set-up: the platform and metering contracts on Hardhat's in-process network (scripts/lib helpers via the
 * root test fixtures), a gateway with meters registered and approved on the real DeviceRegistry, and batch signing.
 */
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Counter } from "prom-client";
import type { Address, Hex, PublicClient } from "viem";
import type { MeteringFixture } from "../../test/helpers/metering.ts";
import type { KeeperOptions } from "../src/keeper.ts";
import { generatePrivateKey, mnemonicToAccount, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { readingBatchDomain, readingBatchTypes, readingLeafEncoding } from "@cowatt/deployments";
import type { ReadingBatchBody } from "@cowatt/deployments/metering";

export const functionsSource = readFileSync(new URL("../functions/source.js", import.meta.url), "utf8");
export const relayAccount = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 16 });

export interface ReadingInput {
  meterId: Hex;
  sequence: bigint;
  timestamp: number;
  energyWh: bigint;
  powerW: number;
}

/** A gateway's POST body, signed for `chainId` and `registry` (overridable to forge other domains). */
export async function signedBody(
  gateway: PrivateKeyAccount,
  domain: { chainId: number; registry: Address },
  assetId: bigint,
  batchSequence: bigint,
  readings: readonly ReadingInput[],
  signer: PrivateKeyAccount = gateway,
): Promise<ReadingBatchBody> {
  const tree = StandardMerkleTree.of(
    readings.map((r) => [r.meterId, r.sequence, r.timestamp, r.energyWh, r.powerW]),
    [...readingLeafEncoding],
    { sortLeaves: false },
  );
  const readingsRoot = tree.root as Hex;
  const signature = await signer.signTypedData({
    domain: readingBatchDomain(domain.chainId, domain.registry),
    types: readingBatchTypes,
    primaryType: "ReadingBatch",
    message: { gateway: gateway.address, assetId, batchSequence, readingCount: readings.length, readingsRoot },
  });
  return {
    gateway: gateway.address,
    assetId: assetId.toString(),
    batchSequence: batchSequence.toString(),
    readingsRoot,
    signature,
    readings: readings.map((r) => ({ meterId: r.meterId, sequence: r.sequence.toString(), timestamp: r.timestamp, energyWh: r.energyWh.toString(), powerW: r.powerW })),
  };
}

export const newGateway = () => privateKeyToAccount(generatePrivateKey());

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export async function counterValue(counter: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await counter.get();
  return values.filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value)).reduce((n, v) => n + v.value, 0);
}

export async function post(url: string, body: unknown, raw = false) {
  const response = await fetch(`${url}/v1/batches`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The production keeper's options for a metering fixture: sends as ops; settles as the operator when `settles`. */
export function keeperOptions(m: MeteringFixture, settles: boolean): KeeperOptions {
  return {
    publicClient: m.publicClient as unknown as PublicClient,
    walletClient: m.wallets.ops,
    productionOracle: m.productionOracle.address,
    energyCertificate: m.energyCertificate.address,
    energyAsset: m.energyAsset.address,
    deviceRegistry: m.deviceRegistry.address,
    ...(settles ? { revenueSettlement: m.oracleRevenueSettlement.address, operatorWallets: [m.wallets.operator], priceFeedWallet: m.wallets.admin } : {}),
  };
}
