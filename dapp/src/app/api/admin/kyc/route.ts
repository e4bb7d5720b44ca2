import { createPublicClient, http, isAddress, type Address } from "viem";
import { identityRegistryAbi } from "@cowatt/deployments/abis";
import { contractAddress } from "@/lib/runtime-config";
import { readRuntimeConfig } from "@/server/config";
import { listSubmissions, readSubmission, reviewKyc } from "@/server/kyc-store";
import { withRole } from "@/server/roles";

/** The KYC review queue (KYC agents only). */
export async function GET() {
  return withRole("KYC_AGENT", async () => Response.json({ submissions: await listSubmissions() }));
}

/**
 * Records a decision. "approved" only once the identity is registered on chain (the agent signs
 * IdentityRegistry.registerIdentity first), so the queue never claims a verification the chain lacks.
 */
export async function POST(request: Request) {
  return withRole("KYC_AGENT", async (reviewer) => {
    const body = (await request.json().catch(() => null)) as { address?: string; status?: string; reason?: string } | null;
    if (!body?.address || !isAddress(body.address)) return Response.json({ error: "Name the wallet of the submission." }, { status: 400 });
    const address = body.address as Address;
    if (!(await readSubmission(address))) return Response.json({ error: "No KYC submission for this wallet." }, { status: 404 });
    if (body.status === "rejected") {
      const reason = body.reason?.trim();
      if (!reason) return Response.json({ error: "Give the reason the applicant will see.", fields: { reason: "Required." } }, { status: 400 });
      return Response.json({ submission: await reviewKyc(address, { status: "rejected", reason, reviewer }) });
    }
    if (body.status !== "approved") return Response.json({ error: "The decision is approved or rejected." }, { status: 400 });
    const config = readRuntimeConfig();
    const client = createPublicClient({ transport: http(config.rpcUrl) });
    const verified = await client.readContract({ address: contractAddress(config, "IdentityRegistry"), abi: identityRegistryAbi, functionName: "isVerified", args: [address] });
    if (!verified) return Response.json({ error: "The wallet has no verified identity on chain yet: register it first." }, { status: 409 });
    return Response.json({ submission: await reviewKyc(address, { status: "approved", reviewer }) });
  });
}
