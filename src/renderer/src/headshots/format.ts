import type { DuplicateItem, ImportFailureCode, ReviewItem } from '../../../shared/headshots.ts';

/** What each failure code means to a casting assistant (the backend's message adds the detail). */
export const FAILURE_LABELS: Record<ImportFailureCode, string> = {
  EMPTY_FILE: 'Empty file',
  TRUNCATED: 'Truncated image',
  CORRUPT_IMAGE: 'Damaged image',
  NOT_AN_IMAGE: 'Not an image',
  UNSUPPORTED_FORMAT: 'Unsupported format',
  TOO_MANY_PIXELS: 'Image too large (pixels)',
  TOO_LARGE: 'File too large',
  UNREADABLE: 'Could not be read',
  NOT_FOUND: 'File not found',
  SYMLINK_LOOP: 'Folder link loop',
  STORE_FAILED: 'Could not be saved',
  INTERNAL: 'Unexpected error',
};

export const DUPLICATE_LABELS: Record<DuplicateItem['reason'], string> = {
  'already-stored': 'Already in the library',
  'same-content-in-batch': 'Same image twice in this import',
  'same-file-in-batch': 'Same file dropped twice',
};

export const REVIEW_STATUS_LABELS: Record<ReviewItem['status'], string> = {
  unmatched: 'No matching profile',
  ambiguous: 'Several possible profiles',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-IN')} ${n === 1 ? one : many}`;
}

/** A batch id the backend accepts (jobIdSchema) and progress events can be matched to. */
export function newBatchId(): string {
  return `hs_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** True when a drag carries files from the OS (not text, not a gallery tile being reordered). */
export function dragHasFiles(dt: DataTransfer | null): boolean {
  return Boolean(dt && [...dt.types].includes('Files'));
}
