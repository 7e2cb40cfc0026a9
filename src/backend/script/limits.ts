/** Default limits of an analysis; in their own module so the calling thread loads none of the analyser. */
export const DEFAULT_MAX_PAGES = 2000;
export const DEFAULT_MAX_CHARS = 20_000_000;

/** Whether bytes start like a PDF: the header may follow some junk bytes; readers accept it within the first KiB. */
export function looksLikePdf(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(1024, data.byteLength)).toString('latin1');
  return head.includes('%PDF-');
}
