import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { cidOfBytes, documentBytes } from "./documents";
import { invoiceDocument, invoiceFileProblem, readDocumentFile, storeOperatorDocument, type DocumentSender } from "./document-upload";
import { MAX_DOCUMENT_BYTES } from "./operator-wizard";

describe("invoiceFileProblem", () => {
  it("takes a PDF or an image under the store's 2 MB limit", () => {
    expect(invoiceFileProblem({ name: "invoice.pdf", type: "application/pdf", size: 1_000 })).toBeNull();
    expect(invoiceFileProblem({ name: "scan.jpg", type: "image/jpeg", size: MAX_DOCUMENT_BYTES })).toBeNull();
  });

  it("names the file and what is wrong with it", () => {
    expect(invoiceFileProblem({ name: "notes.txt", type: "text/plain", size: 10 })).toBe("notes.txt is not a PDF, PNG, JPEG or WebP file.");
    expect(invoiceFileProblem({ name: "blank.pdf", type: "application/pdf", size: 0 })).toBe("blank.pdf is empty.");
    expect(invoiceFileProblem({ name: "big.pdf", type: "application/pdf", size: MAX_DOCUMENT_BYTES + 1 })).toBe("big.pdf is larger than 2 MB.");
  });
});

describe("readDocumentFile and invoiceDocument", () => {
  it("embed the file's exact bytes, typed as the asset's invoice", async () => {
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xff, 0x00]);
    const file = new File([bytes], "vestas-2026-11.pdf", { type: "application/pdf" });
    const entry = await readDocumentFile(file);
    expect(entry).toMatchObject({ title: "vestas-2026-11", fileName: "vestas-2026-11.pdf", mediaType: "application/pdf", size: 6 });
    const document = invoiceDocument(entry, "7");
    expect(document).toMatchObject({ type: "expense-invoice", assetId: "7", kind: "invoice", fileName: "vestas-2026-11.pdf" });
    expect(Buffer.from(document.content.replace("data:application/pdf;base64,", ""), "base64")).toEqual(Buffer.from(bytes));
  });
});

describe("storeOperatorDocument", () => {
  const document = { type: "expense-invoice", content: "data:application/pdf;base64,JVBERg==" };

  /** A store answering like the route: the CID of the bytes it was sent, after reporting progress. */
  const honestStore: DocumentSender = async (path, body, onProgress) => {
    expect(path).toBe("/api/operator/documents");
    onProgress(0.5);
    const sent = JSON.parse(body) as { document: unknown; cid: string };
    return { status: 200, body: { cid: await cidOfBytes(documentBytes(sent.document)) } };
  };

  it("answers the CID of the document's canonical bytes, sent along for the server to check, and reports progress", async () => {
    const progress: number[] = [];
    const cid = await storeOperatorDocument(document, { send: honestStore, onProgress: (fraction) => progress.push(fraction) });
    expect(cid).toBe(await cidOfBytes(documentBytes(document)));
    expect(progress).toEqual([0, 0.5, 1]);
  });

  it("passes on the server's reason when it refuses", async () => {
    const refusing: DocumentSender = async () => ({ status: 403, body: { error: "This wallet does not hold the asset provider role." } });
    await expect(storeOperatorDocument(document, { send: refusing })).rejects.toEqual(new ApiError("This wallet does not hold the asset provider role.", 403));
    const silent: DocumentSender = async () => ({ status: 502, body: null });
    await expect(storeOperatorDocument(document, { send: silent })).rejects.toThrow("The server answered HTTP 502.");
  });

  it("refuses a CID other than the one computed here, so nothing unchecked is recorded", async () => {
    const renaming: DocumentSender = async () => ({ status: 200, body: { cid: "bafkreisomethingelse" } });
    await expect(storeOperatorDocument(document, { send: renaming })).rejects.toThrow(/stored the document as bafkreisomethingelse, expected bafkrei/);
  });
});
