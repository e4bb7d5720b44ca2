import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Address } from "viem";
import { EMPTY_PROFILE, type Profile } from "@/lib/profile";

/**
 * Profiles on disk, one JSON file per wallet under COWATT_DATA_DIR (default dapp/.data, gitignored).
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a profile.
 */
export function dataDir(): string {
  return process.env.COWATT_DATA_DIR ?? join(process.cwd(), ".data");
}

function profilePath(address: Address): string {
  return join(dataDir(), "profiles", `${address.toLowerCase()}.json`);
}

export async function readProfile(address: Address): Promise<Profile> {
  try {
    const stored = JSON.parse(await readFile(profilePath(address), "utf8")) as Partial<Profile>;
    return { ...EMPTY_PROFILE, ...stored, notifications: { ...EMPTY_PROFILE.notifications, ...stored.notifications } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return structuredClone(EMPTY_PROFILE);
    throw error;
  }
}

/** Serialises read-modify-write per address within this server process. */
const queues = new Map<string, Promise<unknown>>();

export async function updateProfile(address: Address, change: (profile: Profile) => Profile): Promise<Profile> {
  const key = address.toLowerCase();
  const run = (queues.get(key) ?? Promise.resolve()).then(async () => {
    const next = change(await readProfile(address));
    const path = profilePath(address);
    await mkdir(join(dataDir(), "profiles"), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(next, null, 2));
    await rename(temporary, path);
    return next;
  });
  queues.set(key, run.catch(() => undefined));
  return run;
}
