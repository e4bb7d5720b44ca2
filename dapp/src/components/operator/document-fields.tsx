"use client";
/** Attaching documents to an asset (registration wizard, resubmission): file picker, title and kind per file. */
import { readDocumentFile } from "@/lib/document-upload";
import { MAX_DOCUMENT_BYTES, type WizardDocument } from "@/lib/operator-wizard";
import { describedBy, FieldError, FILE_INPUT_CLASS } from "./form-ui";

const DOCUMENT_KINDS = ["permit", "grid-connection", "yield-report", "ppa", "contract", "insurance", "other"];

/** Reads picked files; those over the size limit are left out and named in `tooLarge`. */
async function readFiles(files: FileList): Promise<{ added: WizardDocument[]; tooLarge: string[] }> {
  const added: WizardDocument[] = [];
  const tooLarge: string[] = [];
  for (const file of Array.from(files)) {
    if (file.size > MAX_DOCUMENT_BYTES) tooLarge.push(file.name);
    else added.push(await readDocumentFile(file));
  }
  return { added, tooLarge };
}

export function DocumentFields({ idPrefix, label, documents, error, onChange, onError }: {
  idPrefix: string;
  label: string;
  documents: WizardDocument[];
  error?: string;
  onChange: (update: (current: WizardDocument[]) => WizardDocument[]) => void;
  onError: (message: string) => void;
}) {
  async function addFiles(files: FileList | null) {
    if (!files) return;
    const { added, tooLarge } = await readFiles(files);
    onChange((current) => [...current, ...added]);
    if (tooLarge.length > 0) onError(`${tooLarge.join(", ")} ${tooLarge.length === 1 ? "is" : "are"} larger than 2 MB.`);
  }
  const update = (index: number, change: Partial<WizardDocument>) => onChange((current) => current.map((d, i) => (i === index ? { ...d, ...change } : d)));
  return (
    <div className="flex flex-col gap-3">
      <label htmlFor={`${idPrefix}-files`} className="label">{label}</label>
      <input id={`${idPrefix}-files`} type="file" multiple className={FILE_INPUT_CLASS} {...describedBy(`${idPrefix}-documents`, error)}
        onChange={(event) => { void addFiles(event.target.files); event.target.value = ""; }} />
      <FieldError id={`${idPrefix}-documents-error`} message={error} />
      <ul className="flex flex-col gap-2">
        {documents.map((document, index) => (
          <li key={`${document.fileName}-${index}`} className="grid gap-2 rounded-xl border border-stone-200 p-3 sm:grid-cols-[1fr_10rem_auto] dark:border-stone-800" data-testid="wizard-document">
            <div>
              <label className="label" htmlFor={`${idPrefix}-doc-title-${index}`}>Title of {document.fileName}</label>
              <input id={`${idPrefix}-doc-title-${index}`} className="field" value={document.title} onChange={(event) => update(index, { title: event.target.value })} />
            </div>
            <div>
              <label className="label" htmlFor={`${idPrefix}-doc-kind-${index}`}>Kind</label>
              <select id={`${idPrefix}-doc-kind-${index}`} className="field" value={document.kind} onChange={(event) => update(index, { kind: event.target.value })}>
                {DOCUMENT_KINDS.map((kind) => <option key={kind} value={kind}>{kind}</option>)}
              </select>
            </div>
            <button type="button" className="btn-secondary self-end" aria-label={`Remove ${document.fileName}`}
              onClick={() => onChange((current) => current.filter((_, i) => i !== index))}>Remove</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
