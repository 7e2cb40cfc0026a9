// Breakdowns for many characters at once: Claude is asked for at most `concurrency` (3) at a time, each
// answer is kept (breakdown-store.ts) as it arrives with `breakdown.progress` after it, and a cancel aborts
// the requests in flight and starts no more. Cached answers cost nothing. Without a key or a network, the
// characters get the offline draft instead (marked draft), to be upgraded later. Also: the estimate shown
// before a batch, and regenerating one character with the person's edits kept.
import { randomUUID } from 'node:crypto';
import type { BreakdownEstimate, BreakdownProgress, SavedBreakdown } from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import { draftBreakdown } from '../match/breakdown.ts';
import { changedEdits, getSavedBreakdown, saveGenerated } from '../match/breakdown-store.ts';
import {
  type BreakdownDeps,
  breakdownCacheKey,
  breakdownRequestTokens,
  claudeBreakdown,
  loadAnalysis,
} from './breakdown.ts';
import { costUsd, priceFor } from './models.ts';

/** What a breakdown's answer usually takes (the tool input of a lead is ~400–700 tokens). */
const OUTPUT_TOKENS_PER_BREAKDOWN = 600;
/** Errors that mean "Claude cannot be asked now": the rest of the batch gets drafts. */
const OFFLINE_CODES = new Set(['NO_API_KEY', 'OFFLINE']);

const codeOf = (e: unknown) => (e instanceof AppError ? e.code : '');
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The characters a batch covers: those picked (checked against the script) or every one, speaking first. */
function charactersOf(deps: BreakdownDeps, scriptId: string, picked?: readonly string[]) {
  const { sha256, analysis } = loadAnalysis(deps.db, scriptId);
  const names = picked ?? [...analysis.characters.map((c) => c.name), ...analysis.silent.map((s) => s.name)];
  // draftBreakdown throws NOT_FOUND for a name the script lacks: nothing starts for a bad list.
  const drafts = new Map(names.map((n) => draftBreakdown(analysis, n)).map((d) => [d.character, d]));
  return { sha256, analysis, drafts: [...drafts.values()] };
}

export async function estimateBatch(
  deps: BreakdownDeps & { hasKey: () => Promise<boolean> },
  input: { scriptId: string; characters?: readonly string[] },
): Promise<BreakdownEstimate> {
  const { sha256, analysis, drafts } = charactersOf(deps, input.scriptId, input.characters);
  const model = deps.model();
  const isCached = deps.db.sqlite.prepare('SELECT 1 FROM setting WHERE key = ?');
  const toAsk = drafts.filter((d) => !isCached.get(breakdownCacheKey(sha256, d.character, model)));
  const inputTokens = toAsk.reduce((n, d) => n + breakdownRequestTokens(analysis, d), 0);
  const outputTokens = toAsk.length * OUTPUT_TOKENS_PER_BREAKDOWN;
  return {
    model,
    toAsk: toAsk.length,
    cached: drafts.length - toAsk.length,
    inputTokens,
    outputTokens,
    costUsd: costUsd(model, { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 }),
    priceEstimated: priceFor(model).estimated,
    hasKey: await deps.hasKey(),
  };
}

type Job = { abort: AbortController; finished: Promise<BreakdownProgress> };

export class BreakdownBatches {
  private readonly jobs = new Map<string, Job>();
  private readonly deps: BreakdownDeps;
  private readonly emit: (p: BreakdownProgress) => void;
  private readonly concurrency: number;

  constructor(deps: BreakdownDeps, emit: (p: BreakdownProgress) => void, concurrency = 3) {
    this.deps = deps;
    this.emit = emit;
    this.concurrency = concurrency;
  }

  start(input: { scriptId: string; characters?: readonly string[]; mode: 'claude' | 'draft' }): {
    jobId: string;
    total: number;
  } {
    const { drafts } = charactersOf(this.deps, input.scriptId, input.characters);
    const jobId = randomUUID();
    const abort = new AbortController();
    const p: BreakdownProgress = {
      jobId,
      done: 0,
      total: drafts.length,
      character: null,
      costUsd: 0,
      state: 'running',
      drafts: 0,
      failed: [],
    };
    let offline = input.mode === 'draft';
    const queue = [...drafts];
    const one = async (draft: (typeof drafts)[number]) => {
      if (!offline) {
        try {
          const r = await claudeBreakdown(
            this.deps,
            { scriptId: input.scriptId, character: draft.character },
            abort.signal,
          );
          if (abort.signal.aborted) return;
          saveGenerated(this.deps.db, input.scriptId, r.breakdown, r.costUsd);
          p.costUsd = Math.round((p.costUsd + r.costUsd) * 1e8) / 1e8;
          return;
        } catch (e) {
          if (abort.signal.aborted) return;
          if (OFFLINE_CODES.has(codeOf(e))) offline = true;
          else p.failed.push({ character: draft.character, message: messageOf(e) });
        }
      }
      // Offline, no key, or Claude failed for this one: the draft (which never replaces Claude's answer).
      saveGenerated(this.deps.db, input.scriptId, draft, 0);
      p.drafts++;
    };
    const worker = async () => {
      for (let d = queue.shift(); d && !abort.signal.aborted; d = queue.shift()) {
        await one(d);
        if (abort.signal.aborted) return;
        p.done++;
        this.emit({ ...p, character: d.character, failed: [...p.failed] });
      }
    };
    const finished = Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker))
      .catch(() => undefined)
      .then(() => {
        this.jobs.delete(jobId);
        const last: BreakdownProgress = {
          ...p,
          character: null,
          state: abort.signal.aborted ? 'cancelled' : 'done',
          failed: [...p.failed],
        };
        this.emit(last);
        return last;
      });
    this.jobs.set(jobId, { abort, finished });
    return { jobId, total: drafts.length };
  }

  /** Stops a batch: requests in flight are aborted, no more start; what was kept stays. */
  cancel(jobId: string): void {
    this.jobs.get(jobId)?.abort.abort();
  }

  /** The final progress of a running batch (tests, and the CLI); null when it is not running. */
  finished(jobId: string): Promise<BreakdownProgress> | null {
    return this.jobs.get(jobId)?.finished ?? null;
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) j.abort.abort();
  }
}

/**
 * Writes one character's breakdown again, bypassing Claude's cache (or as the draft). The person's edits
 * stay; the edited fields whose new value differs are returned for the per-field question.
 */
export async function regenerateBreakdown(
  deps: BreakdownDeps,
  input: { scriptId: string; character: string; mode: 'claude' | 'draft' },
): Promise<{ saved: SavedBreakdown; changes: ReturnType<typeof changedEdits> }> {
  const { analysis } = loadAnalysis(deps.db, input.scriptId);
  const draft = draftBreakdown(analysis, input.character);
  const before = getSavedBreakdown(deps.db, input.scriptId, draft.character);
  let saved: SavedBreakdown;
  if (input.mode === 'draft') {
    saved = saveGenerated(deps.db, input.scriptId, draft, 0, { replaceClaude: true });
  } else {
    const r = await claudeBreakdown(deps, input, undefined, { force: true });
    saved = saveGenerated(deps.db, input.scriptId, r.breakdown, r.costUsd);
  }
  return { saved, changes: changedEdits(saved.generated, before?.edits ?? {}) };
}
