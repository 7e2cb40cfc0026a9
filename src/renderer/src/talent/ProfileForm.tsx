import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import {
  AVAILABILITY,
  AVAILABILITY_LABELS,
  COMMON_LANGUAGES,
  FLUENCY_LABELS,
  GENDER_LABELS,
  GENDERS,
  type Talent,
  type TalentInput,
  talentInputSchema,
} from '../../../shared/talent.ts';
import { useUnsavedGuard } from '../ui/unsaved.tsx';
import { issuesToErrors } from './validation.ts';

type Errors = Partial<Record<string, string>>;

const toList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const num = (s: string) => (s.trim() === '' ? null : Number(s));
const str = (s: string) => (s.trim() === '' ? null : s.trim());

interface FormState {
  fullName: string;
  nativeName: string;
  stageName: string;
  gender: string;
  dateOfBirth: string;
  playingAgeMin: string;
  playingAgeMax: string;
  heightCm: string;
  build: string;
  languages: { language: string; fluency: number }[];
  skills: string;
  dialects: string;
  city: string;
  homeState: string;
  agency: string;
  agentName: string;
  agentPhone: string;
  unionName: string;
  unionNumber: string;
  phone: string;
  email: string;
  showreelUrl: string;
  tags: string;
  notes: string;
  rating: string;
  availability: string;
}

function fromTalent(t: Talent | null): FormState {
  const s = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    fullName: s(t?.fullName),
    nativeName: s(t?.nativeName),
    stageName: s(t?.stageName),
    gender: s(t?.gender),
    dateOfBirth: s(t?.dateOfBirth),
    playingAgeMin: s(t?.playingAgeMin),
    playingAgeMax: s(t?.playingAgeMax),
    heightCm: s(t?.heightCm),
    build: s(t?.build),
    languages: t?.languages ?? [],
    skills: t?.skills.join(', ') ?? '',
    dialects: t?.dialects.join(', ') ?? '',
    city: s(t?.city),
    homeState: s(t?.homeState),
    agency: s(t?.agency),
    agentName: s(t?.agentName),
    agentPhone: s(t?.agentPhone),
    unionName: s(t?.unionName),
    unionNumber: s(t?.unionNumber),
    phone: s(t?.phone),
    email: s(t?.email),
    showreelUrl: s(t?.showreelUrl),
    tags: t?.tags.join(', ') ?? '',
    notes: s(t?.notes),
    rating: s(t?.rating),
    availability: t?.availability ?? 'unknown',
  };
}

function toInput(f: FormState, keep: Talent | null): TalentInput {
  return {
    fullName: f.fullName,
    nativeName: str(f.nativeName),
    stageName: str(f.stageName),
    gender: (str(f.gender) as TalentInput['gender']) ?? null,
    dateOfBirth: str(f.dateOfBirth),
    playingAgeMin: num(f.playingAgeMin),
    playingAgeMax: num(f.playingAgeMax),
    heightCm: num(f.heightCm),
    build: str(f.build),
    languages: f.languages,
    skills: toList(f.skills),
    dialects: toList(f.dialects),
    city: str(f.city),
    homeState: str(f.homeState),
    agency: str(f.agency),
    agentName: str(f.agentName),
    agentPhone: str(f.agentPhone),
    agentEmail: keep?.agentEmail ?? null,
    unionName: str(f.unionName),
    unionNumber: str(f.unionNumber),
    phone: str(f.phone),
    email: str(f.email),
    links: keep?.links ?? [],
    showreelUrl: str(f.showreelUrl),
    tags: toList(f.tags),
    notes: str(f.notes),
    rating: num(f.rating),
    availability: f.availability as TalentInput['availability'],
  };
}

/** Create or edit a profile. Validated with the same schema as the backend; errors appear beside the field. */
export function ProfileForm(props: {
  talent: Talent | null;
  onSave: (input: TalentInput) => Promise<void>;
  onCancel: () => void;
}) {
  const [initial] = useState<FormState>(() => fromTalent(props.talent));
  const [f, setF] = useState<FormState>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const id = useId();
  const guard = useUnsavedGuard();
  const set = (k: keyof FormState) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const dirty = JSON.stringify(f) !== JSON.stringify(initial);

  /** Validates and saves; false when a field needs fixing (its message is shown beside it). */
  const save = async (): Promise<boolean> => {
    const input = toInput(f, props.talent);
    const check = talentInputSchema.safeParse(input);
    if (!check.success) {
      const errs = issuesToErrors(check.error.issues);
      setErrors(errs);
      document.getElementById(`${id}-${Object.keys(errs)[0]}`)?.focus();
      return false;
    }
    setSaving(true);
    try {
      await props.onSave(input);
      guard.setDirty(null);
      return true;
    } catch (err) {
      // The input passed the same schema the backend validates with, so a field error is caught above and
      // shown by its path; what the backend can still refuse (a deleted profile, a busy database) concerns
      // the whole form.
      setErrors({ form: err instanceof Error ? err.message : String(err) });
      return false;
    } finally {
      setSaving(false);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;
  const title = props.talent ? (props.talent.stageName ?? props.talent.fullName) : 'the new profile';
  useEffect(() => {
    guard.setDirty(dirty ? { title, save: () => saveRef.current() } : null);
  }, [guard, dirty, title]);
  useEffect(() => () => guard.setDirty(null), [guard]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await save();
  };

  const field = (
    k: keyof FormState,
    label: string,
    opts: { type?: string; wide?: boolean; placeholder?: string } = {},
  ) => (
    <label className={opts.wide ? 'wide' : undefined}>
      {label}
      <input
        id={`${id}-${k}`}
        className="input"
        type={opts.type ?? 'text'}
        value={f[k] as string}
        placeholder={opts.placeholder}
        onChange={set(k)}
        aria-invalid={errors[k] ? true : undefined}
        aria-describedby={errors[k] ? `${id}-${k}-error` : undefined}
      />
      {errors[k] && (
        <span className="field-error" id={`${id}-${k}-error`}>
          {errors[k]}
        </span>
      )}
    </label>
  );

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={props.talent ? `Edit ${props.talent.stageName ?? props.talent.fullName}` : 'New profile'}
    >
      <div className="form-grid">
        {field('fullName', 'Full name (Latin script)', { wide: true })}
        {field('nativeName', 'Name in native script', { placeholder: 'प्रिया शर्मा' })}
        {field('stageName', 'Stage name')}
        <label>
          Gender
          <select id={`${id}-gender`} className="input" value={f.gender} onChange={set('gender')}>
            <option value="">—</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {GENDER_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        {field('dateOfBirth', 'Date of birth', { type: 'date' })}
        {field('playingAgeMin', 'Playing age from', { type: 'number' })}
        {field('playingAgeMax', 'Playing age to', { type: 'number' })}
        {field('heightCm', 'Height (cm)', { type: 'number' })}
        {field('build', 'Build')}
        <fieldset className="wide" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: '0.75rem', color: 'var(--muted)' }}>Languages</legend>
          {f.languages.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <div key={i} style={{ display: 'flex', gap: 6, marginBottom: 4 }}>
              <input
                className="input"
                aria-label={`Language ${i + 1}`}
                list={`${id}-langs`}
                value={l.language}
                onChange={(e) =>
                  setF({
                    ...f,
                    languages: f.languages.map((x, j) => (j === i ? { ...x, language: e.target.value } : x)),
                  })
                }
              />
              <select
                className="input"
                aria-label={`Fluency in language ${i + 1}`}
                value={l.fluency}
                onChange={(e) =>
                  setF({
                    ...f,
                    languages: f.languages.map((x, j) =>
                      j === i ? { ...x, fluency: Number(e.target.value) } : x,
                    ),
                  })
                }
              >
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {FLUENCY_LABELS[n]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn small"
                aria-label={`Remove language ${i + 1}`}
                onClick={() => setF({ ...f, languages: f.languages.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </div>
          ))}
          <datalist id={`${id}-langs`}>
            {COMMON_LANGUAGES.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
          <button
            type="button"
            className="btn small"
            onClick={() => setF({ ...f, languages: [...f.languages, { language: '', fluency: 4 }] })}
          >
            Add language
          </button>
          {errors.languages && <span className="field-error">{errors.languages}</span>}
        </fieldset>
        {field('skills', 'Skills (comma-separated)', { wide: true, placeholder: 'Kathak, Horse riding' })}
        {field('dialects', 'Dialects and accents', { wide: true })}
        {field('city', 'City')}
        {field('homeState', 'Home state')}
        {field('phone', 'Phone', { type: 'tel' })}
        {field('email', 'Email', { type: 'email' })}
        {field('agency', 'Agency')}
        {field('agentName', 'Agent')}
        {field('agentPhone', 'Agent phone', { type: 'tel' })}
        {field('unionName', 'Union', { placeholder: 'CINTAA' })}
        {field('unionNumber', 'Union number')}
        {field('showreelUrl', 'Showreel link', { type: 'url', wide: true })}
        {field('tags', 'Tags (comma-separated)', { wide: true })}
        {field('rating', 'Rating (0–5)', { type: 'number' })}
        <label>
          Availability
          <select className="input" value={f.availability} onChange={set('availability')}>
            {AVAILABILITY.map((a) => (
              <option key={a} value={a}>
                {AVAILABILITY_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Notes
          <textarea className="input" rows={4} value={f.notes} onChange={set('notes')} />
        </label>
      </div>
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" className="btn" onClick={() => guard.attempt(props.onCancel)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
