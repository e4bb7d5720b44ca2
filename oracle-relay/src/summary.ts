/**
 * A period's production summary (docs/metering-protocol.md): energy = Σ over meters of the cumulative
 * register's growth between the period's boundaries (interpolated linearly between the readings around each
 * boundary, so adjacent periods add up exactly), readings and distinct meters inside [start, end), the
 * StandardMerkleTree root of those readings sorted by meterId then sequence, and the CID of the period's batch
 * file (CIDv1, raw leaves, sha2-256, as `ipfs add --cid-version 1 --raw-leaves` makes it). Signed by the relay
 * key over keccak256(abi.encode(chainId, assetId, start, end, energyWh, readingCount, sourceCount,
 * readingsRoot, cidCodec, cidDigest)) with EIP-191.
 */
import { importer } from "ipfs-unixfs-importer";
import { MemoryBlockstore } from "blockstore-core/memory";
import { CID } from "multiformats/cid";

/** What the summary needs of a CID (the importer bundles its own multiformats copy). */
export interface FileCid {
  code: number;
  multihash: { digest: Uint8Array };
  toString(): string;
}
import { bytesToHex, encodeAbiParameters, keccak256, type Hex, type LocalAccount } from "viem";
import type { Queryable } from "./store.ts";
import { readingToJson } from "@cowatt/deployments/metering";
import { readingsRoot, type Reading } from "./batch.ts";

export interface Summary {
  chainId: string;
  assetId: string;
  start: string;
  end: string;
  energyWh: string;
  readingCount: string;
  sourceCount: string;
  readingsRoot: Hex;
  cid: string;
  cidCodec: string;
  cidDigest: Hex;
  digest: Hex;
  relay: string;
  signature: Hex;
}

interface Row {
  meter_id: string;
  sequence: string;
  ts: string;
  energy_wh: string;
  power_w: string;
}
// Ordering names readings.* explicitly: the text aliases below would otherwise sort "10" before "9".
const columns = "meter_id, sequence::text AS sequence, ts::text AS ts, energy_wh::text AS energy_wh, power_w::text AS power_w";
const toReading = (r: Row): Reading => ({
  meterId: r.meter_id as Hex,
  sequence: BigInt(r.sequence),
  timestamp: BigInt(r.ts),
  energyWh: BigInt(r.energy_wh),
  powerW: Number(r.power_w),
});

/** The register at time t from the readings just before (≤ t) and just after (≥ t); the nearest when one side is missing. */
function registerAt(t: bigint, before?: Reading, after?: Reading): bigint | undefined {
  if (before && after) {
    if (after.timestamp === before.timestamp) return after.energyWh;
    return before.energyWh + ((after.energyWh - before.energyWh) * (t - before.timestamp)) / (after.timestamp - before.timestamp);
  }
  return (before ?? after)?.energyWh;
}

export const summaryParameters = [
  { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "uint256" },
  { type: "uint256" }, { type: "uint256" }, { type: "uint256" }, { type: "bytes32" }, { type: "uint256" }, { type: "bytes32" },
] as const;

/** The period's batch file: deterministic JSON of its readings in leaf order. */
export function periodFile(assetId: bigint, start: bigint, end: bigint, readings: readonly Reading[]): Uint8Array {
  const json = JSON.stringify({
    assetId: assetId.toString(),
    start: start.toString(),
    end: end.toString(),
    readings: readings.map(readingToJson),
  });
  return new TextEncoder().encode(json);
}

/** CIDv1 of a file with IPFS's default UnixFS import (256 KiB chunks, raw leaves, sha2-256). */
export async function localCid(file: Uint8Array): Promise<FileCid> {
  let root: FileCid | undefined;
  for await (const entry of importer([{ content: file }], new MemoryBlockstore(), { cidVersion: 1, rawLeaves: true })) root = entry.cid;
  return root!;
}

/** The period file could not be pinned: the summary is not served (the readings stay; a later request retries). */
export class PinFailed extends Error {}

/**
 * Adds and pins the file through a Kubo RPC API (`/api/v0/add`, the same UnixFS parameters as localCid) and
 * returns its CID, after checking it equals the locally computed one: the summary never signs a CID that is
 * not the file's, nor one the node did not pin.
 */
export async function pinCid(apiUrl: string, file: Uint8Array): Promise<FileCid> {
  const expected = await localCid(file);
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file)]), "period.json");
  const url = `${apiUrl.replace(/\/$/, "")}/api/v0/add?cid-version=1&raw-leaves=true&hash=sha2-256&pin=true`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body: form, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new PinFailed(`IPFS API ${apiUrl} unreachable: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    // Kubo answers errors as {"Message": …, "Code": …, "Type": "error"}.
    let message = text;
    try {
      message = (JSON.parse(text) as { Message?: string }).Message ?? text;
    } catch {
      // not JSON: the body as is
    }
    throw new PinFailed(`IPFS add failed (${response.status}): ${message.trim()}`);
  }
  // One JSON object per line (progress lines have no Hash); the file's line names it.
  const lines = text.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as { Name?: string; Hash?: string });
  const hash = lines.filter((line) => line.Hash).at(-1)?.Hash;
  if (!hash) throw new PinFailed(`IPFS add answered no CID: ${text.slice(0, 200)}`);
  let cid: FileCid;
  try {
    cid = CID.parse(hash);
  } catch {
    throw new PinFailed(`IPFS add answered an invalid CID ${hash}`);
  }
  if (cid.toString() !== expected.toString()) throw new PinFailed(`IPFS add answered ${cid} for the period file, whose CID is ${expected}`);
  return cid;
}

export interface SummaryContext {
  chainId: number;
  account: LocalAccount;
  ipfsApiUrl?: string;
}

export async function summarize(db: Queryable, context: SummaryContext, assetId: bigint, start: bigint, end: bigint): Promise<Summary> {
  const params = [assetId.toString(), start.toString(), end.toString()];
  const inside = (await db.query<Row>(`SELECT ${columns} FROM readings WHERE asset_id = $1 AND ts >= $2 AND ts < $3 ORDER BY readings.meter_id, readings.sequence`, params)).rows.map(toReading);
  const beforeStart = (await db.query<Row>(`SELECT DISTINCT ON (meter_id) ${columns} FROM readings WHERE asset_id = $1 AND ts <= $2 ORDER BY readings.meter_id, readings.ts DESC, readings.sequence DESC`, params.slice(0, 2))).rows.map(toReading);
  const afterStart = (await db.query<Row>(`SELECT DISTINCT ON (meter_id) ${columns} FROM readings WHERE asset_id = $1 AND ts >= $2 ORDER BY readings.meter_id, readings.ts, readings.sequence`, params.slice(0, 2))).rows.map(toReading);
  const beforeEnd = (await db.query<Row>(`SELECT DISTINCT ON (meter_id) ${columns} FROM readings WHERE asset_id = $1 AND ts <= $2 ORDER BY readings.meter_id, readings.ts DESC, readings.sequence DESC`, [params[0], params[2]])).rows.map(toReading);
  const afterEnd = (await db.query<Row>(`SELECT DISTINCT ON (meter_id) ${columns} FROM readings WHERE asset_id = $1 AND ts >= $2 ORDER BY readings.meter_id, readings.ts, readings.sequence`, [params[0], params[2]])).rows.map(toReading);
  const byMeter = (list: Reading[]) => new Map(list.map((r) => [r.meterId, r]));
  const [bs, as, be, ae] = [byMeter(beforeStart), byMeter(afterStart), byMeter(beforeEnd), byMeter(afterEnd)];

  let energyWh = 0n;
  for (const meterId of new Set([...bs.keys(), ...as.keys()])) {
    const atStart = registerAt(start, bs.get(meterId), as.get(meterId));
    const atEnd = registerAt(end, be.get(meterId), ae.get(meterId));
    if (atStart !== undefined && atEnd !== undefined && atEnd > atStart) energyWh += atEnd - atStart;
  }
  const sourceCount = new Set(inside.map((r) => r.meterId)).size;
  const root = readingsRoot(inside);
  const file = periodFile(assetId, start, end, inside);
  const cid = context.ipfsApiUrl ? await pinCid(context.ipfsApiUrl, file) : await localCid(file);
  const cidDigest = bytesToHex(cid.multihash.digest);
  const values = [BigInt(context.chainId), assetId, start, end, energyWh, BigInt(inside.length), BigInt(sourceCount), root, BigInt(cid.code), cidDigest] as const;
  const digest = keccak256(encodeAbiParameters(summaryParameters, values));
  const signature = await context.account.signMessage({ message: { raw: digest } });
  return {
    chainId: String(context.chainId),
    assetId: assetId.toString(),
    start: start.toString(),
    end: end.toString(),
    energyWh: energyWh.toString(),
    readingCount: String(inside.length),
    sourceCount: String(sourceCount),
    readingsRoot: root,
    cid: cid.toString(),
    cidCodec: String(cid.code),
    cidDigest,
    digest,
    relay: context.account.address.toLowerCase(),
    signature,
  };
}
