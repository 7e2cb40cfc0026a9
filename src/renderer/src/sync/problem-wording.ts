// What the "Sync problems" list says about one problem. Two kinds share the list: a change (a cell) the server
// refused, which can be sent again or discarded, and a file (a headshot's full-size photo, a script's PDF) the
// server would not take, which can be sent again or kept on this computer (its record syncs either way, and
// nothing is deleted). The backend answers "discard" for a file by keeping it here (sync/service.ts).
import type { SyncProblemView } from '../../../shared/sync/desktop-api.ts';

const TABLE_LABELS: Record<string, string> = {
  talent: 'Profile',
  project: 'Project',
  role: 'Role',
  shortlist_entry: 'Shortlist entry',
  headshot: 'Headshot',
  script: 'Script',
  script_note: 'Script note',
  memory: 'Memory',
  audition: 'Audition',
};

/**
 * A file problem is keyed by the file's SHA-256 and has no HLC (backend sync/blob-problems.ts); a refused
 * change always carries the HLC of the write the server refused, and its row id is a uuid.
 */
export function isFileProblem(p: SyncProblemView): boolean {
  return p.hlc === '' && /^[0-9a-f]{64}$/.test(p.rowId);
}

export interface ProblemWording {
  file: boolean;
  /** "Profile name", "Headshot full-size photo". */
  what: string;
  /** Shown before the reason. */
  reasonLabel: string;
  retryButton: string;
  retryLabel: string;
  retryToast: string;
  dismissButton: string;
  dismissLabel: string;
  dismissToast: string;
}

export function problemWording(p: SyncProblemView): ProblemWording {
  const what = `${TABLE_LABELS[p.table] ?? p.table} ${p.column}`;
  if (!isFileProblem(p))
    return {
      file: false,
      what,
      reasonLabel: 'Refused',
      retryButton: 'Send again',
      retryLabel: `Send ${what} again`,
      retryToast: 'Sent again',
      dismissButton: 'Discard',
      dismissLabel: `Discard ${what}`,
      dismissToast: 'Change discarded',
    };
  // The value names whose file it is ("Priya Sharma, IMG_0142.JPG"): two photos' buttons must not share a name.
  const whose = `${what} (${p.value})`;
  return {
    file: true,
    what,
    reasonLabel: 'Not synced',
    retryButton: 'Send again',
    retryLabel: `Send again: ${whose}`,
    retryToast: 'The file will be sent again',
    dismissButton: 'Keep on this computer',
    dismissLabel: `Keep on this computer: ${whose}`,
    dismissToast: 'File kept on this computer only',
  };
}
