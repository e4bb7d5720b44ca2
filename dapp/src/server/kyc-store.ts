import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Address } from "viem";
import type { KycInput, KycSubmission } from "@/lib/admin-roles";
import { dataDir } from "./profile-store";

/**
 * KYC submissions on disk beside the profiles (COWATT_DATA_DIR/kyc/<address>.json), written atomically and
 * serialised per wallet. A submission waits as "pending" until a KYC agent registers the identity on chain
 * (then "approved") or rejects it with a reason the user sees.
 */
const directory = () => join(dataDir(), "kyc");
const pathOf = (address: string) => join(directory(), `${address.toLowerCase()}.json`);

export async function readSubmission(address: Address): Promise<KycSubmission | null> {
  try {
    return JSON.parse(await readFile(pathOf(address), "utf8")) as KycSubmission;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function listSubmissions(): Promise<KycSubmission[]> {
  let files: string[];
  try {
    files = await readdir(directory());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const submissions = await Promise.all(
    files.filter((file) => file.endsWith(".json")).map(async (file) => JSON.parse(await readFile(join(directory(), file), "utf8")) as KycSubmission),
  );
  return submissions.sort((a, b) => a.submittedAt - b.submittedAt);
}

const queues = new Map<string, Promise<unknown>>();

async function update(address: Address, change: (current: KycSubmission | null) => KycSubmission): Promise<KycSubmission> {
  const key = address.toLowerCase();
  const run = (queues.get(key) ?? Promise.resolve()).then(async () => {
    const next = change(await readSubmission(address));
    await mkdir(directory(), { recursive: true });
    const temporary = `${pathOf(address)}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(next, null, 2));
    await rename(temporary, pathOf(address));
    return next;
  });
  queues.set(key, run.catch(() => undefined));
  return run;
}

export function submitKyc(address: Address, input: KycInput): Promise<KycSubmission> {
  return update(address, () => ({ address: address.toLowerCase(), ...input, submittedAt: Date.now(), status: "pending" }));
}

export function reviewKyc(address: Address, decision: { status: "approved" | "rejected"; reason?: string; reviewer: Address }): Promise<KycSubmission> {
  return update(address, (current) => {
    if (!current) throw new Error("No KYC submission for this wallet.");
    return { ...current, status: decision.status, reason: decision.reason, reviewedBy: decision.reviewer.toLowerCase(), reviewedAt: Date.now() };
  });
}
