// The get_script_analysis tool's reading of a script analysis: overview, cast, scenes or one character's
// speeches. Tolerant: the analysis JSON is another engine's and may change.
import type { ScriptRecord } from './tool-context.ts';
import { fail, ok, type ToolRunResult } from './tool-results.ts';

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function scriptPart(
  rec: ScriptRecord,
  part: 'overview' | 'cast' | 'scenes' | 'speeches',
  character: string | undefined,
  limit: number,
): ToolRunResult {
  let a: unknown = rec.analysis;
  if (typeof a === 'string') {
    try {
      a = JSON.parse(a) as unknown;
    } catch {
      return fail('This script’s analysis could not be read.');
    }
  }
  if (!isObj(a)) return fail('This script has no analysis yet.');
  const characters = arr(a.characters).filter(isObj);
  const scenes = arr(a.scenes).filter(isObj);
  const head = { scriptId: rec.id, title: str(a.title) ?? rec.title, pages: num(a.pages) };
  if (part === 'overview') {
    return ok({
      ...head,
      sceneCount: scenes.length,
      speakingCharacters: characters.length,
      topCharacters: characters.slice(0, 10).map((c) => ({ name: str(c.name), speeches: num(c.speeches) })),
      locations: arr(a.locations)
        .filter(isObj)
        .slice(0, 20)
        .map((l) => str(l.name)),
      warnings: arr(a.warnings).filter((w) => typeof w === 'string'),
    });
  }
  if (part === 'cast') {
    const silent = arr(a.silent).filter(isObj);
    return ok({
      ...head,
      characters: characters.slice(0, limit).map((c) => ({
        name: str(c.name),
        speeches: num(c.speeches),
        words: num(c.words),
        scenes: arr(c.scenes).length,
        firstPage: num(c.firstPage),
        age: isObj(c.age) ? str(c.age.text) : null,
        gender: isObj(c.gender) ? str(c.gender.value) : null,
        intro: str(c.intro)?.slice(0, 300) ?? null,
      })),
      silent: silent.slice(0, 30).map((c) => ({
        name: str(c.name),
        page: num(c.page),
        age: isObj(c.age) ? str(c.age.text) : null,
        intro: str(c.intro)?.slice(0, 200) ?? null,
      })),
      more: Math.max(0, characters.length - limit),
    });
  }
  if (part === 'scenes') {
    return ok({
      ...head,
      scenes: scenes.slice(0, limit).map((s) => ({
        index: num(s.index),
        number: str(s.number),
        heading: str(s.heading),
        page: num(s.page),
        eighths: num(s.eighths),
        speakers: arr(s.speakers)
          .filter(isObj)
          .map((p) => str(p.name)),
      })),
      more: Math.max(0, scenes.length - limit),
    });
  }
  if (!character) return fail('Say which character: part=speeches needs `character`.');
  const want = character.trim().toUpperCase();
  const match = characters.find(
    (c) => str(c.name)?.toUpperCase() === want || arr(c.aliases).some((x) => str(x)?.toUpperCase() === want),
  );
  if (!match) {
    return fail(
      `No character "${character}" in this script. Characters: ${characters
        .slice(0, 30)
        .map((c) => str(c.name))
        .join(', ')}`,
    );
  }
  const name = str(match.name);
  const headingOf = new Map(scenes.map((s) => [num(s.index), str(s.heading)] as const));
  const speeches = arr(a.speeches)
    .filter(isObj)
    .filter((s) => str(s.character) === name);
  return ok({
    ...head,
    character: name,
    intro: str(match.intro),
    totalSpeeches: speeches.length,
    speeches: speeches.slice(0, limit).map((s) => ({
      scene: num(s.scene),
      sceneHeading: headingOf.get(num(s.scene)) ?? null,
      page: num(s.page),
      cue: str(s.cue),
      words: num(s.words),
      // Newer analyses may carry the dialogue itself; pass it through when present.
      text: str(s.text),
    })),
  });
}
