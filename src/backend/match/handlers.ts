// The match methods and the offline breakdown of the renderer contract (src/shared/match.ts, breakdown.ts;
// Claude's breakdown is in claude/breakdown.ts), as handlers for the
// backend's dispatcher: `...createMatchHandlers(db)` next to the other handlers.
import type { z } from 'zod';
import type { breakdownMethods } from '../../shared/breakdown.ts';
import type { matchMethods } from '../../shared/match.ts';
import type { AppDatabase } from '../store/db.ts';
import { draftBreakdownFor } from './breakdown.ts';
import { loadBrief, saveBrief } from './brief.ts';
import { rankRole } from './rank.ts';

type M = Omit<typeof matchMethods, 'match.rerank'> & Pick<typeof breakdownMethods, 'breakdown.draft'>;
export type MatchHandlers = {
  [K in keyof M]: (
    input: z.output<M[K]['input']>,
  ) => z.input<M[K]['output']> | Promise<z.input<M[K]['output']>>;
};

export function createMatchHandlers(db: AppDatabase): MatchHandlers {
  return {
    'match.brief.get': ({ roleId }) => loadBrief(db, roleId),
    'match.brief.set': ({ roleId, brief }) => saveBrief(db, roleId, brief),
    'match.rank': (input) => rankRole(db, input),
    'breakdown.draft': ({ scriptId, character }) => draftBreakdownFor(db, scriptId, character),
  };
}
