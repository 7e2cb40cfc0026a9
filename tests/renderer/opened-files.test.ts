// The page's side of "Open with": the shell's `shell.openFile` event is kept until the screen of its kind
// takes it, once; a malformed event is ignored.
import { beforeEach, describe, expect, it, vi } from 'vitest';

let deliver: ((event: string, payload: unknown) => void) | null = null;
vi.mock('../../src/renderer/src/api.ts', () => ({
  onEvent: (listener: (event: string, payload: unknown) => void) => {
    deliver = listener;
    return () => {
      deliver = null;
    };
  },
}));

const { listenForOpenedFiles, takeOpenedFile } = await import('../../src/renderer/src/opened-files.ts');

const HANDLE = 'fh_abcdefghijklmnop';

describe('files opened with the app', () => {
  beforeEach(() => {
    listenForOpenedFiles();
    takeOpenedFile('script');
    takeOpenedFile('import');
  });

  it('keeps the newest file until the screen of its kind takes it, once', () => {
    deliver?.('shell.openFile', { kind: 'script', file: HANDLE, name: 'draft.pdf' });
    expect(takeOpenedFile('import')).toBeNull();
    expect(takeOpenedFile('script')).toEqual({ kind: 'script', file: HANDLE, name: 'draft.pdf' });
    expect(takeOpenedFile('script')).toBeNull();
    deliver?.('shell.openFile', { kind: 'script', file: HANDLE, name: 'a.pdf' });
    deliver?.('shell.openFile', { kind: 'import', file: HANDLE, name: 'b.csv' });
    expect(takeOpenedFile('script')).toBeNull();
    expect(takeOpenedFile('import')?.name).toBe('b.csv');
  });

  it('ignores other events and malformed payloads', () => {
    deliver?.('talent.changed', { kind: 'import', file: HANDLE, name: 'x.csv' });
    deliver?.('shell.openFile', { kind: 'spreadsheet', file: HANDLE, name: 'x.csv' });
    deliver?.('shell.openFile', { kind: 'import', name: 'x.csv' });
    expect(takeOpenedFile('import')).toBeNull();
  });
});
