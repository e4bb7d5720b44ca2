/**
 * Operator uploads to the platform's document store (POST /api/operator/documents, server/documents.ts): a
 * picked file becomes an embedded entry (base64) of a JSON document, whose CID is computed here before
 * sending and must be the one the server stored. Used by the registration wizard, the resubmission and the
 * expense form's invoice.
 */
import { ApiError } from "./api";
import { cidOfBytes, documentBytes } from "./documents";
import { MAX_DOCUMENT_BYTES, metadataDocumentEntry, type WizardDocument } from "./operator-wizard";

export const OPERATOR_DOCUMENTS_PATH = "/api/operator/documents";

/** What an invoice may be: the formats a reviewer can open in a browser. */
export const INVOICE_MEDIA_TYPES: Readonly<Record<string, string>> = {
  "application/pdf": "PDF",
  "image/png": "PNG",
  "image/jpeg": "JPEG",
  "image/webp": "WebP",
};
export const INVOICE_ACCEPT = Object.keys(INVOICE_MEDIA_TYPES).join(",");
const INVOICE_FORMATS = Object.values(INVOICE_MEDIA_TYPES);
export const INVOICE_FORMATS_TEXT = `${INVOICE_FORMATS.slice(0, -1).join(", ")} or ${INVOICE_FORMATS.at(-1)}`;

/** Why a picked file cannot be an invoice (type, empty, over the store's per-file limit), or null. */
export function invoiceFileProblem(file: { name: string; type: string; size: number }): string | null {
  if (!(file.type in INVOICE_MEDIA_TYPES)) return `${file.name} is not a ${INVOICE_FORMATS_TEXT} file.`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_DOCUMENT_BYTES) return `${file.name} is larger than 2 MB.`;
  return null;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

/** A picked file as a document entry: its name as the title until the operator changes it, its bytes embedded. */
export async function readDocumentFile(file: File): Promise<WizardDocument> {
  return {
    title: file.name.replace(/\.[^.]+$/, ""),
    kind: "other",
    fileName: file.name,
    mediaType: file.type,
    size: file.size,
    contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())),
  };
}

/** The stored document of an expense's invoice: which asset it was uploaded for, and the file itself. */
export function invoiceDocument(file: WizardDocument, assetId: string) {
  return { type: "expense-invoice", assetId, ...metadataDocumentEntry({ ...file, kind: "invoice" }) };
}

/** Sends the JSON body and reports the share of it sent so far (0 to 1); answers the HTTP status and parsed body. */
export type DocumentSender = (path: string, body: string, onProgress: (fraction: number) => void) => Promise<{ status: number; body: unknown }>;

/** XMLHttpRequest, because fetch cannot report upload progress. */
export const sendWithProgress: DocumentSender = (path, body, onProgress) =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", path);
    request.setRequestHeader("content-type", "application/json");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(request.responseText);
      } catch {
        // an unreadable answer is reported by its status below
      }
      resolve({ status: request.status, body: parsed });
    };
    request.onerror = () => reject(new Error("The document store cannot be reached. Check your connection."));
    request.send(body);
  });

/**
 * Stores a document and answers its CID. Throws ApiError with the server's sentence when refused, and when
 * the server names the bytes differently from the CID computed here (nothing unchecked is ever recorded).
 */
export async function storeOperatorDocument(
  document: unknown,
  { onProgress = () => undefined, send = sendWithProgress }: { onProgress?: (fraction: number) => void; send?: DocumentSender } = {},
): Promise<string> {
  const cid = await cidOfBytes(documentBytes(document));
  onProgress(0);
  const answer = await send(OPERATOR_DOCUMENTS_PATH, JSON.stringify({ document, cid }), onProgress);
  const body = (answer.body ?? {}) as { cid?: string; error?: string };
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(body.error ?? `The server answered HTTP ${answer.status}.`, answer.status);
  if (body.cid !== cid) throw new ApiError(`The server stored the document as ${body.cid}, expected ${cid}.`, answer.status);
  onProgress(1);
  return cid;
}
