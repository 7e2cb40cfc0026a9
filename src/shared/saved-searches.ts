// Named talent searches ("Marathi women 25–35"), kept per office in its store (the backend's `setting`
// table), so they survive a reinstall and belong to the office rather than to one browser's storage.
import { z } from 'zod';
import { TALENT_SORTS, talentFiltersSchema } from './talent.ts';

export const savedSearchNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the search a name.')
  .max(80, 'A search name can be at most 80 characters.');

/** What a saved search brings back: the text, the filters and the sort. */
export const savedSearchQuerySchema = z.object({
  text: z.string().max(500),
  filters: talentFiltersSchema.transform((f) => ({ ...f, builds: f.builds ?? [] })),
  sort: z.enum(TALENT_SORTS),
});

export const savedSearchSchema = z.object({ name: savedSearchNameSchema, search: savedSearchQuerySchema });
export type SavedSearch = z.output<typeof savedSearchSchema>;

/** Every answer is the whole list, sorted by name: the sidebar shows it as is. */
const list = z.array(savedSearchSchema).max(500);

export const savedSearchMethods = {
  'savedSearches.list': { input: z.strictObject({}), output: list },
  /** Saves under `name`, replacing a search of the same name (ignoring case). */
  'savedSearches.save': { input: savedSearchSchema, output: list },
  'savedSearches.delete': { input: z.strictObject({ name: savedSearchNameSchema }), output: list },
  /**
   * Once per renderer: the searches an older version kept in the browser's localStorage. Names the office
   * already has are left alone (the office's copy wins).
   */
  'savedSearches.importLocal': {
    input: z.strictObject({ searches: z.array(savedSearchSchema).max(500) }),
    output: list,
  },
} as const;
