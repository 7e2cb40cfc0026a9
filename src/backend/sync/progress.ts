// The progress of a long pull (the first sync of a desktop into a large office, or a catch-up of more than one
// page), for the status bar's progress bar: "12,345 of 100,000 changes · 3.1 MB · about 40 s left".
//
// Measured in the office's sequence numbers, which every pull answer already carries (`seq`, the office's head,
// and `cursor`): done = cursor − base, total = head − base, where base is the cursor when the catch-up began. No
// count query on the server (which would cost a scan of the office's cells per page); the price is that a sequence
// number left unused by an overwritten cell counts as a change, so "changes" may exceed the cells received. The
// bar still moves evenly, since pages are cut by cell count and gaps spread over the whole range.
//
// Resumable: the cursor is stored with each applied page (apply.ts), and the catch-up's base and its cells/bytes
// so far are kept in the `setting` row `sync.progress`, so a pull interrupted by a lost network or a restart goes
// on from its page, and the bar from where it stood. A catch-up that fits in one page never shows a bar.
import type { SyncProgressView } from '../../shared/sync/desktop-api.ts';
import type { AppDatabase } from '../store/db.ts';
import type { PulledPage } from './pull.ts';

export const PROGRESS_SETTING = 'sync.progress';

interface Stored {
  base: number;
  cursor: number;
  seq: number;
  cells: number;
  bytes: number;
}

export class SyncProgress {
  private readonly db: AppDatabase;
  private readonly now: () => number;
  private stored: Stored | null;
  /** This run's start (for the pace): the cursor and time of its first applied page; and of its latest one. */
  private run: { cursor: number; at: number } | null = null;
  private pace: { cursor: number; at: number } | null = null;

  constructor(db: AppDatabase, now: () => number) {
    this.db = db;
    this.now = now;
    this.stored = this.read();
  }

  /** Called after each applied page. */
  onPage(p: PulledPage): void {
    const at = this.now();
    if (!this.stored && !p.hasMore) return; // a small sync: no bar
    // The pace is measured from the end of this run's first page (how long that page took is not known).
    if (!this.run || this.run.cursor > p.from) this.run = { cursor: p.cursor, at };
    this.pace = { cursor: p.cursor, at };
    if (!p.hasMore) {
      this.clear();
      return;
    }
    const s = this.stored ?? { base: p.from, cursor: p.from, seq: p.seq, cells: 0, bytes: 0 };
    this.stored = {
      base: Math.min(s.base, p.from),
      cursor: p.cursor,
      seq: Math.max(p.seq, p.cursor),
      cells: s.cells + p.cells,
      bytes: s.bytes + p.bytes,
    };
    this.write(this.stored);
  }

  /** Forgets the catch-up (it finished, or the local data it was filling was replaced). */
  clear(): void {
    this.run = this.pace = null;
    if (!this.stored) return;
    this.stored = null;
    this.db.sqlite.prepare('DELETE FROM setting WHERE key = ?').run(PROGRESS_SETTING);
  }

  /** Marks the start of a new run (after an interruption the pace is measured afresh). */
  resetPace(): void {
    this.run = this.pace = null;
  }

  view(): SyncProgressView | null {
    const s = this.stored;
    if (!s) return null;
    const total = Math.max(0, s.seq - s.base);
    const done = Math.min(total, Math.max(0, s.cursor - s.base));
    let secondsLeft: number | null = null;
    if (this.run && this.pace && this.pace.at > this.run.at && this.pace.cursor > this.run.cursor) {
      const perMs = (this.pace.cursor - this.run.cursor) / (this.pace.at - this.run.at);
      secondsLeft = Math.round((total - done) / perMs / 1000);
    }
    return { done, total, cells: s.cells, bytes: s.bytes, secondsLeft };
  }

  private read(): Stored | null {
    const row = this.db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(PROGRESS_SETTING) as
      | { value: string }
      | undefined;
    if (!row) return null;
    try {
      const v = JSON.parse(row.value) as Partial<Stored>;
      const n = (x: unknown) => (Number.isInteger(x) && (x as number) >= 0 ? (x as number) : null);
      const [base, cursor, seq, cells, bytes] = [v.base, v.cursor, v.seq, v.cells, v.bytes].map(n);
      if (base == null || cursor == null || seq == null || cells == null || bytes == null) return null;
      return { base, cursor, seq, cells, bytes };
    } catch {
      return null;
    }
  }

  private write(s: Stored): void {
    this.db.sqlite
      .prepare(
        'INSERT INTO setting (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(PROGRESS_SETTING, JSON.stringify(s), this.now());
  }
}
