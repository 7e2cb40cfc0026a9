// A small analysed feature for breakdown tests: a lead, a supporting part, a featured part, a one-line
// day player and a silent extra, across 40 scenes.
import type { ScriptAnalysis } from '../../src/shared/script.ts';

type Char = ScriptAnalysis['characters'][number];
type Speech = ScriptAnalysis['speeches'][number];

/** A 40-scene feature: a lead, a supporting part, a featured part, a one-line day player, a silent extra. */
export function analysis(): ScriptAnalysis {
  const scenes = Array.from({ length: 40 }, (_, i) => ({
    index: i,
    number: String(i + 1),
    heading: `${i % 2 ? 'EXT' : 'INT'}. ${['CHAWL', 'POLICE STATION', 'DHOBI GHAT', 'LOCAL TRAIN'][i % 4]} - ${i % 3 ? 'DAY' : 'NIGHT'}`,
    interior: i % 2 ? ('EXT' as const) : ('INT' as const),
    location: ['CHAWL', 'POLICE STATION', 'DHOBI GHAT', 'LOCAL TRAIN'][i % 4]!,
    timeOfDay: i % 3 ? 'DAY' : 'NIGHT',
    page: 1 + Math.floor(i * 2.5),
    endPage: 3 + Math.floor(i * 2.5),
    y: 700,
    eighths: 8,
    speakers: [],
    named: [],
    revised: false,
  }));
  const speeches: Speech[] = [];
  const say = (character: string, scene: number, words: number, extra: Partial<Speech> = {}) =>
    speeches.push({
      character,
      cue: character,
      scene,
      page: scenes[scene]!.page,
      words,
      dual: false,
      rects: [],
      ...extra,
    });
  // MEERA: 120 speeches across 14 scenes, most in scene 6; one 220-word monologue (too long to learn).
  const meeraScenes = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 30, 36];
  for (let i = 0; i < 120; i++) {
    const scene = i < 30 ? 6 : meeraScenes[i % meeraScenes.length]!;
    say(
      'MEERA',
      scene,
      i === 7 ? 220 : i === 40 ? 95 : i === 51 ? 80 : i === 3 ? 60 : 8,
      i === 40 ? { cue: 'MEERA (V.O.)' } : {},
    );
  }
  say('MEERA', 36, 150, { dual: true });
  for (let i = 0; i < 40; i++) say('INSPECTOR KALE', [1, 6, 9, 13, 21][i % 5]!, i === 5 ? 40 : 6);
  for (let i = 0; i < 5; i++) say('DHOBI', [2, 3][i % 2]!, 5);
  say('PEON', 9, 3);
  const count = (name: string) => {
    const mine = speeches.filter((s) => s.character === name);
    const sceneSet = [...new Set(mine.map((s) => s.scene))].sort((a, b) => a - b);
    return { speeches: mine.length, words: mine.reduce((n, s) => n + s.words, 0), scenes: sceneSet };
  };
  const character = (name: string, extra: Partial<Char>): Char => {
    const c = count(name);
    return {
      name,
      aliases: [name],
      speeches: c.speeches,
      words: c.words,
      scenes: c.scenes,
      namedInScenes: [],
      firstPage: scenes[c.scenes[0]!]!.page,
      firstScene: c.scenes[0]!,
      intro: null,
      age: null,
      gender: null,
      ...extra,
    };
  };
  return {
    schemaVersion: 1,
    title: 'Chawl No. 7',
    pages: 102,
    pageSizes: [{ width: 612, height: 792 }],
    layout: 'screenplay',
    hasTitlePage: true,
    scenes,
    characters: [
      character('MEERA', {
        aliases: ['MEERA', 'MEERA (V.O.)'],
        intro: 'MEERA (late 20s), a tired constable, hangs her uniform on a nail.',
        age: { min: 27, max: 29, text: '(late 20s)' },
        gender: { value: 'female', cue: 'her' },
      }),
      character('INSPECTOR KALE', {
        age: { min: 50, max: 50, text: '(50)' },
        gender: { value: 'male', cue: 'his' },
      }),
      character('DHOBI', {}),
      character('PEON', {}),
    ],
    silent: [
      {
        name: 'OLD WOMAN',
        page: 4,
        scene: 1,
        intro: 'An OLD WOMAN (70s) counts coins on the steps.',
        age: { min: 70, max: 79, text: '(70s)' },
        gender: { value: 'female', cue: 'WOMAN' },
      },
    ],
    speeches,
    locations: [],
    warnings: [],
  };
}
