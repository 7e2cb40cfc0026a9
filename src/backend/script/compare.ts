import type { CastChange, DraftComparison, ScriptAnalysis } from '../../shared/script.ts';
import { nameKey } from './patterns.ts';

/**
 * What changed for casting between two drafts: roles added or cut, and roles whose speech count went up
 * or down. Characters are matched by normalised name, so "MRS IYER" and "MRS. IYER" are one role.
 */
export function compareDrafts(before: ScriptAnalysis, after: ScriptAnalysis): DraftComparison {
  const old = new Map(before.characters.map((c) => [nameKey(c.name), c] as const));
  const now = new Map(after.characters.map((c) => [nameKey(c.name), c] as const));
  const change = (
    name: string,
    a: ScriptAnalysis['characters'][number] | undefined,
    b: ScriptAnalysis['characters'][number] | undefined,
  ): CastChange => ({
    name,
    speechesBefore: a?.speeches ?? 0,
    speechesAfter: b?.speeches ?? 0,
    wordsBefore: a?.words ?? 0,
    wordsAfter: b?.words ?? 0,
    scenesBefore: a?.scenes.length ?? 0,
    scenesAfter: b?.scenes.length ?? 0,
  });
  const added: CastChange[] = [];
  const cut: CastChange[] = [];
  const grew: CastChange[] = [];
  const shrank: CastChange[] = [];
  const unchanged: string[] = [];
  for (const [k, b] of now) {
    const a = old.get(k);
    if (!a) added.push(change(b.name, undefined, b));
    else if (b.speeches > a.speeches) grew.push(change(b.name, a, b));
    else if (b.speeches < a.speeches) shrank.push(change(b.name, a, b));
    else unchanged.push(b.name);
  }
  for (const [k, a] of old) if (!now.has(k)) cut.push(change(a.name, a, undefined));
  const bySize = (x: CastChange, y: CastChange) =>
    Math.abs(y.speechesAfter - y.speechesBefore) - Math.abs(x.speechesAfter - x.speechesBefore) ||
    x.name.localeCompare(y.name);
  return {
    added: added.sort(bySize),
    cut: cut.sort(bySize),
    grew: grew.sort(bySize),
    shrank: shrank.sort(bySize),
    unchanged,
    pagesBefore: before.pages,
    pagesAfter: after.pages,
    scenesBefore: before.scenes.filter((s) => s.index > 0).length,
    scenesAfter: after.scenes.filter((s) => s.index > 0).length,
  };
}
