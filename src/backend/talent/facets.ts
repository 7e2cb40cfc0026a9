// Facet counts off the backend's thread. With filters they take 30–110 ms on 100k profiles; computed where
// searches run, they would hold up the next keystroke's search (in Electron, every call of the window).
// A long-lived worker with its own connection answers them instead; committed writes from any connection
// are visible to it at once (WAL).
import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';
import type { TalentFacets, TalentQuery } from '../../shared/talent.ts';
import type { AppDatabase } from '../store/db.ts';
import { workerUrl } from '../workers/url.ts';
import { talentFacets } from './facet-counts.ts';

type Reply =
  | { id: number; ok: true; facets: TalentFacets }
  | { id: number; ok: false; error: { code: string; message: string } };

export class FacetCounter {
  private readonly db: AppDatabase;
  private worker: Worker | null = null;
  /** Answers awaited, by request id, with the worker that was asked (a replaced one may still exit later). */
  private readonly pending = new Map<
    number,
    { worker: Worker; resolve: (f: TalentFacets) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;

  constructor(db: AppDatabase) {
    this.db = db;
  }

  count(query: TalentQuery): Promise<TalentFacets> {
    // An in-memory database cannot be opened from another thread (tests): count here.
    if (this.db.file === ':memory:') return Promise.resolve(talentFacets(this.db, query));
    const id = this.nextId++;
    const worker = this.start();
    const reply = new Promise<TalentFacets>((resolve, reject) =>
      this.pending.set(id, { worker, resolve, reject }),
    );
    worker.ref(); // an answer is awaited: keep the process alive for it
    worker.postMessage({ id, query });
    return reply;
  }

  /** Starts the worker ahead of the first count (the window asks for facets as soon as it opens). */
  warm(): void {
    if (this.db.file !== ':memory:') this.start();
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(
      workerUrl(new URL('./facets-worker.ts', import.meta.url), 'talent-facets-worker'),
      {
        workerData: { dbFile: this.db.file },
      },
    );
    worker.unref(); // idle until asked (count() refs it while an answer is awaited)
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      // Idle, it is never what keeps the process alive.
      if (![...this.pending.values()].some((q) => q.worker === worker)) worker.unref();
      if (m.ok) p?.resolve(m.facets);
      else p?.reject(new AppError(m.error.code, m.error.message));
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = null; // the next call starts a fresh one
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.reject(new AppError('INTERNAL', message));
      }
    };
    worker.on('error', (e) => fail(`Counting the filters stopped unexpectedly: ${e.message}`));
    worker.on('exit', () => fail('Counting the filters stopped unexpectedly.'));
    this.worker = worker;
    return worker;
  }
}
