// Handlers for decks and sides (deckMethods in src/shared/deck.ts): gather the project, roles, shortlists and
// profiles (or the stored script and its original PDF), then hand plain data to the PDF writers.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { deckMethods } from '../../shared/deck.ts';
import { AppError } from '../../shared/errors.ts';
import { getProject, getRole, getShortlist, listRoles } from '../casting/repo.ts';
import { buildDeck, type DeckPerson, type DeckRole } from '../export/deck.ts';
import { deckJpeg } from '../export/deck-images.ts';
import { findDevanagariFont, isWinAnsi } from '../export/pdf-text.ts';
import { mediaPath } from '../headshots/index.ts';
import { buildSides } from '../script/sides.ts';
import { getScript } from '../script/store.ts';
import type { AppDatabase } from '../store/db.ts';
import { getTalent } from '../talent/repo.ts';
import type { EventHub } from './events.ts';

type M = typeof deckMethods;
export type DeckHandlers = {
  [K in keyof M]: (input: z.output<M[K]['input']>) => Promise<z.input<M[K]['output']>>;
};

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'deck';

const today = () =>
  new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** The font only when some text needs it: embedding costs time and bytes. */
async function fontFor(texts: Array<string | null | undefined>): Promise<Uint8Array | null> {
  return texts.some((s) => s && !isWinAnsi(s)) ? findDevanagariFont() : null;
}

export function createDeckHandlers(ctx: {
  db: AppDatabase;
  events: EventHub;
  dataDir: string;
}): DeckHandlers {
  const { db, events, dataDir } = ctx;
  return {
    'deck.export': async ({ projectId, roleId, talentIds, fields, recipient, jobId }) => {
      const project = getProject(db, projectId);
      const roles = roleId ? [getRole(db, roleId)] : listRoles(db, projectId);
      if (roleId && roles[0]!.projectId !== projectId)
        throw new AppError('NOT_FOUND', 'That role is not part of this project.');
      const only = talentIds ? new Set(talentIds) : null;
      const sections: DeckRole[] = [];
      const texts: Array<string | null> = [project.name, recipient ?? null];
      for (const role of roles) {
        const candidates: DeckPerson[] = [];
        for (const e of getShortlist(db, role.id)) {
          if (only && !only.has(e.talent.id)) continue;
          const t = getTalent(db, e.talent.id);
          const sha = t.primaryHeadshot;
          candidates.push({
            ...t,
            notes: e.notes,
            rating: e.rating,
            image: sha
              ? () => deckJpeg([mediaPath(dataDir, sha, '1280'), mediaPath(dataDir, sha, 'original')])
              : undefined,
          });
          texts.push(t.fullName, t.nativeName, t.stageName, t.city, e.notes, t.skills.join(' '));
        }
        // A whole-project deck leaves out roles with nobody picked; a role's own deck always has its summary.
        if (candidates.length || roleId) sections.push({ ...role, candidates });
        texts.push(role.name, role.description);
      }
      const total = sections.reduce((n, r) => n + r.candidates.length, 0);
      if (total === 0)
        throw new AppError(
          'VALIDATION',
          only
            ? 'None of the chosen people are on this shortlist.'
            : 'There is nobody on the shortlist to export.',
        );
      const scope = roleId ? `Role: ${roles[0]!.name}` : `${sections.length} roles`;
      const { bytes, pages } = await buildDeck({
        projectName: project.name,
        scope,
        date: today(),
        recipient,
        fields,
        roles: sections,
        fontBytes: await fontFor(texts),
        onProgress: jobId ? (done, n) => events.emit('deck.progress', { jobId, done, total: n }) : undefined,
      });
      const base = slug(roleId ? `${project.name}-${roles[0]!.name}` : project.name);
      return {
        fileName: `${base}-deck.pdf`,
        mime: 'application/pdf',
        base64: Buffer.from(bytes).toString('base64'),
        pages,
        candidates: total,
      };
    },
    'script.sides': async ({ scriptId, character, watermark }) => {
      const r = getScript(db.sqlite, scriptId);
      if (!r) throw new AppError('NOT_FOUND', 'That script does not exist (it may have been deleted).');
      const path = join(dataDir, 'scripts', `${r.sha256}.pdf`);
      if (!existsSync(path))
        throw new AppError(
          'NOT_FOUND',
          'The original PDF of this script is not in the data folder any more; open the script again to make sides.',
        );
      const original = await readFile(path);
      const s = await buildSides(r.analysis, original, character, {
        watermark,
        fontBytes: await fontFor([
          character,
          watermark,
          r.analysis.title,
          ...r.analysis.scenes.map((x) => x.heading),
        ]),
      });
      return {
        fileName: `${slug(`${r.analysis.title}-${s.character}`)}-sides.pdf`,
        mime: 'application/pdf',
        base64: Buffer.from(s.bytes).toString('base64'),
        pages: s.pages,
        scriptPages: s.scriptPages,
      };
    },
  };
}
