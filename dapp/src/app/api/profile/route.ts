import { validateProfileInput } from "@/lib/profile";
import { readProfile, updateProfile } from "@/server/profile-store";
import { withSession } from "@/server/require-session";

export async function GET() {
  return withSession(async (address) => Response.json(await readProfile(address)));
}

export async function PUT(request: Request) {
  return withSession(async (address) => {
    const checked = validateProfileInput(await request.json().catch(() => null));
    if (!checked.ok) return Response.json({ error: "Some fields need attention.", fields: checked.errors }, { status: 400 });
    return Response.json(await updateProfile(address, (profile) => ({ ...profile, ...checked.value })));
  });
}
