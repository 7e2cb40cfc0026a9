import { AppError } from '../../shared/errors.ts';
import {
  type ResolveReviewInput,
  type ResolveReviewResult,
  resolveReviewInputSchema,
} from '../../shared/headshots.ts';
import type { AppDatabase } from '../store/db.ts';
import { createTalent } from '../talent/repo.ts';
import { normalizeName } from './match.ts';
import { addHeadshot, mediaBlobExists } from './repo.ts';

const DEVANAGARI = /\p{Script=Devanagari}/u;

/**
 * Applies the review step's decisions for stored-but-unassigned images, all or nothing: create a
 * profile from the (edited) name, assign to an existing talent, or skip (the blob stays, unreferenced).
 * Several create-profile decisions with the same normalised name make one profile.
 */
export function resolveHeadshotReview(db: AppDatabase, input: ResolveReviewInput): ResolveReviewResult {
  const parsed = resolveReviewInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError('INVALID_INPUT', `Invalid review decisions: ${parsed.error.message}`);
  const { decisions } = parsed.data;
  for (const d of decisions) {
    if (!mediaBlobExists(db, d.sha256))
      throw new AppError(
        'UNKNOWN_MEDIA',
        'One of the images is not in the media store (was the import undone?).',
      );
  }
  const result: ResolveReviewResult = { assigned: [], skipped: 0 };
  db.sqlite.transaction(() => {
    const created = new Map<string, string>();
    const now = Date.now();
    for (const d of decisions) {
      if (d.action === 'skip') {
        result.skipped++;
        continue;
      }
      let talentId: string;
      let createdTalent = false;
      if (d.action === 'assign') {
        talentId = d.talentId;
      } else {
        const key = normalizeName(d.name);
        const known = created.get(key);
        if (known) talentId = known;
        else {
          const t = createTalent(db, {
            fullName: d.name,
            nativeName: DEVANAGARI.test(d.name) ? d.name : null,
          });
          talentId = t.id;
          created.set(key, talentId);
          createdTalent = true;
        }
      }
      const added = addHeadshot(db, talentId, d.sha256, d.originalName ?? null, now);
      result.assigned.push({
        sha256: d.sha256,
        talentId,
        headshotId: added.headshotId,
        createdTalent,
        becamePrimary: added.becamePrimary,
        alreadyPresent: added.alreadyPresent,
      });
    }
  })();
  return result;
}
