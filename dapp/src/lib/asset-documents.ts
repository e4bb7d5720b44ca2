/**
 * Asset documents are addressed by CID on chain (EnergyAsset.metadataCID). The seed and the operator console
 * store them as CIDv1 raw-leaf sha2-256 (base32 "b…"), which IPFS gives the same bytes. Whatever serves the
 * bytes (the local folder or a gateway), they are checked against the CID before the page trusts them.
 */
import { parseDocumentCid } from "./documents";

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
          cid: typeof doc.cid === "string" && parseDocumentCid(doc.cid) ? doc.cid : undefined,
          url: typeof doc.url === "string" && /^https:\/\//.test(doc.url) ? doc.url : undefined,
        }];
      })
    : [];
  return { name: text("name"), description: text("description"), operator: text("operator"), location: text("location"), capacityW: text("capacityW"), documents };
}
