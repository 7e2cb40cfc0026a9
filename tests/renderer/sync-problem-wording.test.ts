// The "Sync problems" list words a refused change and a file the server would not take differently: a file is
// kept on this computer (its record still syncs), never "discarded".
import { describe, expect, it } from 'vitest';
import { isFileProblem, problemWording } from '../../src/renderer/src/sync/problem-wording.ts';

const photo = {
  table: 'headshot',
  rowId: 'ab'.repeat(32),
  column: 'full-size photo',
  value: 'Priya Sharma, IMG_0142.JPG',
  hlc: '',
  reason:
    "12.4 MB is over the sync server's limit of 10.0 MB: it stays on this computer. The profile and its thumbnail still sync.",
};
const cell = {
  table: 'talent',
  rowId: '01938a4e-7c1f-7000-8000-000000000001',
  column: 'name',
  value: '"Priya Sharma"',
  hlc: '2026-12-07T10:00:00.000Z-0000-0123456789abcdef',
  reason: 'Viewers cannot change profiles.',
};

describe('sync problem wording', () => {
  it('tells a file from a refused change by its shape', () => {
    expect(isFileProblem(photo)).toBe(true);
    expect(isFileProblem({ ...photo, table: 'script', column: 'PDF' })).toBe(true);
    expect(isFileProblem(cell)).toBe(false);
    // A refused change to a headshot's cell is still a change.
    expect(isFileProblem({ ...cell, table: 'headshot', column: 'caption' })).toBe(false);
  });

  it('offers to keep a file on this computer, naming whose file it is', () => {
    expect(problemWording(photo)).toEqual({
      file: true,
      what: 'Headshot full-size photo',
      reasonLabel: 'Not synced',
      retryButton: 'Send again',
      retryLabel: 'Send again: Headshot full-size photo (Priya Sharma, IMG_0142.JPG)',
      retryToast: 'The file will be sent again',
      dismissButton: 'Keep on this computer',
      dismissLabel: 'Keep on this computer: Headshot full-size photo (Priya Sharma, IMG_0142.JPG)',
      dismissToast: 'File kept on this computer only',
    });
    expect(
      problemWording({ ...photo, table: 'script', column: 'PDF', value: 'Mumbai Diaries, ep1.pdf' }).what,
    ).toBe('Script PDF');
  });

  it('keeps the refused-change wording for cells', () => {
    const w = problemWording(cell);
    expect(w).toMatchObject({
      file: false,
      what: 'Profile name',
      reasonLabel: 'Refused',
      retryLabel: 'Send Profile name again',
      dismissButton: 'Discard',
      dismissLabel: 'Discard Profile name',
      dismissToast: 'Change discarded',
    });
  });
});
