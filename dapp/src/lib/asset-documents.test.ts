import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readAssetMetadata } from "./asset-documents";
import { cidOfBytes, parseDocumentCid as parseCid } from "./documents";

// Made with multiformats (CID.create(1, raw.code, sha256.digest(bytes))) as scripts/lib/seed.ts does.
const DOCUMENT = '{"name":"CoWatt test document"}';
const DOCUMENT_CID = "bafkreifqpcn2k3gtuc34q57wiq373zcg7cppb2uqo6uy2uwgd2iph4n4qa";

describe("asset documents", () => {
  it("parses a raw-leaf sha2-256 CIDv1 into the digest its bytes must hash to", () => {
    const parsed = parseCid(DOCUMENT_CID);
    expect(parsed?.codec).toBe(0x55);
    expect(Buffer.from(parsed!.digest).toString("hex")).toBe(createHash("sha256").update(DOCUMENT).digest("hex"));
  });

  it("names bytes by the CID multiformats gives them, as the seed does", async () => {
    expect(await cidOfBytes(new TextEncoder().encode(DOCUMENT))).toBe(DOCUMENT_CID);
  });

  it("refuses paths, CIDv0, other hashes and truncated CIDs", () => {
    expect(parseCid("../../etc/passwd")).toBeNull();
    expect(parseCid(`${DOCUMENT_CID}/../x`)).toBeNull();
    expect(parseCid("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG")).toBeNull();
    expect(parseCid(DOCUMENT_CID.slice(0, -4))).toBeNull();
    expect(parseCid(DOCUMENT_CID.toUpperCase())).toBeNull();
  });

  it("keeps the metadata fields the page shows and drops malformed entries", () => {
    const metadata = readAssetMetadata({
      name: "Sol", description: "A farm", operator: 3, documents: [{ title: "Permit", kind: "permit", cid: "nope", url: "javascript:alert(1)" }, { kind: "x" }, "junk"],
    });
    expect(metadata).toEqual({
      name: "Sol", description: "A farm", operator: undefined, location: undefined, capacityW: undefined,
      documents: [{ title: "Permit", kind: "permit", cid: undefined, url: undefined }],
    });
    expect(() => readAssetMetadata("text")).toThrow(/not a JSON object/);
  });
});
