import { AppError } from '../../shared/errors.ts';
import type { ScriptErrorCode } from '../../shared/script.ts';

const DEFAULT_MESSAGES: Record<ScriptErrorCode, string> = {
  PASSWORD_REQUIRED: 'This PDF is password-protected. Enter its password to open it.',
  PASSWORD_INCORRECT: 'That password is not correct for this PDF.',
  NO_TEXT_LAYER:
    'This PDF has no text layer (it looks scanned), and no text could be read from its pages. Export the script again from the writing program, or scan it again at 300 dpi.',
  GARBLED_TEXT:
    'The text in this PDF cannot be read: its fonts have no text mapping. Export the PDF again with fonts embedded, or from the writing program.',
  CORRUPT_PDF: 'This PDF is damaged or incomplete and cannot be read.',
  NOT_A_PDF: 'This file is not a PDF.',
  TOO_LARGE: 'This PDF is too large to analyse.',
  TIMEOUT: 'Analysing this PDF took too long and was stopped.',
  CANCELLED: 'Analysis cancelled.',
  READ_FAILED: 'The file could not be read.',
  INTERNAL: 'The script analyser failed unexpectedly.',
};

/** A typed failure of script analysis; `code` is stable, `message` is for people. */
export class ScriptError extends AppError {
  declare readonly code: ScriptErrorCode;
  constructor(code: ScriptErrorCode, message?: string) {
    super(code, message ?? DEFAULT_MESSAGES[code]);
    this.name = 'ScriptError';
  }
}

export function isScriptError(e: unknown): e is ScriptError {
  return e instanceof ScriptError;
}
