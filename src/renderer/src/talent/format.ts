import { GENDER_LABELS, type TalentCard } from '../../../shared/talent.ts';

export function ageRange(t: Pick<TalentCard, 'playingAgeMin' | 'playingAgeMax'>): string {
  if (t.playingAgeMin == null && t.playingAgeMax == null) return '';
  if (t.playingAgeMin === t.playingAgeMax) return String(t.playingAgeMin);
  return `${t.playingAgeMin ?? '?'}–${t.playingAgeMax ?? '?'}`;
}

export function cardFacts(t: TalentCard): string {
  return [t.gender ? GENDER_LABELS[t.gender] : null, ageRange(t) && `${ageRange(t)} yrs`, t.city]
    .filter(Boolean)
    .join(' · ');
}

// One formatter: toLocaleString builds a new one per call, which showed in profiles of the sidebar's counts.
const counts = new Intl.NumberFormat('en-IN');
export const formatCount = (n: number) => counts.format(n);

/** The name casting staff know someone by: the stage name where there is one. */
export const displayName = (t: { stageName: string | null; fullName: string }) => t.stageName ?? t.fullName;
