// How the activity feed and the overwrite notice word a change: field names from column names, values from their
// JSON text, times in the user's locale.

const FIELD_LABELS: Record<string, string> = {
  full_name: 'name',
  stage_name: 'stage name',
  native_name: 'name in native script',
  date_of_birth: 'date of birth',
  playing_age_min: 'playing age (from)',
  playing_age_max: 'playing age (to)',
  height_cm: 'height',
  home_state: 'home state',
  agent_name: 'agent',
  agent_phone: 'agent’s phone',
  union_name: 'union',
  union_number: 'union number',
  showreel_url: 'showreel',
  role_id: 'role',
  talent_id: 'talent',
  project_id: 'project',
  starts_at: 'start',
  ends_at: 'end',
};

export function fieldLabel(column: string): string {
  return FIELD_LABELS[column] ?? column.replace(/_/g, ' ');
}

/** A cell's JSON text as a person reads it (lists joined; JSON-in-text lists too). */
export function valueText(json: string | null): string {
  if (json === null) return '(empty)';
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof v === 'string' && /^[[{]/.test(v)) {
    try {
      v = JSON.parse(v);
    } catch {
      // plain text that starts with a bracket
    }
  }
  if (v === null || v === '') return '(empty)';
  if (Array.isArray(v))
    return v
      .map((x) => (typeof x === 'object' && x !== null ? Object.values(x).join(' ') : String(x)))
      .join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function whenText(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const ACTIVITY_KEY = ['sync.activity'] as const;
