import { useId } from 'react';
import {
  AVAILABILITY_LABELS,
  FLUENCY_LABELS,
  GENDER_LABELS,
  type Gender,
  type TalentFacets,
  type TalentFilters,
} from '../../../shared/talent.ts';
import { formatCount } from './format.ts';
import { EMPTY_FILTERS } from './useTalentSearch.ts';

type ListKey = 'skills' | 'cities' | 'unions' | 'tags';

function toggle<T>(list: readonly T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function FacetGroup(props: {
  legend: string;
  buckets: { value: string; count: number }[] | undefined;
  selected: readonly string[];
  label?: (v: string) => string;
  onToggle: (v: string) => void;
  max?: number;
}) {
  const { legend, buckets = [], selected, label = (v) => v, onToggle, max = 8 } = props;
  // Selected values stay visible even when the current matches leave them at zero.
  const shown = [...buckets.slice(0, max)];
  for (const s of selected) if (!shown.some((b) => b.value === s)) shown.push({ value: s, count: 0 });
  return (
    <fieldset>
      <legend>{legend}</legend>
      {shown.length === 0 && <div className="facet count">None</div>}
      {shown.map((b) => (
        <label key={b.value} className="facet">
          <input type="checkbox" checked={selected.includes(b.value)} onChange={() => onToggle(b.value)} />
          <span>{label(b.value)}</span>
          <span className="count">{formatCount(b.count)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function NumberRange(props: {
  legend: string;
  unit: string;
  min: number | null;
  max: number | null;
  onChange: (min: number | null, max: number | null) => void;
}) {
  const id = useId();
  const parse = (s: string) => (s === '' ? null : Math.max(0, Math.min(300, Number.parseInt(s, 10) || 0)));
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div className="range">
        <label className="sr-only" htmlFor={`${id}-min`}>{`${props.legend} from`}</label>
        <input
          id={`${id}-min`}
          className="input"
          type="number"
          inputMode="numeric"
          placeholder="from"
          value={props.min ?? ''}
          onChange={(e) => props.onChange(parse(e.target.value), props.max)}
        />
        <span aria-hidden="true">–</span>
        <label className="sr-only" htmlFor={`${id}-max`}>{`${props.legend} to`}</label>
        <input
          id={`${id}-max`}
          className="input"
          type="number"
          inputMode="numeric"
          placeholder="to"
          value={props.max ?? ''}
          onChange={(e) => props.onChange(props.min, parse(e.target.value))}
        />
        <span>{props.unit}</span>
      </div>
    </fieldset>
  );
}

export function FilterSidebar(props: {
  filters: TalentFilters;
  facets: TalentFacets | undefined;
  /** Why the counts could not be had, with a way to ask again; the filters still work without them. */
  facetsError?: { message: string; retry: () => void } | null;
  onChange: (f: TalentFilters) => void;
}) {
  const { filters: f, facets, facetsError, onChange } = props;
  const set = (patch: Partial<TalentFilters>) => onChange({ ...f, ...patch });
  const setList = (key: ListKey) => (v: string) => set({ [key]: toggle(f[key], v) });
  const fluencyFor = (language: string) => f.languages.find((l) => l.language === language)?.minFluency ?? 1;
  const active = JSON.stringify(f) !== JSON.stringify(EMPTY_FILTERS);
  return (
    <aside className="filters" aria-label="Filters">
      {facetsError && (
        <div role="alert" className="facet-error">
          Filter counts could not be loaded: {facetsError.message}{' '}
          <button type="button" className="btn small" onClick={facetsError.retry}>
            Retry
          </button>
        </div>
      )}
      {active && (
        <button
          type="button"
          className="btn small"
          onClick={() => onChange(EMPTY_FILTERS)}
          style={{ marginBottom: 12 }}
        >
          Clear all filters
        </button>
      )}
      <FacetGroup
        legend="Gender"
        buckets={facets?.genders}
        selected={f.genders}
        label={(v) => GENDER_LABELS[v as Gender] ?? v}
        onToggle={(v) => set({ genders: toggle(f.genders, v as Gender) })}
      />
      <NumberRange
        legend="Playing age"
        unit="yrs"
        min={f.ageMin}
        max={f.ageMax}
        onChange={(ageMin, ageMax) => set({ ageMin, ageMax })}
      />
      <NumberRange
        legend="Height"
        unit="cm"
        min={f.heightMin}
        max={f.heightMax}
        onChange={(heightMin, heightMax) => set({ heightMin, heightMax })}
      />
      <fieldset>
        <legend>Languages</legend>
        {(facets?.languages ?? []).slice(0, 10).map((b) => {
          const on = f.languages.some((l) => l.language === b.value);
          return (
            <div key={b.value}>
              <label className="facet">
                <input
                  type="checkbox"
                  checked={on}
                  onChange={() =>
                    set({
                      languages: on
                        ? f.languages.filter((l) => l.language !== b.value)
                        : [...f.languages, { language: b.value, minFluency: 1 }],
                    })
                  }
                />
                <span>{b.value}</span>
                <span className="count">{formatCount(b.count)}</span>
              </label>
              {on && (
                <label className="facet" style={{ paddingLeft: 22, fontSize: 12 }}>
                  <span>At least</span>
                  <select
                    className="input"
                    aria-label={`Minimum ${b.value} fluency`}
                    value={fluencyFor(b.value)}
                    onChange={(e) =>
                      set({
                        languages: f.languages.map((l) =>
                          l.language === b.value ? { ...l, minFluency: Number(e.target.value) } : l,
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
                </label>
              )}
            </div>
          );
        })}
      </fieldset>
      <FacetGroup
        legend="Skills"
        buckets={facets?.skills}
        selected={f.skills}
        onToggle={setList('skills')}
        max={10}
      />
      <FacetGroup legend="City" buckets={facets?.cities} selected={f.cities} onToggle={setList('cities')} />
      <FacetGroup legend="Union" buckets={facets?.unions} selected={f.unions} onToggle={setList('unions')} />
      <FacetGroup legend="Tags" buckets={facets?.tags} selected={f.tags} onToggle={setList('tags')} />
      <FacetGroup
        legend="Availability"
        buckets={facets?.availability}
        selected={f.availability}
        label={(v) => AVAILABILITY_LABELS[v as keyof typeof AVAILABILITY_LABELS] ?? v}
        onToggle={(v) =>
          set({ availability: toggle(f.availability, v as TalentFilters['availability'][number]) })
        }
      />
    </aside>
  );
}
