import {
  SCRIPT_SCHEMA_VERSION,
  type Scene,
  type ScriptAnalysis,
  type ScriptCharacter,
  type ScriptLocation,
  type Speech,
} from '../../shared/script.ts';
import { type Classified, classify, type Element, type SpeechElement } from './classify.ts';
import { type BodyPage, removeFurniture } from './furniture.ts';
import { introSentences, parseAge, parseGender } from './intro.ts';
import { repairMacRoman } from './macroman.ts';
import { countWords, isNameText, nameKey, normaliseName, splitCue } from './patterns.ts';
import { findTitle } from './title.ts';
import { readTwoColumns } from './twocol.ts';
import type { PageText } from './types.ts';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex finding a name as a whole word in prose; dots optional ("Mrs Iyer" = "MRS. IYER"). */
function nameRegex(name: string, flags: string): RegExp {
  const parts = name.split(/\s+/).map((w) => escapeRe(w).replace(/\\\./g, '\\.?'));
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${parts.join('\\s+')}(?![\\p{L}\\p{M}\\p{N}])`, flags);
}

interface IntroAcc {
  text: string;
  after: string;
  page: number;
  scene: number;
}

/** The introduction around a name found in an action paragraph: its sentence(s), and the text after it. */
function introAt(a: { text: string; page: number }, m: RegExpExecArray, scene: number): IntroAcc {
  const text = introSentences(a.text, m.index);
  const at = text.indexOf(m[0]);
  return {
    text,
    after: at >= 0 ? text.slice(at + m[0].length) : a.text.slice(m.index + m[0].length),
    page: a.page,
    scene,
  };
}

interface SceneAcc {
  scene: Scene;
  startPage: number;
  startY: number;
  speakers: Map<string, number>;
  named: Set<string>;
}

function eighthsBetween(
  start: { page: number; y: number },
  end: { page: number; y: number } | null,
  lastPage: number,
  top: number,
  bottom: number,
  lineH: number,
): number {
  const body = Math.max(lineH * 10, top - bottom + lineH);
  const endPos = end ?? { page: lastPage, y: bottom - lineH };
  let total = 0;
  for (let p = start.page; p <= endPos.page; p++) {
    const from = p === start.page ? Math.min(top + lineH, start.y + lineH) : top + lineH;
    const to = p === endPos.page ? Math.min(from, endPos.y + lineH) : bottom;
    total += Math.max(0, from - to) / body;
  }
  return Math.max(1, Math.round(total * 8));
}

export interface BuildOptions {
  fileName: string;
  metadataTitle: string | null;
  warnings: string[];
}

/** Turns extracted pages into the full analysis. Pure and synchronous. */
export function analyzePages(rawPages: PageText[], opts: BuildOptions): ScriptAnalysis {
  const warnings = [...opts.warnings];
  const { pages, repaired } = repairMacRoman(rawPages);
  if (repaired)
    warnings.push('The text used the old Mac Roman encoding (older Final Draft); it was read as Mac Roman.');
  const furnished = removeFurniture(pages);
  const { title, titlePages, titleLines } = findTitle(furnished, opts.metadataTitle, opts.fileName);
  const body: BodyPage[] =
    titleLines.size === 0
      ? furnished
      : furnished.map((p) => ({ ...p, lines: p.lines.filter((l) => !titleLines.has(l)) }));
  const titlePage = titlePages > 0;
  const columns = readTwoColumns(body, titlePages + 1);
  const cls: Classified = classify(
    columns.pages,
    titlePages + 1,
    columns.twoColumn ? { layout: 'flat' } : {},
  );
  const lastPage = pages.length;

  // Group cue spellings into characters by normalised key; the most used spelling names the character.
  const speeches = cls.elements.filter((e): e is SpeechElement => e.kind === 'speech');
  const spellings = new Map<string, Map<string, number>>();
  for (const s of speeches) {
    const k = nameKey(s.name);
    const m = spellings.get(k) ?? new Map<string, number>();
    const shown = normaliseName(s.name);
    m.set(shown, (m.get(shown) ?? 0) + 1);
    spellings.set(k, m);
  }
  const display = new Map<string, string>();
  for (const [k, m] of spellings) display.set(k, [...m.entries()].sort((a, b) => b[1] - a[1])[0]![0]);

  // Scenes.
  const scenes: SceneAcc[] = [];
  const zero: SceneAcc = {
    scene: {
      index: 0,
      number: null,
      heading: '(before the first scene)',
      interior: null,
      location: '',
      timeOfDay: null,
      page: 1,
      endPage: 1,
      y: 0,
      eighths: 0,
      speakers: [],
      named: [],
      revised: false,
    },
    startPage: 1,
    startY: pages[0]?.height ?? 792,
    speakers: new Map(),
    named: new Set(),
  };
  let cur = zero;
  const sceneOf = new Map<Element, SceneAcc>();
  const firstBody = cls.elements[0];
  if (firstBody) {
    zero.scene.page = firstBody.page;
    zero.startPage = firstBody.page;
    zero.startY = firstBody.y + cls.lineHeight;
  }
  for (const e of cls.elements) {
    if (e.kind === 'heading') {
      cur = {
        scene: {
          index: scenes.length + 1,
          number: e.parts.number,
          heading: e.parts.heading,
          interior: e.parts.interior,
          location: e.parts.location.toUpperCase(),
          timeOfDay: e.parts.timeOfDay,
          page: e.page,
          endPage: e.page,
          y: e.y,
          eighths: 0,
          speakers: [],
          named: [],
          revised: e.revised,
        },
        startPage: e.page,
        startY: e.y + cls.lineHeight * 0.8,
        speakers: new Map(),
        named: new Set(),
      };
      scenes.push(cur);
    }
    sceneOf.set(e, cur);
    if ('revised' in e && e.revised) cur.scene.revised = true;
  }
  const all = [zero, ...scenes];
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!;
    const next = all[i + 1];
    const end = next ? { page: next.startPage, y: next.startY } : null;
    // A scene ends on the page where the next begins, unless the next one opens that page.
    const nextOpensPage = next !== undefined && next.startPage > s.startPage && next.startY >= cls.bodyTop;
    s.scene.endPage = next
      ? nextOpensPage
        ? next.startPage - 1
        : next.startPage
      : Math.max(lastPage, s.startPage);
    s.scene.eighths = eighthsBetween(
      { page: s.startPage, y: s.startY },
      end,
      lastPage,
      cls.bodyTop,
      cls.bodyBottom,
      cls.lineHeight,
    );
  }

  // Speeches and characters.
  interface CharAcc {
    key: string;
    aliases: Set<string>;
    speeches: number;
    words: number;
    scenes: Set<number>;
    named: Set<number>;
    firstPage: number;
    firstScene: number;
  }
  const chars = new Map<string, CharAcc>();
  const outSpeeches: Speech[] = [];
  for (const s of speeches) {
    const key = nameKey(s.name);
    const name = display.get(key)!;
    const sc = sceneOf.get(s)!;
    // Parentheticals inside dialogue lines (Word scripts) are directions, not spoken words.
    const words = countWords(s.dialogue.join(' ').replace(/\([^)]*\)/g, ' '));
    let c = chars.get(key);
    if (!c) {
      c = {
        key,
        aliases: new Set(),
        speeches: 0,
        words: 0,
        scenes: new Set(),
        named: new Set(),
        firstPage: s.page,
        firstScene: sc.scene.index,
      };
      chars.set(key, c);
    }
    c.aliases.add(s.cue.toUpperCase());
    c.speeches++;
    c.words += words;
    c.scenes.add(sc.scene.index);
    sc.speakers.set(name, (sc.speakers.get(name) ?? 0) + 1);
    outSpeeches.push({
      character: name,
      cue: s.cue,
      scene: sc.scene.index,
      page: s.page,
      words,
      dual: s.dual,
      // Positions come from the file; one that is not a finite number is dropped, never passed on.
      rects: s.rects.filter((r) => Number.isFinite(r.x + r.y + r.w + r.h)),
    });
  }

  // Mentions in action; the introduction is the first action paragraph naming the character (capitals preferred).
  const actions = cls.elements.filter((e): e is Extract<Element, { kind: 'action' }> => e.kind === 'action');
  const introOf = new Map<string, IntroAcc>();
  for (const c of chars.values()) {
    const name = display.get(c.key)!;
    if ([...name.replace(/[^\p{L}]/gu, '')].length < 2) continue;
    const exact = nameRegex(name, 'u');
    const loose = nameRegex(name, 'iu');
    let firstLoose: IntroAcc | null = null;
    let intro: IntroAcc | null = null;
    for (const a of actions) {
      const sc = sceneOf.get(a)!;
      const lm = loose.exec(a.text);
      if (!lm) continue;
      c.named.add(sc.scene.index);
      sc.named.add(name);
      const em = exact.exec(a.text);
      if (!intro && em) intro = introAt(a, em, sc.scene.index);
      if (!firstLoose) firstLoose = introAt(a, lm, sc.scene.index);
    }
    const chosen = intro ?? (firstLoose && firstLoose.page <= c.firstPage ? firstLoose : null);
    if (chosen) {
      introOf.set(c.key, chosen);
      if (chosen.page < c.firstPage || (chosen.page === c.firstPage && chosen.scene < c.firstScene)) {
        c.firstPage = chosen.page;
        c.firstScene = chosen.scene;
      }
    }
  }

  const characters: ScriptCharacter[] = [...chars.values()].map((c) => {
    const name = display.get(c.key)!;
    const intro = introOf.get(c.key) ?? null;
    return {
      name,
      aliases: [...c.aliases].sort(),
      speeches: c.speeches,
      words: c.words,
      scenes: [...c.scenes].sort((a, b) => a - b),
      namedInScenes: [...c.named].sort((a, b) => a - b),
      firstPage: c.firstPage,
      firstScene: c.firstScene,
      intro: intro ? intro.text : null,
      age: intro ? parseAge(intro.after) : null,
      gender: parseGender(name, intro ? intro.after : ''),
    };
  });
  // Importance: how much they speak, then in how many scenes, then who comes first.
  characters.sort(
    (a, b) =>
      b.speeches + b.words / 40 + b.scenes.length * 2 - (a.speeches + a.words / 40 + a.scenes.length * 2) ||
      a.firstPage - b.firstPage ||
      a.name.localeCompare(b.name),
  );

  // Silent characters: introduced in capitals with an age, never speaking.
  const silent: ScriptAnalysis['silent'] = [];
  const silentSeen = new Set<string>();
  const introRe =
    /(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]+){0,3})(?=\s*(?:\(\s*(?:early|mid|late)?[\s-]*\d|,\s*(?:early\s+|mid-?\s*|late\s+)?\d{1,2}\s*'?s?\b))/gu;
  for (const a of actions) {
    for (const m of a.text.matchAll(introRe)) {
      const name = m[1]!.replace(/\s+/g, ' ').trim();
      const key = nameKey(name);
      if (chars.has(key) || silentSeen.has(key) || !isNameText(name, true) || name.length < 3) continue;
      const after = a.text.slice((m.index ?? 0) + m[0].length);
      const age = parseAge(after);
      if (!age) continue;
      silentSeen.add(key);
      silent.push({
        name: normaliseName(name),
        page: a.page,
        scene: sceneOf.get(a)!.scene.index,
        intro: introSentences(a.text, m.index ?? 0),
        age,
        gender: parseGender(name, after),
      });
    }
  }

  // Locations.
  const locs = new Map<string, ScriptLocation>();
  for (const s of scenes) {
    const name = s.scene.location || s.scene.heading;
    const l = locs.get(name) ?? { name, interiors: [], scenes: [], eighths: 0 };
    if (s.scene.interior && !l.interiors.includes(s.scene.interior)) l.interiors.push(s.scene.interior);
    l.scenes.push(s.scene.index);
    l.eighths += s.scene.eighths;
    locs.set(name, l);
  }

  const finalScenes: Scene[] = [];
  if (zero.speakers.size > 0) finalScenes.push(zero.scene);
  finalScenes.push(...scenes.map((s) => s.scene));
  for (const s of [zero, ...scenes]) {
    s.scene.speakers = [...s.speakers.entries()].map(([name, n]) => ({ name, speeches: n }));
    s.scene.named = [...s.named];
  }
  if (scenes.length === 0) warnings.push('No scene headings were found.');
  if (characters.length === 0) warnings.push('No character cues were found.');

  return {
    schemaVersion: SCRIPT_SCHEMA_VERSION,
    title,
    pages: pages.length,
    pageSizes: pages.map((p) => ({ width: p.width, height: p.height })),
    layout: cls.layout,
    hasTitlePage: titlePage,
    scenes: finalScenes,
    characters,
    silent,
    speeches: outSpeeches,
    locations: [...locs.values()].sort(
      (a, b) => b.scenes.length - a.scenes.length || a.name.localeCompare(b.name),
    ),
    warnings,
  };
}

export { splitCue };
