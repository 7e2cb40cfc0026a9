import { describe, expect, it } from 'vitest';
import { issuesToErrors, NUMBER_BOUNDS } from '../../src/renderer/src/talent/validation.ts';
import { talentInputSchema } from '../../src/shared/talent.ts';

const errorsFor = (input: Record<string, unknown>) => {
  const r = talentInputSchema.safeParse({ fullName: 'Asha Rao', ...input });
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return issuesToErrors(r.error.issues);
};

describe('profile form messages', () => {
  it('say the whole range, with its unit, next to the field named by the issue path', () => {
    expect(errorsFor({ heightCm: 300 })).toEqual({ heightCm: 'Height must be between 40 and 260 cm' });
    expect(errorsFor({ heightCm: 12 })).toEqual({ heightCm: 'Height must be between 40 and 260 cm' });
    expect(errorsFor({ playingAgeMin: 130 })).toEqual({
      playingAgeMin: 'Playing age from must be between 0 and 120 years',
    });
    expect(errorsFor({ heightCm: 170.5 })).toEqual({ heightCm: 'Height must be a whole number' });
  });

  it("keep the schema's own sentences and replace zod's", () => {
    expect(errorsFor({ fullName: ' ' })).toEqual({ fullName: 'A name is required' });
    expect(errorsFor({ email: 'nope' })).toEqual({ email: 'Not a valid email address' });
    expect(errorsFor({ agentEmail: 'nope' })).toEqual({ agentEmail: 'Not a valid email address' });
    expect(errorsFor({ showreelUrl: 'not a link' })).toEqual({
      showreelUrl: 'Showreel link must be a web address starting with https://',
    });
    expect(errorsFor({ playingAgeMin: 40, playingAgeMax: 30 })).toEqual({
      playingAgeMax: 'Playing age "from" must not be above "to"',
    });
    for (const m of Object.values(errorsFor({ heightCm: 999, email: 'x', stageName: 'x'.repeat(500) })))
      expect(m).not.toMatch(/Too (big|small)|expected|Invalid/);
  });

  it('hold the same bounds as the schema (the message must not promise a range the schema refuses)', () => {
    for (const [field, { min, max }] of Object.entries(NUMBER_BOUNDS)) {
      const ok = (v: number) => talentInputSchema.safeParse({ fullName: 'Asha Rao', [field]: v }).success;
      expect([ok(min - 1), ok(min), ok(max), ok(max + 1)], field).toEqual([false, true, true, false]);
    }
  });
});
