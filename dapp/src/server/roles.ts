import { createPublicClient, http, type Address } from "viem";
import { energyAssetAbi, identityRegistryAbi } from "@cowatt/deployments/abis";
import { ROLES, ROLE_CONTRACT, type RoleName } from "@/lib/admin-roles";
import { contractAddress } from "@/lib/runtime-config";
import { readRuntimeConfig } from "./config";
import { sessionAddress } from "./session";

/** Whether `account` holds the role on chain (the contract named by ROLE_CONTRACT). */
export async function hasRoleOnChain(account: Address, role: RoleName): Promise<boolean> {
  const config = readRuntimeConfig();
  const client = createPublicClient({ transport: http(process.env.COWATT_SERVER_RPC_URL ?? config.rpcUrl) });
  const contract = ROLE_CONTRACT[role];
  return client.readContract({
    address: contractAddress(config, contract),
    abi: contract === "IdentityRegistry" ? identityRegistryAbi : energyAssetAbi,
    functionName: "hasRole",
    args: [ROLES[role], account],
  });
}

/** Runs a handler for a signed-in wallet holding `role` on chain; 401 / 403 with what to do otherwise. */
export async function withRole(role: RoleName, handler: (address: Address) => Promise<Response>): Promise<Response> {
  const address = await sessionAddress();
  if (!address) return Response.json({ error: "Sign in with your wallet to continue." }, { status: 401 });
  let allowed: boolean;
  try {
    allowed = await hasRoleOnChain(address, role);
  } catch (error) {
    return Response.json({ error: `Could not check your role on chain: ${(error as Error).message.split("\n")[0]}` }, { status: 502 });
  }
  if (!allowed) return Response.json({ error: `This wallet does not hold the ${role.replace("_", " ").toLowerCase()} role.` }, { status: 403 });
  return handler(address);
}
