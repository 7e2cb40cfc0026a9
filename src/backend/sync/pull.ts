// The pull half of a sync run: pages from the stored cursor, each applied in one transaction (apply.ts), the next
// page's download overlapping the current page's apply. The grouped page format is asked for first; an older
// server that refuses it is read cell by cell from then on.
import { HlcError } from '../../shared/sync/hlc.ts';
import {
  type CellGroup,
  CURRENT_SCHEMA_VERSION,
  groupedPullResponseSchema,
  pullResponseSchema,
} from '../../shared/sync/protocol.ts';
import type { AppDatabase } from '../store/db.ts';
import { type ApplyResult, applyPage, type RemoteCell, storedCursor } from './apply.ts';
import type { JsonRequester } from './json-request.ts';
import { Stop, type SyncReport, stopFor } from './run-report.ts';

export interface PulledPage {
  /** The cursor before and after the page, and the office's sequence when it was read. */
  from: number;
  cursor: number;
  seq: number;
  cells: number;
  /** Bytes of the response body. */
  bytes: number;
  hasMore: boolean;
}

export interface PullOptions {
  db: AppDatabase;
  http: JsonRequester;
  pullLimit: number;
  /** After each applied page (for change events). */
  onApplied?: (r: ApplyResult) => void;
  /** After each applied page: where the pull stands (for the progress bar, progress.ts). */
  onPulled?: (p: PulledPage) => void;
}

/** A pulled page, its cells as the applier takes them (a grouped answer expanded). */
interface PageOfCells {
  cells: RemoteCell[];
  cursor: number;
  hasMore: boolean;
  seq: number;
  bytes: number;
}

export class Puller {
  private readonly o: PullOptions;
  /** Set when the server refused the grouped pull format (an older server): pull cell by cell from then on. */
  private cellsOnly = false;

  constructor(o: PullOptions) {
    this.o = o;
  }

  /** Pulls and applies every page after the stored cursor; a Stop ends it with the cursor at the last page applied. */
  async pullAll(report: SyncReport): Promise<void> {
    let cursor = storedCursor(this.o.db);
    const firstPull = cursor === 0;
    let next = this.pullFrom(cursor);
    for (;;) {
      const page = await next;
      if (page.cursor < cursor)
        throw new Stop('offline', 'The server answered a pull with something unreadable');
      // The next page is asked for before this one is applied (synchronously, below), so that its download
      // overlaps the apply; a page that fails to apply leaves the cursor where it was and the next one unused.
      const ahead = page.hasMore ? this.pullFrom(page.cursor) : null;
      // Awaited below as `next`; a failure that comes while this page applies is not an unhandled rejection.
      ahead?.catch(() => {});
      if (ahead) await yieldToNetwork();
      try {
        const r = applyPage(this.o.db, page.cells, page.cursor, Date.now(), { firstPull });
        report.pulledCells += page.cells.length;
        this.o.onApplied?.(r);
        this.o.onPulled?.({
          from: cursor,
          cursor: page.cursor,
          seq: page.seq,
          cells: page.cells.length,
          bytes: page.bytes,
          hasMore: page.hasMore,
        });
      } catch (e) {
        if (e instanceof HlcError && e.code === 'clock_drift') throw new Stop('clock_drift', e.message);
        throw e;
      }
      if (!ahead) return;
      cursor = page.cursor;
      next = ahead;
    }
  }

  /** One page from `cursor`, as cells (the grouped format expanded), or a Stop. */
  private async pullFrom(cursor: number): Promise<PageOfCells> {
    const grouped = !this.cellsOnly;
    const out = await this.o.http.post('/v1/sync/pull', {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      cursor,
      limit: this.o.pullLimit,
      ...(grouped ? { format: 'grouped' } : {}),
    });
    if (grouped && out.kind === 'error' && out.code === 'validation_failed') {
      this.cellsOnly = true;
      return this.pullFrom(cursor);
    }
    if (out.kind !== 'ok') throw stopFor(out);
    if (grouped) {
      const page = groupedPullResponseSchema.safeParse(out.body);
      if (page.success) {
        const { cursor: next, hasMore, seq, groups } = page.data;
        return { cells: expandGroups(groups), cursor: next, hasMore, seq, bytes: out.bytes };
      }
    } else {
      const page = pullResponseSchema.safeParse(out.body);
      if (page.success) return { ...page.data, bytes: out.bytes };
    }
    throw new Stop('offline', 'The server answered a pull with something unreadable');
  }
}

/** The cells of a grouped page: each group's values, with the group's table, row, HLC and device. */
function expandGroups(groups: readonly CellGroup[]): RemoteCell[] {
  const cells: RemoteCell[] = [];
  for (const g of groups) {
    for (const column of Object.keys(g.values)) {
      cells.push({
        table: g.table,
        rowId: g.rowId,
        column,
        value: g.values[column]!,
        hlc: g.hlc,
        deviceId: g.deviceId,
      });
    }
  }
  return cells;
}

/** Lets a request just started reach the socket before the event loop is held by a synchronous apply. */
function yieldToNetwork(): Promise<void> {
  return new Promise((ok) => setTimeout(ok, 0));
}
