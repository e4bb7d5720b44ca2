/**
 * Asset documents are addressed by CID on chain (EnergyAsset.metadataCID). The seed and the operator console
 * store them as CIDv1 raw-leaf sha2-256 (base32 "b…"), which IPFS gives the same bytes. Whatever serves the
 * bytes (the local folder or a gateway), they are checked against the CID before the page trusts them.
 */

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const RAW_CODEC = 0x55;
const DAG_JSON_CODEC = 0x0129;
const SHA2_256 = 0x12;

export interface ParsedCid {
  codec: number;
  /** sha2-256 digest the content must hash to. */
  digest: Uint8Array;
}

function base32Decode(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  return Uint8Array.from(bytes);
}

function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] | null {
  let value = 0;
  for (let shift = 0, i = offset; i < bytes.length && shift < 28; shift += 7, i++) {
    const byte = bytes[i]!;
    value |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  return null;
}

/**
 * Parses a CIDv1 in base32 with a sha2-256 multihash (raw or dag-json content); null for anything else,
 * including strings that could be used to escape a folder ("../", "/").
 */
export function parseCid(cid: string): ParsedCid | null {
  if (!/^b[a-z2-7]{58,}$/.test(cid) || cid.length > 120) return null;
  const bytes = base32Decode(cid.slice(1));
  if (!bytes) return null;
  const version = readVarint(bytes, 0);
  if (!version || version[0] !== 1) return null;
  const codec = readVarint(bytes, version[1]);
  if (!codec || (codec[0] !== RAW_CODEC && codec[0] !== DAG_JSON_CODEC)) return null;
  const hash = readVarint(bytes, codec[1]);
  if (!hash || hash[0] !== SHA2_256) return null;
  const length = readVarint(bytes, hash[1]);
  if (!length || length[0] !== 32 || bytes.length !== length[1] + 32) return null;
  return { codec: codec[0], digest: bytes.slice(length[1]) };
}

/** The asset metadata document as the seed and the operator console write it. */
export interface AssetMetadata {
  name?: string;
  description?: string;
  operator?: string;
  location?: string;
  capacityW?: string;
  documents?: { title: string; kind: string; cid?: string; url?: string }[];
}

/** Keeps the fields the page shows, with the right types; anything else in the document is ignored. */
export function readAssetMetadata(value: unknown): AssetMetadata {
  if (!value || typeof value !== "object") throw new Error("The asset document is not a JSON object.");
  const record = value as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : undefined);
  const documents = Array.isArray(record.documents)
    ? record.documents.flatMap((entry) => {
        if (!entry || typeof entry !== "object") return [];
        const doc = entry as Record<string, unknown>;
        if (typeof doc.title !== "string") return [];
        return [{
          title: doc.title,
          kind: typeof doc.kind === "string" ? doc.kind : "document",
          cid: typeof doc.cid === "string" && parseCid(doc.cid) ? doc.cid : undefined,
          url: typeof doc.url === "string" && /^https:\/\//.test(doc.url) ? doc.url : undefined,
        }];
      })
    : [];
  return { name: text("name"), description: text("description"), operator: text("operator"), location: text("location"), capacityW: text("capacityW"), documents };
}
