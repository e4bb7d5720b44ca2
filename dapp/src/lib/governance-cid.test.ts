import { describe, expect, it } from "vitest";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { rawCid } from "./governance-cid";

describe("rawCid", () => {
  it("equals the CID multiformats gives the seed's documents", async () => {
    for (const text of ["", "a", JSON.stringify({ title: "Lower the order-book trading fee to 0.40 %", body: "…" }, null, 2)]) {
      const bytes = new TextEncoder().encode(text);
      const expected = CID.create(1, raw.code, await sha256.digest(bytes)).toString();
      expect(await rawCid(bytes)).toBe(expected);
    }
  });
});
