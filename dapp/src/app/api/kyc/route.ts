import { validateKycInput } from "@/lib/admin-roles";
import { KNOWN_COUNTRIES } from "@/lib/format";
import { readSubmission, submitKyc } from "@/server/kyc-store";
import { withSession } from "@/server/require-session";

/** The signed-in wallet's KYC submission (null before any). */
export async function GET() {
  return withSession(async (address) => Response.json({ submission: await readSubmission(address) }));
}

export async function PUT(request: Request) {
  return withSession(async (address) => {
    const checked = validateKycInput(await request.json().catch(() => null), KNOWN_COUNTRIES);
    if (!checked.ok) return Response.json({ error: "Some fields need attention.", fields: checked.errors }, { status: 400 });
    const current = await readSubmission(address);
    if (current?.status === "approved") return Response.json({ error: "Your identity is already verified." }, { status: 409 });
    return Response.json({ submission: await submitKyc(address, checked.value) });
  });
}
