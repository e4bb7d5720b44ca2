/**
 * `npm run start -w oracle-relay`: the relay (and its scheduler) against a deployed network.
 * Env: NETWORK (localhost), RPC_URL (the record's rpcUrl or http://127.0.0.1:8545), DATABASE_URL (PostgreSQL;
 * PGlite otherwise), PGLITE_DATA_DIR (default .data/relay-pglite; "memory" for none), RELAY_PRIVATE_KEY
 * (default Hardhat #16), IPFS_API_URL, HOST, PORT (8788), VERIFY_THREADS (1: worker threads hashing batch roots; 0
 * inline), PERIOD_SECONDS (300), SCHEDULER=off to disable it.
 * Keeper (finalize → certificates → settlement; KEEPER=off to disable it): KEEPER_INTERVAL_MS (15000),
 * KEEPER_OPERATOR_KEYS (comma-separated asset operator keys it settles for; none: it only finalizes and issues),
 * KEEPER_PRICE_FEED_KEY (development: the MockEnergyPriceFeed updater, to refresh a stale price before settling).
 */
import { resolve } from "node:path";
import { createWalletClient, http, type Hex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { readDeployment } from "@cowatt/deployments";
import { startRelay } from "./server.ts";
import { createScheduler } from "./scheduler.ts";
import { createKeeper } from "./keeper.ts";

const env = process.env;
const deployment = readDeployment(env.NETWORK ?? "localhost");
const rpcUrl = env.RPC_URL ?? deployment.rpcUrl ?? "http://127.0.0.1:8545";
const dataDir = env.PGLITE_DATA_DIR === "memory" ? undefined : resolve(env.PGLITE_DATA_DIR ?? ".data/relay-pglite");
const relay = await startRelay({
  rpcUrl,
  registry: deployment.contracts.DeviceRegistry.address,
  chainId: deployment.chainId,
  databaseUrl: env.DATABASE_URL,
  dataDir,
  relayPrivateKey: env.RELAY_PRIVATE_KEY as Hex | undefined,
  ipfsApiUrl: env.IPFS_API_URL,
  host: env.HOST,
  port: env.PORT ? Number(env.PORT) : undefined,
  verifyThreads: env.VERIFY_THREADS ? Number(env.VERIFY_THREADS) : undefined,
});
relay.app.log.info({ url: relay.url, relay: relay.address, store: relay.store.kind }, "oracle relay listening");

const oracle = deployment.contracts.ProductionOracle;
if (oracle && env.SCHEDULER !== "off") {
  const account = env.RELAY_PRIVATE_KEY ? privateKeyToAccount(env.RELAY_PRIVATE_KEY as Hex) : mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 16 });
  const { createPublicClient } = await import("viem");
  const publicClient = createPublicClient({ transport: http(rpcUrl) });
  const walletClient = createWalletClient({ account, transport: http(rpcUrl) });
  const scheduler = createScheduler({
    publicClient,
    walletClient,
    productionOracle: oracle.address,
    deviceRegistry: deployment.contracts.DeviceRegistry.address,
    registryStartBlock: BigInt(deployment.contracts.DeviceRegistry.startBlock),
    periodSeconds: Number(env.PERIOD_SECONDS ?? 300),
    log: (message, fields) => relay.app.log.info(fields ?? {}, message),
  });
  scheduler.start();
  relay.app.log.info({ periodSeconds: Number(env.PERIOD_SECONDS ?? 300) }, "production scheduler running");
}

const certificate = deployment.contracts.EnergyCertificate;
if (oracle && certificate && env.KEEPER !== "off") {
  const account = env.RELAY_PRIVATE_KEY ? privateKeyToAccount(env.RELAY_PRIVATE_KEY as Hex) : mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: 16 });
  const { createPublicClient } = await import("viem");
  const transport = http(rpcUrl);
  const wallet = (key: Hex) => createWalletClient({ account: privateKeyToAccount(key), transport });
  const operatorKeys = (env.KEEPER_OPERATOR_KEYS ?? "").split(",").map((k) => k.trim()).filter(Boolean) as Hex[];
  const keeper = createKeeper({
    publicClient: createPublicClient({ transport }),
    walletClient: createWalletClient({ account, transport }),
    productionOracle: oracle.address,
    energyCertificate: certificate.address,
    energyAsset: deployment.contracts.EnergyAsset.address,
    deviceRegistry: deployment.contracts.DeviceRegistry.address,
    registryStartBlock: BigInt(deployment.contracts.DeviceRegistry.startBlock),
    revenueSettlement: deployment.contracts.OracleRevenueSettlement?.address,
    operatorWallets: operatorKeys.map(wallet),
    priceFeedWallet: env.KEEPER_PRICE_FEED_KEY ? wallet(env.KEEPER_PRICE_FEED_KEY as Hex) : undefined,
    intervalMs: env.KEEPER_INTERVAL_MS ? Number(env.KEEPER_INTERVAL_MS) : undefined,
    log: (message, fields) => relay.app.log.info(fields ?? {}, message),
  });
  keeper.start();
  relay.app.log.info({ operators: operatorKeys.length }, "production keeper running");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void relay.close().then(() => process.exit(0)));
}
