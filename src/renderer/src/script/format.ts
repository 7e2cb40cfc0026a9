import type { NoteTarget, Scene, ScriptAnalysis } from '../../../shared/script.ts';

/** A headline for every failure of script analysis; the backend's message says what to do. */
export const ERROR_TITLES: Record<string, string> = {
  PASSWORD_REQUIRED: 'This PDF is password-protected',
  PASSWORD_INCORRECT: 'That password is not correct',
  NO_TEXT_LAYER: 'This PDF is a scan with no text',
  GARBLED_TEXT: 'The text in this PDF cannot be read',
  CORRUPT_PDF: 'This PDF is damaged',
  NOT_A_PDF: 'This file is not a PDF',
  TOO_LARGE: 'This PDF is too large',
  TIMEOUT: 'Analysing took too long',
  CANCELLED: 'Analysis cancelled',
  READ_FAILED: 'The file could not be read',
  UNKNOWN_FILE: 'The file is no longer available',
  DISCONNECTED: 'Lost the connection to CastMatch',
  BUSY: 'Already analysing this file',
  INTERNAL: 'The script analyser failed',
};

/** What to do next, where the backend's message does not already say. */
export const ERROR_HINTS: Record<string, string> = {
  NOT_A_PDF:
    'Its contents are not a PDF, whatever its name says. Export the script as PDF from the writing program (Final Draft, Fade In, Celtx, Word: File → Save as PDF) and try again.',
  CORRUPT_PDF: 'Ask for the file again: a download or an e-mail attachment may have been cut short.',
  TOO_LARGE: 'Split the PDF, or export it again without scanned images.',
  TIMEOUT: 'Try again; if it happens again, export the PDF again from the writing program.',
  UNKNOWN_FILE: 'Drop or choose the file again.',
};

export function errorTitle(code: string): string {
  return ERROR_TITLES[code] ?? 'The script could not be analysed';
}

export function sceneLabel(s: Scene): string {
  if (s.index === 0) return 'Before the first scene';
  return `${s.number ?? s.index}. ${s.heading}`;
}

export function targetLabel(t: NoteTarget, a: ScriptAnalysis | undefined): string {
  if (t.kind === 'character') return t.name;
  if (t.kind === 'scene') {
    const s = a?.scenes.find((x) => x.index === t.index);
    return s ? `Scene ${sceneLabel(s)}` : `Scene ${t.index}`;
  }
  const quote = t.text.length > 60 ? `${t.text.slice(0, 57)}…` : t.text;
  return `Page ${t.page}: “${quote}”`;
}

export function ageText(age: { min: number; max: number } | null): string {
  if (!age) return '';
  return age.min === age.max ? String(age.min) : `${age.min}–${age.max}`;
}

export function newJobId(): string {
  return `script_${crypto.randomUUID().replace(/-/g, '')}`;
}
