import type { z } from 'zod';

/** What each profile field is called on the form, for messages a person can act on. */
const FIELD_LABELS: Record<string, string> = {
  fullName: 'Full name',
  nativeName: 'Native-script name',
  stageName: 'Stage name',
  dateOfBirth: 'Date of birth',
  playingAgeMin: 'Playing age from',
  playingAgeMax: 'Playing age to',
  heightCm: 'Height',
  build: 'Build',
  languages: 'Languages',
  skills: 'Skills',
  dialects: 'Dialects',
  city: 'City',
  homeState: 'Home state',
  agency: 'Agency',
  agentName: 'Agent',
  agentPhone: 'Agent phone',
  agentEmail: 'Agent email',
  unionName: 'Union',
  unionNumber: 'Union number',
  phone: 'Phone',
  email: 'Email',
  showreelUrl: 'Showreel link',
  links: 'Links',
  tags: 'Tags',
  notes: 'Notes',
  rating: 'Rating',
  gender: 'Gender',
  availability: 'Availability',
};
const UNITS: Record<string, string> = { heightCm: ' cm', playingAgeMin: ' years', playingAgeMax: ' years' };

type Issue = z.core.$ZodIssue;

/** Messages the schema gives itself ("A name is required") are already written for people; zod's own are not. */
function isOwnMessage(issue: Issue): boolean {
  return !/^(Too (big|small)|Invalid( input)?|Expected)\b/i.test(issue.message);
}

/** One issue as a sentence about its field: "Height must be between 40 and 260 cm". */
export function humanIssue(issue: Issue, bounds?: { min?: number; max?: number }): string {
  const key = String(issue.path[0] ?? '');
  const label = FIELD_LABELS[key] ?? 'This field';
  const unit = UNITS[key] ?? '';
  if (isOwnMessage(issue)) return issue.message;
  switch (issue.code) {
    case 'too_big':
    case 'too_small': {
      const min = bounds?.min;
      const max = bounds?.max;
      if (issue.origin === 'string')
        return issue.code === 'too_big'
          ? `${label} can be at most ${issue.maximum} characters`
          : `${label} is required`;
      if (issue.origin === 'array' && issue.code === 'too_big')
        return `${label}: at most ${String(issue.maximum)} entries`;
      if (min != null && max != null) return `${label} must be between ${min} and ${max}${unit}`;
      return issue.code === 'too_big'
        ? `${label} must be ${String(issue.maximum)}${unit} or less`
        : `${label} must be at least ${String(issue.minimum)}${unit}`;
    }
    case 'invalid_type':
      if (issue.expected === 'int') return `${label} must be a whole number`;
      return issue.expected === 'number' ? `${label} must be a number` : `${label} is not valid`;
    case 'invalid_format':
      return issue.format === 'email'
        ? 'Not a valid email address'
        : issue.format === 'url'
          ? `${label} must be a web address starting with https://`
          : `${label} is not in the expected format`;
    default:
      return `${label} is not valid`;
  }
}

/** Numeric bounds of the form's number fields, so a "too big" message can give the whole range. */
export const NUMBER_BOUNDS: Record<string, { min: number; max: number }> = {
  heightCm: { min: 40, max: 260 },
  playingAgeMin: { min: 0, max: 120 },
  playingAgeMax: { min: 0, max: 120 },
  rating: { min: 0, max: 5 },
};

/** Field → message, first issue per field, keyed by the issue's path (never by parsing the message). */
export function issuesToErrors(issues: readonly Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= humanIssue(issue, NUMBER_BOUNDS[key]);
  }
  return out;
}
