// Handlers for the kept breakdowns (batches with progress and cancel, edits, regenerate, role brief, the
// agencies' document) and Claude's re-rank of a role's matches. Here rather than in claude/ or match/
// because the document's PDF comes from export/, which those folders do not import.
import type { z } from 'zod';
import type { breakdownMethods } from '../../shared/breakdown.ts';
import { AppError } from '../../shared/errors.ts';
import type { matchMethods } from '../../shared/match.ts';
import { type BreakdownDeps, loadAnalysis } from '../claude/breakdown.ts';
import { BreakdownBatches, estimateBatch, regenerateBreakdown } from '../claude/breakdown-batch.ts';
import { rerankRole } from '../claude/rerank.ts';
import { breakdownPdf } from '../export/breakdown-pdf.ts';
import { draftBreakdown } from '../match/breakdown.ts';
import { applyBreakdownToRole, breakdownSections, breakdownText } from '../match/breakdown-doc.ts';
import { editBreakdown, getSavedBreakdown, listSavedBreakdowns } from '../match/breakdown-store.ts';
import type { AppDatabase } from '../store/db.ts';
import type { EventHub } from './events.ts';

type M = Omit<typeof breakdownMethods, 'breakdown.draft' | 'breakdown.claude'> &
  Pick<typeof matchMethods, 'match.rerank'>;
export type BreakdownBatchHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'breakdown';

export function createBreakdownBatchHandlers(
  db: AppDatabase,
  engine: { client: BreakdownDeps['client']; currentModel: BreakdownDeps['model'] },
  events: EventHub,
): { handlers: BreakdownBatchHandlers; batches: BreakdownBatches } {
  const deps: BreakdownDeps = { db, client: engine.client, model: engine.currentModel };
  const batches = new BreakdownBatches(deps, (p) => events.emit('breakdown.progress', p));
  const hasKey = () =>
    engine.client().then(
      () => true,
      () => false,
    );

  /** The kept breakdowns of these characters in cast order; a character never written gets its draft. */
  function chosen(scriptId: string, characters?: readonly string[]) {
    const { analysis } = loadAnalysis(db, scriptId);
    const names = characters ?? listSavedBreakdowns(db, scriptId).map((s) => s.character);
    if (names.length === 0) throw new AppError('VALIDATION', 'There are no breakdowns of this script yet.');
    return {
      title: analysis.title,
      list: names.map((n) => {
        const d = draftBreakdown(analysis, n);
        return getSavedBreakdown(db, scriptId, d.character)?.breakdown ?? d;
      }),
    };
  }

  const handlers: BreakdownBatchHandlers = {
    'breakdown.list': ({ scriptId }) => {
      const { analysis } = loadAnalysis(db, scriptId);
      const order = new Map(
        [...analysis.characters.map((c) => c.name), ...analysis.silent.map((s) => s.name)].map((n, i) => [
          n,
          i,
        ]),
      );
      return listSavedBreakdowns(db, scriptId).sort(
        (a, b) => (order.get(a.character) ?? 1e9) - (order.get(b.character) ?? 1e9),
      );
    },
    'breakdown.batch.estimate': (input) => estimateBatch({ ...deps, hasKey }, input),
    'breakdown.batch.start': (input) => batches.start(input),
    'breakdown.batch.cancel': ({ jobId }) => {
      batches.cancel(jobId);
      return { ok: true as const };
    },
    'breakdown.edit': ({ scriptId, character, set, clear }) => {
      const { analysis } = loadAnalysis(db, scriptId);
      const d = draftBreakdown(analysis, character);
      // A character never written is edited over its draft (kept only if the edit is valid).
      return editBreakdown(db, scriptId, d.character, set, clear, d);
    },
    'breakdown.regenerate': (input) => regenerateBreakdown(deps, input),
    'breakdown.applyToRole': ({ scriptId, character, roleId, projectId, newProjectName }) => {
      const { list } = chosen(scriptId, [character]);
      const r = applyBreakdownToRole(db, scriptId, list[0]!, { roleId, projectId, newProjectName });
      events.emit('casting.changed', { roleId: r.roleId, projectId: r.projectId });
      return r;
    },
    'breakdown.export': async ({ scriptId, characters, format }) => {
      const { title, list } = chosen(scriptId, characters);
      const base = `${slug(title)}-${list.length === 1 ? slug(list[0]!.character) : 'roles'}`;
      if (format === 'text') {
        const text = breakdownText(title, list);
        return {
          fileName: `${base}.txt`,
          mime: 'text/plain;charset=utf-8',
          base64: Buffer.from(text, 'utf8').toString('base64'),
          text,
        };
      }
      const bytes = await breakdownPdf({ title, roles: list.map(breakdownSections) });
      return {
        fileName: `${base}.pdf`,
        mime: 'application/pdf',
        base64: Buffer.from(bytes).toString('base64'),
        text: null,
      };
    },
    'match.rerank': (input) => rerankRole(deps, input),
  };
  return { handlers, batches };
}
