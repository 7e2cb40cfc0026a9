// Presentation decks (a role's shortlist or a whole project as a PDF for the director or producer) and sides
// (one character's pages of the original script, speeches highlighted): the contract's methods and events.
import { z } from 'zod';

const id = z.string().min(1).max(64);

/** The facts a deck may show per candidate; contact details only when the caller picks them. */
export const DECK_FIELDS = [
  'playingAge',
  'height',
  'city',
  'languages',
  'skills',
  'agency',
  'phone',
  'email',
  'showreel',
  'notes',
  'rating',
] as const;
export const deckFieldSchema = z.enum(DECK_FIELDS);
export type DeckField = z.infer<typeof deckFieldSchema>;
export const DECK_FIELD_LABELS: Record<DeckField, string> = {
  playingAge: 'Playing age',
  height: 'Height',
  city: 'City',
  languages: 'Languages',
  skills: 'Skills',
  agency: 'Agency',
  phone: 'Phone',
  email: 'Email',
  showreel: 'Showreel link',
  notes: 'Notes',
  rating: 'Rating',
};
/** Picked by default: everything but contact details. */
export const DEFAULT_DECK_FIELDS: DeckField[] = DECK_FIELDS.filter((f) => f !== 'phone' && f !== 'email');

const recipientSchema = z
  .string()
  .trim()
  .max(120, 'Keep the recipient name under 120 characters')
  .transform((s) => s || undefined)
  .optional();

export const deckRequestSchema = z.strictObject({
  projectId: id,
  /** One role's shortlist; the whole project (every role) when absent. */
  roleId: id.optional(),
  /** Only these people (in the shortlist's order); everyone on the shortlist(s) when absent. */
  talentIds: z.array(id).max(5000).optional(),
  fields: z.array(deckFieldSchema).max(DECK_FIELDS.length),
  /** Printed diagonally on every page as "Prepared for <recipient> · <date>". */
  recipient: recipientSchema,
  /** Names this export's progress events. */
  jobId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});
export type DeckRequest = z.output<typeof deckRequestSchema>;

export const fileResultSchema = z.object({ fileName: z.string(), mime: z.string(), base64: z.string() });

export const deckResultSchema = fileResultSchema.extend({ pages: z.number(), candidates: z.number() });

export const sidesRequestSchema = z.strictObject({
  scriptId: id,
  character: z.string().trim().min(1).max(200),
  /** Printed diagonally on every page, e.g. the actor's or agency's name. */
  watermark: recipientSchema,
});

export const sidesResultSchema = fileResultSchema.extend({
  pages: z.number(),
  scriptPages: z.array(z.number()),
});

export const deckMethods = {
  'deck.export': { input: deckRequestSchema, output: deckResultSchema },
  'script.sides': { input: sidesRequestSchema, output: sidesResultSchema },
} as const;

export const deckEvents = {
  /** One per candidate drawn, so a large deck shows its progress. */
  'deck.progress': z.object({ jobId: z.string(), done: z.number(), total: z.number() }),
} as const;
