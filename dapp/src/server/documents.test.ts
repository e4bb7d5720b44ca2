import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readDocument, storeDocument } from "./documents";

const dir = mkdtempSync(join(tmpdir(), "cowatt-documents-"));
const env: NodeJS.ProcessEnv = { ...process.env, COWATT_METADATA_DIR: dir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("document store", () => {
  it("stores a document under its CID and serves it back", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ title: "T", body: "B" }));
    const { cid, stored } = await storeDocument(bytes, env);
    expect(stored).toBe("file");
    expect(cid).toMatch(/^bafkrei[a-z2-7]+$/);
    const read = await readDocument(cid, env);
    expect(read.ok && new TextDecoder().decode(read.bytes)).toBe(new TextDecoder().decode(bytes));
  });
  it("refuses a file that does not match its CID", async () => {
    const { cid } = await storeDocument(new TextEncoder().encode("original"), env);
    writeFileSync(join(dir, `${cid}.json`), "tampered");
    expect(await readDocument(cid, env)).toMatchObject({ ok: false, status: 502, error: expect.stringMatching(/does not match/) });
  });
  it("answers 404 for an unknown CID and 400 for anything that is not a CID", async () => {
    const { cid: unknown } = await storeDocument(new TextEncoder().encode("x"), { ...process.env, COWATT_METADATA_DIR: join(dir, "other") });
    expect(await readDocument(unknown, env)).toMatchObject({ ok: false, status: 404 });
    expect(await readDocument("../../etc/passwd", env)).toMatchObject({ ok: false, status: 400 });
  });
});
