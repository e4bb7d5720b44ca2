/**
 * Metering fixtures: the platform with an Active asset, Chainlink Functions (real router and coordinator),
 * ProductionOracle, EnergyCertificate and the oracle's RevenueSettlement (scripts/lib/production.ts), and a
 * DON simulator transmitting through the coordinator's OCR2 path.
 */
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { createWalletClient, custom, decodeEventLog, encodeAbiParameters, keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { functionsCoordinatorAbi, productionResponseParameters } from "@cowatt/deployments";
import { deployMetering, type MeteringOptions } from "../../scripts/lib/production.ts";
import {
  createDonSimulator,
  type DonSimulatorOptions,
  type OracleRequest,
} from "../../oracle-relay/don-simulator/simulator.ts";
import { activeAssetFixture } from "./fixture.ts";

export const RELAY_URL = "http://127.0.0.1:8788";
export const DISPUTE_WINDOW = 3_600;
export const REQUEST_TIMEOUT = 60;
export const PERIOD_STATUS = { None: 0, Requested: 1, Proposed: 2, Challenged: 3, Failed: 4, Final: 5 } as const;
export const REJECTION = { DonError: 0, MalformedResponse: 1, EnergyAboveCapacity: 2, TooFewSources: 3, TooFewReadings: 4 } as const;

/**
 * A trivial Functions source for tests: returns the protocol's 192-byte encoding fixed by its arguments —
 * energy 1,000 Wh per second of the period, 10 readings, 2 sources, root = assetId, raw codec, digest = start.
 */
export const ARGS_ECHO_SOURCE = `
const [relayUrl, relay, chainId, assetId, start, end] = args;
const parts = [
  BigInt(end) - BigInt(start), 10n, 2n, BigInt(assetId), 0x55n, BigInt(start),
];
const out = new Uint8Array(192);
parts.forEach((value, i) => out.set(Functions.encodeUint256(i === 0 ? value * 1000n : value), i * 32));
return out;
`;

export interface ResultInput {
  energyWh: bigint;
  readingCount?: bigint;
  sourceCount?: bigint;
  readingsRoot?: Hex;
  cidCodec?: bigint;
  cidDigest?: Hex;
}

/** The 192-byte Functions response of the metering protocol. */
export function encodeResult(result: ResultInput): Hex {
  return encodeAbiParameters(productionResponseParameters, [
    result.energyWh,
    result.readingCount ?? 100n,
    result.sourceCount ?? 2n,
    result.readingsRoot ?? keccak256(toHex("readings")),
    result.cidCodec ?? 0x55n,
    result.cidDigest ?? keccak256(toHex("batch file")),
  ]);
}

export async function meteringFixture(connection: NetworkConnection, overrides: Partial<MeteringOptions> = {}) {
  const f = await activeAssetFixture(connection);
  const { admin, ops, treasury, operator } = f.wallets;
  const metering = await deployMetering(
    hre,
    connection,
    f,
    {
      admin: admin.account.address,
      kycAgent: ops.account.address,
      verifier: ops.account.address,
      complianceOfficer: ops.account.address,
      agent: ops.account.address,
      pauser: ops.account.address,
      reporter: ops.account.address,
      treasury: treasury.account.address,
      assetProviders: [operator.account.address],
    },
    {
      source: ARGS_ECHO_SOURCE,
      relay: ops.account.address,
      relayUrl: RELAY_URL,
      requesters: [ops.account.address],
      disputeWindow: DISPUTE_WINDOW,
      requestTimeout: REQUEST_TIMEOUT,
      ...overrides,
    },
  );
  const transmitter = createWalletClient({
    account: privateKeyToAccount(metering.don.transmitterKeys[0]!),
    chain: hardhat,
    transport: custom(connection.provider),
  });
  return { ...f, ...metering, transmitter };
}

export type MeteringFixture = Awaited<ReturnType<typeof meteringFixture>>;

/** A DON simulator on the fixture's coordinator; `execute` replaces the JavaScript run when given. */
export function donFor(m: MeteringFixture, execute?: DonSimulatorOptions["execute"]) {
  return createDonSimulator({
    publicClient: m.publicClient,
    transmitter: m.transmitter,
    coordinator: m.functions.coordinator.address,
    signerKeys: m.don.signerKeys,
    f: m.don.f,
    fromBlock: 0n,
    execute,
  });
}

/** The coordinator's OracleRequest in a transaction's receipt, as the DON simulator sees it. */
export async function oracleRequestOf(m: MeteringFixture, hash: Hex): Promise<OracleRequest> {
  const receipt = await m.publicClient.waitForTransactionReceipt({ hash });
  for (const entry of receipt.logs) {
    try {
      const event = decodeEventLog({ abi: functionsCoordinatorAbi, data: entry.data, topics: entry.topics });
      if (event.eventName === "OracleRequest") {
        return {
          requestId: event.args.requestId,
          requestingContract: event.args.requestingContract,
          subscriptionId: event.args.subscriptionId,
          data: event.args.data,
          commitment: event.args.commitment as OracleRequest["commitment"],
          blockNumber: receipt.blockNumber,
        };
      }
    } catch {
      // another contract's event
    }
  }
  throw new Error(`no OracleRequest in ${hash}`);
}

/** Requests the asset's next period as the requester and returns the coordinator's request. */
export async function requestPeriod(m: MeteringFixture, start: bigint, end: bigint, assetId = m.assetId) {
  const hash = await m.productionOracle.write.requestProduction([assetId, start, end], { account: m.wallets.ops.account });
  return oracleRequestOf(m, hash);
}

/** Fulfils a request through the coordinator's transmit path with the given response or error. */
export async function fulfil(m: MeteringFixture, request: OracleRequest, result: { response?: Hex; error?: string }) {
  return donFor(m).transmit(request, result);
}
