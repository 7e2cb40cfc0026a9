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
