import { type ReactNode, useId, useState } from 'react';
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

type Bucket = { value: string; count: number };

/** Rows standing in for counts that are on their way: no "None" before the answer is in. */
function FacetSkeleton({ rows }: { rows: number }) {
  return (
    <div className="facet-skeleton">
      <span className="sr-only">Loading counts…</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton facet-skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

/** The values to list: the top `max` (or all, filtered by `needle`), plus every selected value, even at 0. */
export function shownBuckets(
  buckets: readonly Bucket[],
  selected: readonly string[],
  max: number,
  expanded: boolean,
  needle: string,
  label: (v: string) => string,
): Bucket[] {
  const n = needle.trim().toLocaleLowerCase();
  const list = expanded
    ? buckets.filter((b) => !n || label(b.value).toLocaleLowerCase().includes(n))
    : buckets.slice(0, max);
  const shown = [...list];
  for (const s of selected)
    if (!shown.some((b) => b.value === s))
      shown.push(buckets.find((b) => b.value === s) ?? { value: s, count: 0 });
  return shown;
}

function FacetGroup(props: {
  legend: string;
  buckets: Bucket[] | undefined;
  selected: readonly string[];
  label?: (v: string) => string;
  onToggle: (v: string) => void;
  max?: number;
  /** Long lists (skills, cities, tags) can be shown in full, with a box to find a value. */
  expandable?: boolean;
  /** Extra controls under a checked value (the fluency of a language). */
  extra?: (value: string) => ReactNode;
}) {
  const { legend, buckets, selected, label = (v) => v, onToggle, max = 8, expandable = false, extra } = props;
  const [expanded, setExpanded] = useState(false);
  const [needle, setNeedle] = useState('');
  const id = useId();
  if (!buckets) {
    return (
      <fieldset aria-busy="true">
        <legend>{legend}</legend>
        {selected.map((v) => (
          <label key={v} className="facet">
            <input type="checkbox" checked onChange={() => onToggle(v)} />
            <span>{label(v)}</span>
          </label>
        ))}
        <FacetSkeleton rows={Math.max(1, Math.min(max, 4) - selected.length)} />
      </fieldset>
    );
  }
  const shown = shownBuckets(buckets, selected, max, expanded, needle, label);
  const more = expandable && buckets.length > max;
  return (
    <fieldset>
      <legend>{legend}</legend>
      {expanded && (
        <>
          <label className="sr-only" htmlFor={`${id}-find`}>{`Find ${legend.toLowerCase()}`}</label>
          <input
            id={`${id}-find`}
            className="input facet-find"
            type="search"
            placeholder={`Find ${legend.toLowerCase()}…`}
            value={needle}
            onChange={(e) => setNeedle(e.target.value)}
          />
        </>
      )}
      {shown.length === 0 && <div className="facet count">{expanded && needle ? 'No match' : 'None'}</div>}
      <div className={expanded ? 'facet-list expanded' : 'facet-list'}>
        {shown.map((b) => {
          const on = selected.includes(b.value);
          return (
            <div key={b.value}>
              <label className="facet">
                <input type="checkbox" checked={on} onChange={() => onToggle(b.value)} />
                <span>{label(b.value)}</span>
                <span className="count">{formatCount(b.count)}</span>
              </label>
              {on && extra?.(b.value)}
            </div>
          );
        })}
      </div>
      {more && (
        <button
          type="button"
          className="link-button"
          aria-expanded={expanded}
          onClick={() => {
            setExpanded(!expanded);
            setNeedle('');
          }}
        >
          {expanded
            ? `Show fewer ${legend.toLowerCase()}`
            : `Show all ${legend.toLowerCase()} (${buckets.length})`}
        </button>
      )}
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
  /** Shown above the filters (saved searches). */
  header?: ReactNode;
}) {
  const { filters: f, facets, facetsError, onChange } = props;
  const set = (patch: Partial<TalentFilters>) => onChange({ ...f, ...patch });
  const setList = (key: ListKey) => (v: string) => set({ [key]: toggle(f[key], v) });
  const fluencyFor = (language: string) => f.languages.find((l) => l.language === language)?.minFluency ?? 1;
  const active = JSON.stringify(f) !== JSON.stringify(EMPTY_FILTERS);
  return (
    <aside className="filters" aria-label="Filters">
      {props.header}
      {facetsError && (
        <div role="alert" className="facet-error">
          Filter counts could not be loaded: {facetsError.message}{' '}
          <button type="button" className="btn small" onClick={facetsError.retry}>
            Retry
          </button>
        </div>
      )}
      {active && (
        <button type="button" className="btn small clear-filters" onClick={() => onChange(EMPTY_FILTERS)}>
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
      <FacetGroup
        legend="Languages"
        buckets={facets?.languages}
        selected={f.languages.map((l) => l.language)}
        max={10}
        expandable
        onToggle={(v) =>
          set({
            languages: f.languages.some((l) => l.language === v)
              ? f.languages.filter((l) => l.language !== v)
              : [...f.languages, { language: v, minFluency: 1 }],
          })
        }
        extra={(v) => (
          <label className="facet facet-sub">
            <span>At least</span>
            <select
              className="input"
              aria-label={`Minimum ${v} fluency`}
              value={fluencyFor(v)}
              onChange={(e) =>
                set({
                  languages: f.languages.map((l) =>
                    l.language === v ? { ...l, minFluency: Number(e.target.value) } : l,
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
      />
      <FacetGroup
        legend="Skills"
        buckets={facets?.skills}
        selected={f.skills}
        onToggle={setList('skills')}
        max={10}
        expandable
      />
      <FacetGroup
        legend="City"
        buckets={facets?.cities}
        selected={f.cities}
        onToggle={setList('cities')}
        expandable
      />
      <FacetGroup
        legend="Build"
        buckets={facets?.builds}
        selected={f.builds ?? []}
        onToggle={(v) => set({ builds: toggle(f.builds ?? [], v) })}
      />
      <FacetGroup legend="Union" buckets={facets?.unions} selected={f.unions} onToggle={setList('unions')} />
      <FacetGroup
        legend="Tags"
        buckets={facets?.tags}
        selected={f.tags}
        onToggle={setList('tags')}
        expandable
      />
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
