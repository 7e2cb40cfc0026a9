import { z } from 'zod';

/**
 * The result of analysing a screenplay PDF. Runtime-neutral: the backend produces it, SQLite stores it as
 * JSON, the renderer reads it. Coordinates are PDF user space (points, origin bottom-left of the page),
 * so the UI can map them with pdf.js `viewport.convertToViewportRectangle`.
 */
export const SCRIPT_SCHEMA_VERSION = 1;

export const SCRIPT_ERROR_CODES = [
  'PASSWORD_REQUIRED',
  'PASSWORD_INCORRECT',
  'NO_TEXT_LAYER',
  'GARBLED_TEXT',
  'CORRUPT_PDF',
  'NOT_A_PDF',
  'TOO_LARGE',
  'TIMEOUT',
  'CANCELLED',
  'READ_FAILED',
  'INTERNAL',
] as const;
export const scriptErrorCodeSchema = z.enum(SCRIPT_ERROR_CODES);
export type ScriptErrorCode = z.infer<typeof scriptErrorCodeSchema>;

export const rectSchema = z.object({
  page: z.number().int().min(1),
  x: z.number(),
  y: z.number(),
  w: z.number(),
  h: z.number(),
});
export type ScriptRect = z.infer<typeof rectSchema>;

export const interiorSchema = z.enum(['INT', 'EXT', 'INT/EXT']).nullable();

export const sceneSchema = z.object({
  /** 1-based; index 0 is the material before the first heading (present only when it holds speech). */
  index: z.number().int().min(0),
  /** The printed scene number ("12", "12A"), null when unnumbered. */
  number: z.string().nullable(),
  heading: z.string(),
  interior: interiorSchema,
  location: z.string(),
  timeOfDay: z.string().nullable(),
  page: z.number().int().min(1),
  endPage: z.number().int().min(1),
  /** Top of the heading line in PDF space, to scroll to. */
  y: z.number(),
  /** Length in eighths of a page (at least 1). */
  eighths: z.number().int().min(0),
  /** Speakers in order of first speech, with their speech counts in this scene. */
  speakers: z.array(z.object({ name: z.string(), speeches: z.number().int().min(0) })),
  /** Characters (by normalised name) named in the scene's action without necessarily speaking. */
  named: z.array(z.string()),
  /** True when a revision mark (asterisk in the margin) touches the scene. */
  revised: z.boolean(),
});
export type Scene = z.infer<typeof sceneSchema>;

export const ageHintSchema = z.object({ min: z.number().int(), max: z.number().int(), text: z.string() });
export type AgeHint = z.infer<typeof ageHintSchema>;
export const genderHintSchema = z.object({ value: z.enum(['female', 'male']), cue: z.string() });
export type GenderHint = z.infer<typeof genderHintSchema>;

export const characterSchema = z.object({
  /** Normalised name: upper case, extensions such as (V.O.) and (CONT'D) removed. */
  name: z.string(),
  /** Every spelling seen in cues, e.g. "RAHUL (V.O.)". */
  aliases: z.array(z.string()),
  speeches: z.number().int().min(0),
  words: z.number().int().min(0),
  /** Indexes of scenes where the character speaks. */
  scenes: z.array(z.number().int().min(0)),
  /** Indexes of scenes whose action names the character. */
  namedInScenes: z.array(z.number().int().min(0)),
  firstPage: z.number().int().min(1),
  firstScene: z.number().int().min(0),
  /** The action paragraph that introduces the character, when one is found. */
  intro: z.string().nullable(),
  age: ageHintSchema.nullable(),
  gender: genderHintSchema.nullable(),
});
export type ScriptCharacter = z.infer<typeof characterSchema>;

export const speechSchema = z.object({
  character: z.string(),
  /** The cue as printed, e.g. "RAHUL (V.O.)". */
  cue: z.string(),
  scene: z.number().int().min(0),
  page: z.number().int().min(1),
  words: z.number().int().min(0),
  /** Part of a dual-dialogue pair. */
  dual: z.boolean(),
  /** The cue line first, then dialogue and parenthetical lines (several pages when continued). */
  rects: z.array(rectSchema),
});
export type Speech = z.infer<typeof speechSchema>;

export const locationSchema = z.object({
  name: z.string(),
  interiors: z.array(z.enum(['INT', 'EXT', 'INT/EXT'])),
  scenes: z.array(z.number().int().min(0)),
  eighths: z.number().int().min(0),
});
export type ScriptLocation = z.infer<typeof locationSchema>;

export const scriptAnalysisSchema = z.object({
  schemaVersion: z.literal(SCRIPT_SCHEMA_VERSION),
  title: z.string(),
  pages: z.number().int().min(0),
  pageSizes: z.array(z.object({ width: z.number(), height: z.number() })),
  /** The document's layout as learned: 'screenplay' (indented cues) or 'flat' (Word-style). */
  layout: z.enum(['screenplay', 'flat']),
  hasTitlePage: z.boolean(),
  scenes: z.array(sceneSchema),
  /** Speaking characters, most important first. */
  characters: z.array(characterSchema),
  /** Characters introduced in action with an age ("PRIYA (28)") who never speak. */
  silent: z.array(
    z.object({
      name: z.string(),
      page: z.number().int().min(1),
      scene: z.number().int().min(0),
      intro: z.string(),
      age: ageHintSchema.nullable(),
      gender: genderHintSchema.nullable(),
    }),
  ),
  speeches: z.array(speechSchema),
  locations: z.array(locationSchema),
  warnings: z.array(z.string()),
});
export type ScriptAnalysis = z.infer<typeof scriptAnalysisSchema>;

export const scriptProgressSchema = z.object({
  /** 'ocr': a scanned PDF's pages being read with OCR (pagesDone/pagesTotal count those pages). */
  phase: z.enum(['reading', 'extracting', 'ocr', 'analysing', 'done']),
  pagesDone: z.number().int().min(0),
  pagesTotal: z.number().int().min(0),
});
export type ScriptProgress = z.infer<typeof scriptProgressSchema>;

/** The subset printed by `castmatch analyze-script FILE.pdf --json` (a stable contract). */
export function toCliJson(a: ScriptAnalysis): {
  title: string;
  pages: number;
  scenes: Array<{ index: number; number: string | null; heading: string; page: number }>;
  characters: Array<{
    name: string;
    speeches: number;
    words: number;
    scenes: number[];
    firstPage: number;
    intro: string | null;
  }>;
} {
  return {
    title: a.title,
    pages: a.pages,
    scenes: a.scenes.map((s) => ({ index: s.index, number: s.number, heading: s.heading, page: s.page })),
    characters: a.characters.map((c) => ({
      name: c.name,
      speeches: c.speeches,
      words: c.words,
      scenes: c.scenes,
      firstPage: c.firstPage,
      intro: c.intro,
    })),
  };
}

export interface SceneCharacterMatrix {
  characters: string[];
  scenes: number[];
  /** cells[character][scene column]: speeches in that scene, and whether the action names the character. */
  cells: Array<Array<{ speeches: number; named: boolean }>>;
}

/** The scene × character matrix, rows in the analysis' character order, columns in scene order. */
export function sceneCharacterMatrix(a: ScriptAnalysis): SceneCharacterMatrix {
  const col = new Map(a.scenes.map((s, i) => [s.index, i] as const));
  const cells = a.characters.map(() => a.scenes.map(() => ({ speeches: 0, named: false })));
  const row = new Map(a.characters.map((c, i) => [c.name, i] as const));
  for (const s of a.scenes) {
    const j = col.get(s.index)!;
    for (const sp of s.speakers) {
      const i = row.get(sp.name);
      if (i !== undefined) cells[i]![j]!.speeches = sp.speeches;
    }
    for (const n of s.named) {
      const i = row.get(n);
      if (i !== undefined) cells[i]![j]!.named = true;
    }
  }
  return { characters: a.characters.map((c) => c.name), scenes: a.scenes.map((s) => s.index), cells };
}

export const castChangeSchema = z.object({
  name: z.string(),
  speechesBefore: z.number().int(),
  speechesAfter: z.number().int(),
  wordsBefore: z.number().int(),
  wordsAfter: z.number().int(),
  scenesBefore: z.number().int(),
  scenesAfter: z.number().int(),
});
export type CastChange = z.infer<typeof castChangeSchema>;

export const draftComparisonSchema = z.object({
  added: z.array(castChangeSchema),
  cut: z.array(castChangeSchema),
  grew: z.array(castChangeSchema),
  shrank: z.array(castChangeSchema),
  unchanged: z.array(z.string()),
  pagesBefore: z.number().int(),
  pagesAfter: z.number().int(),
  scenesBefore: z.number().int(),
  scenesAfter: z.number().int(),
});
export type DraftComparison = z.infer<typeof draftComparisonSchema>;

export const noteTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scene'), index: z.number().int().min(0) }),
  z.object({ kind: z.literal('character'), name: z.string().min(1).max(200) }),
  z.object({
    kind: z.literal('selection'),
    page: z.number().int().min(1),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    text: z.string().max(5000),
  }),
]);
export type NoteTarget = z.infer<typeof noteTargetSchema>;

export const scriptNoteSchema = z.object({
  id: z.string(),
  scriptId: z.string(),
  target: noteTargetSchema,
  body: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ScriptNote = z.infer<typeof scriptNoteSchema>;

export const scriptRecordSchema = z.object({
  id: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  title: z.string(),
  pages: z.number().int(),
  projectId: z.string().nullable(),
  analysis: scriptAnalysisSchema,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ScriptRecord = z.infer<typeof scriptRecordSchema>;
