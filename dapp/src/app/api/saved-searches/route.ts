import { randomUUID } from "node:crypto";
import { MAX_SAVED_SEARCHES, validateSavedSearchInput } from "@/lib/profile";
import { readProfile, updateProfile } from "@/server/profile-store";
import { withSession } from "@/server/require-session";

export async function GET() {
  return withSession(async (address) => Response.json((await readProfile(address)).savedSearches));
}

export async function POST(request: Request) {
  return withSession(async (address) => {
    const checked = validateSavedSearchInput(await request.json().catch(() => null));
    if (!checked.ok) return Response.json({ error: "The search could not be saved.", fields: checked.errors }, { status: 400 });
    const current = await readProfile(address);
    if (current.savedSearches.length >= MAX_SAVED_SEARCHES) {
      return Response.json({ error: `You can keep ${MAX_SAVED_SEARCHES} saved searches; delete one first.` }, { status: 409 });
    }
    const saved = { id: randomUUID(), ...checked.value, createdAt: new Date().toISOString() };
    await updateProfile(address, (profile) => ({ ...profile, savedSearches: [...profile.savedSearches, saved] }));
    return Response.json(saved, { status: 201 });
  });
}

export async function DELETE(request: Request) {
  return withSession(async (address) => {
    const id = new URL(request.url).searchParams.get("id");
    if (!id) return Response.json({ error: "Say which search to delete (?id=…)." }, { status: 400 });
    const profile = await updateProfile(address, (p) => ({ ...p, savedSearches: p.savedSearches.filter((s) => s.id !== id) }));
    return Response.json(profile.savedSearches);
  });
}
