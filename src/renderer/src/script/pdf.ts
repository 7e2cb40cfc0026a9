// pdf.js in the renderer: the library with its worker bundled by Vite (no network), and small helpers.
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class PdfPasswordError extends Error {
  readonly incorrect: boolean;
  constructor(incorrect: boolean) {
    super(incorrect ? 'That password is not correct for this PDF.' : 'This PDF is password-protected.');
    this.incorrect = incorrect;
  }
}

/** Opens a PDF from bytes; a locked PDF rejects with PdfPasswordError instead of waiting for a password. */
export async function openPdf(data: Uint8Array, password?: string): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  const task = getDocument({ data: data.slice(), password, enableXfa: false });
  let refused: PdfPasswordError | null = null;
  task.onPassword = (_update: (pw: string) => void, reason: number) => {
    refused = new PdfPasswordError(reason === 2);
    void task.destroy();
  };
  try {
    return await task.promise;
  } catch (e) {
    if (refused) throw refused;
    if (e instanceof Error && e.name === 'PasswordException') throw new PdfPasswordError(Boolean(password));
    throw e;
  }
}
