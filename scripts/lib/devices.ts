/**
 * Registers a gateway and its meters for an asset and activates them: the operator registers (Pending), the
 * verifier approves (Active). For the development chain and the end-to-end tests; meter ids are
 * keccak256(serial) as docs/metering-protocol.md fixes.
 */
import { keccak256, toHex, type Address, type Hex, type PublicClient } from "viem";
import { confirmer } from "./confirm.ts";
import type { Platform } from "./deploy.ts";

export interface MeterInput {
  serial: string;
  maxPowerW: number;
}

export function meterIdOf(serial: string): Hex {
  return keccak256(toHex(serial));
}

export async function registerDevices(
  platform: Pick<Platform, "deviceRegistry">,
  publicClient: Pick<PublicClient, "waitForTransactionReceipt">,
  roles: { operator: Address; verifier: Address },
  assetId: bigint,
  gateway: Address,
  meters: readonly MeterInput[],
) {
  const { deviceRegistry } = platform;
  const wait = confirmer(publicClient, "device registration");
  const asOperator = { account: roles.operator };
  const asVerifier = { account: roles.verifier };
  await wait(deviceRegistry.write.registerGateway([assetId, gateway], asOperator));
  await wait(deviceRegistry.write.approveGateway([gateway], asVerifier));
  const meterIds: Hex[] = [];
  for (const meter of meters) {
    const meterId = meterIdOf(meter.serial);
    await wait(deviceRegistry.write.registerMeter([assetId, meterId, gateway, meter.maxPowerW], asOperator));
    await wait(deviceRegistry.write.approveMeter([meterId], asVerifier));
    meterIds.push(meterId);
  }
  return meterIds;
}
