import { useEffect, useId, useState } from 'react';

/**
 * A 1–5 rating as a native radio group of stars (arrows move and set it), each named "Rate N of 5"; choosing the
 * current rating again clears it.
 */
export function Rating({
  value,
  label,
  onChange,
}: {
  value: number | null;
  label: string;
  onChange: (v: number | null) => void;
}) {
  const name = useId();
  // Shown at once: the saved value arrives a moment later (and wins if it differs).
  const [shown, setShown] = useState(value ?? 0);
  useEffect(() => setShown(value ?? 0), [value]);
  const current = shown;
  const choose = (v: number | null) => {
    setShown(v ?? 0);
    onChange(v);
  };
  return (
    <fieldset className="rating">
      <legend className="sr-only">{label}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} className={n <= current ? 'on' : undefined}>
          <input
            type="radio"
            name={name}
            value={n}
            checked={current === n}
            aria-label={`Rate ${n} of 5`}
            onChange={() => choose(n)}
            onClick={() => {
              if (current === n) choose(null);
            }}
          />
          <span aria-hidden="true">{n <= current ? '★' : '☆'}</span>
        </label>
      ))}
    </fieldset>
  );
}
