"use client";
import { useReadContract } from "wagmi";
import { energyAssetAbi, identityRegistryAbi } from "@cowatt/deployments/abis";
import type { Address } from "viem";
import { ROLES, ROLE_CONTRACT, type RoleName } from "@/lib/admin-roles";
import { contractAddress } from "@/lib/runtime-config";
import { useRuntimeConfig } from "@/providers/runtime-config";

/** Whether `account` holds `role` on chain (the same check the route handlers make). */
export function useHasRole(role: RoleName, account: Address | undefined) {
  const config = useRuntimeConfig();
  const contract = ROLE_CONTRACT[role];
  return useReadContract({
    address: contractAddress(config, contract),
    abi: contract === "IdentityRegistry" ? identityRegistryAbi : energyAssetAbi,
    functionName: "hasRole",
    args: account ? [ROLES[role], account] : undefined,
    query: { enabled: !!account },
  });
}
