// What a new account gives (email, password, display name), checked the same way whether it creates an office
// or accepts an invite, and how a taken email shows up when two sign-ups race.
import { z } from 'zod';

export const emailSchema = z.string().trim().toLowerCase().email().max(254);
export const passwordSchema = z.string().min(10, 'password must be at least 10 characters').max(256);
export const displayNameSchema = z.string().trim().min(1).max(120);

/** Postgres's unique_violation: the email was taken between the check and the insert. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === '23505';
}
