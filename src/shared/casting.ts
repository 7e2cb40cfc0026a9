import { z } from 'zod';
import { genderSchema, talentCardSchema } from './talent.ts';

export const SHORTLIST_STATUSES = [
  'considered',
  'auditioned',
  'callback',
  'offered',
  'booked',
  'passed',
] as const;
export const shortlistStatusSchema = z.enum(SHORTLIST_STATUSES);
export type ShortlistStatus = z.infer<typeof shortlistStatusSchema>;
export const SHORTLIST_STATUS_LABELS: Record<ShortlistStatus, string> = {
  considered: 'Considered',
  auditioned: 'Auditioned',
  callback: 'Callback',
  offered: 'Offered',
  booked: 'Booked',
  passed: 'Passed',
};

export const PROJECT_STATUSES = ['active', 'on_hold', 'wrapped'] as const;
export const ROLE_STATUSES = ['open', 'casting', 'cast', 'cut'] as const;

const id = z.string().min(1).max(64);

export const projectInputSchema = z.object({
  name: z.string().trim().min(1, 'A project needs a name').max(200),
  description: z.string().trim().max(5000).nullable().optional(),
  status: z.enum(PROJECT_STATUSES).default('active'),
});
export const projectSchema = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(PROJECT_STATUSES),
  roleCount: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Project = z.infer<typeof projectSchema>;

export const roleInputSchema = z
  .object({
    projectId: id,
    name: z.string().trim().min(1, 'A role needs a name').max(200),
    description: z.string().trim().max(10_000).nullable().optional(),
    ageMin: z.number().int().min(0).max(120).nullable().optional(),
    ageMax: z.number().int().min(0).max(120).nullable().optional(),
    gender: genderSchema.nullable().optional(),
    languages: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    status: z.enum(ROLE_STATUSES).default('open'),
  })
  .refine((r) => r.ageMin == null || r.ageMax == null || r.ageMin <= r.ageMax, {
    message: 'Age "from" must not be above "to"',
    path: ['ageMax'],
  });
export type RoleInput = z.input<typeof roleInputSchema>;
export const roleSchema = z.object({
  id,
  projectId: id,
  name: z.string(),
  description: z.string().nullable(),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  gender: genderSchema.nullable(),
  languages: z.array(z.string()),
  status: z.enum(ROLE_STATUSES),
  shortlistCount: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Role = z.infer<typeof roleSchema>;

export const shortlistEntrySchema = z.object({
  id,
  roleId: id,
  talent: talentCardSchema,
  status: shortlistStatusSchema,
  notes: z.string().nullable(),
  rating: z.number().nullable(),
  position: z.number(),
  updatedAt: z.number(),
});
export type ShortlistEntry = z.infer<typeof shortlistEntrySchema>;

// Editing projects and roles (rename, details, status), with undo by restoring the tombstoned row.
export const projectPatchSchema = z.object({
  name: z.string().trim().min(1, 'A project needs a name').max(200).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
});
export const rolePatchSchema = z
  .object({
    name: z.string().trim().min(1, 'A role needs a name').max(200).optional(),
    description: z.string().trim().max(10_000).nullable().optional(),
    ageMin: z.number().int().min(0).max(120).nullable().optional(),
    ageMax: z.number().int().min(0).max(120).nullable().optional(),
    gender: genderSchema.nullable().optional(),
    languages: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    status: z.enum(ROLE_STATUSES).optional(),
  })
  .refine((r) => r.ageMin == null || r.ageMax == null || r.ageMin <= r.ageMax, {
    message: 'Age "from" must not be above "to"',
    path: ['ageMax'],
  });
export type RolePatch = z.input<typeof rolePatchSchema>;

// Auditions. Times are the office's wall-clock time, 'YYYY-MM-DDTHH:MM': a casting office schedules in its own
// time zone, every desktop of the office shares it, and exports print exactly what was entered.
export const AUDITION_STATUSES = ['scheduled', 'confirmed', 'done', 'no_show', 'cancelled'] as const;
export const auditionStatusSchema = z.enum(AUDITION_STATUSES);
export type AuditionStatus = z.infer<typeof auditionStatusSchema>;
export const AUDITION_STATUS_LABELS: Record<AuditionStatus, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  done: 'Done',
  no_show: 'No show',
  cancelled: 'Cancelled',
};
/** True for a real calendar day: Date.parse would take 30 February as 2 March. */
const realDay = (s: string) => {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
};
export const dayStringSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD')
  .refine(realDay, 'That date does not exist');
export const wallTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'Give the time as YYYY-MM-DDTHH:MM')
  .refine(realDay, 'That date does not exist');

const auditionFields = {
  roleId: id,
  talentId: id,
  startsAt: wallTimeSchema,
  endsAt: wallTimeSchema,
  place: z.string().trim().min(1, 'Say where the audition is').max(200),
  status: auditionStatusSchema.default('scheduled'),
  notes: z.string().trim().max(5000).nullable().optional(),
};
const endsAfterStart = {
  check: (a: { startsAt?: string; endsAt?: string }) =>
    a.startsAt == null || a.endsAt == null || a.startsAt < a.endsAt,
  message: { message: 'The audition must end after it starts', path: ['endsAt'] },
};
export const auditionInputSchema = z
  .object({ ...auditionFields, allowClash: z.boolean().default(false) })
  .refine(endsAfterStart.check, endsAfterStart.message);
export type AuditionInput = z.input<typeof auditionInputSchema>;
export const auditionPatchSchema = z
  .object({
    startsAt: wallTimeSchema.optional(),
    endsAt: wallTimeSchema.optional(),
    place: auditionFields.place.optional(),
    status: auditionStatusSchema.optional(),
    notes: auditionFields.notes,
  })
  .refine(endsAfterStart.check, endsAfterStart.message);
export type AuditionPatch = z.input<typeof auditionPatchSchema>;

export const auditionSchema = z.object({
  id,
  projectId: id,
  roleId: id,
  roleName: z.string(),
  talent: talentCardSchema,
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  status: auditionStatusSchema,
  notes: z.string().nullable(),
  updatedAt: z.number(),
});
export type Audition = z.infer<typeof auditionSchema>;

/** Why a time cannot be booked as is: the person is elsewhere then, or the place's slot is taken. */
export const auditionClashSchema = z.object({
  kind: z.enum(['talent', 'place']),
  auditionId: id,
  talentName: z.string(),
  roleName: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  message: z.string(),
});
export type AuditionClash = z.infer<typeof auditionClashSchema>;

export const auditionListInputSchema = z.object({
  projectId: id,
  roleId: id.nullable().optional(),
  day: dayStringSchema.nullable().optional(),
});
export const auditionClashInputSchema = z
  .object({
    /** The audition being edited, which cannot clash with itself. */
    id: id.nullable().optional(),
    talentId: id,
    startsAt: wallTimeSchema,
    endsAt: wallTimeSchema,
    place: auditionFields.place,
  })
  .refine(endsAfterStart.check, endsAfterStart.message);

/**
 * A day's auditions as a table to print (auditions.export as PDF): what casting/handlers.ts hands to the
 * PDF writer (export/schedule-pdf.ts). Here because neither of the two may import the other.
 */
export interface PdfTable {
  title: string;
  subtitle: string;
  header: string[];
  rows: string[][];
  /** Relative column widths, one per header cell. */
  widths: number[];
}

const ok = z.object({ ok: z.literal(true) });
const fileResult = z.object({ fileName: z.string(), mime: z.string(), base64: z.string(), rows: z.number() });

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

/** The casting methods added to the contract (src/shared/api.ts spreads them in). */
export const castingMethods = {
  'projects.update': method(z.object({ id, patch: projectPatchSchema }), projectSchema),
  'projects.restore': method(z.object({ id }), projectSchema),
  'roles.update': method(z.object({ id, patch: rolePatchSchema }), roleSchema),
  'roles.restore': method(z.object({ id }), roleSchema),
  'auditions.list': method(auditionListInputSchema, z.array(auditionSchema)),
  'auditions.clashes': method(auditionClashInputSchema, z.array(auditionClashSchema)),
  'auditions.create': method(auditionInputSchema, auditionSchema),
  'auditions.update': method(
    z.object({ id, patch: auditionPatchSchema, allowClash: z.boolean().default(false) }),
    auditionSchema,
  ),
  'auditions.delete': method(z.object({ id }), ok),
  'auditions.restore': method(z.object({ id }), auditionSchema),
  'auditions.export': method(
    z.object({
      projectId: id,
      roleId: id.nullable().optional(),
      day: dayStringSchema,
      format: z.enum(['csv', 'pdf']),
    }),
    fileResult,
  ),
} as const;
