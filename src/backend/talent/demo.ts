import type { TalentInputParsed } from '../../shared/talent.ts';
import { talentInputSchema } from '../../shared/talent.ts';
import type { AppDatabase } from '../store/db.ts';
import { AGENCIES, BUILDS, DIALECTS, NAME_POOLS, SKILLS, TAGS } from './demo-data.ts';
import { insertTalentRows } from './repo.ts';

/** mulberry32: tiny, fast and deterministic, so `seed-demo --talent N` gives the same office every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function demoTalent(count: number, seed = 42): TalentInputParsed[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const some = <T>(xs: readonly T[], max: number): T[] => {
    const n = Math.floor(r() * (max + 1));
    const out = new Set<T>();
    for (let i = 0; i < n; i++) out.add(pick(xs));
    return [...out];
  };
  const thisYear = new Date().getUTCFullYear();
  const out: TalentInputParsed[] = [];
  for (let i = 0; i < count; i++) {
    const pool = pick(NAME_POOLS);
    const roll = r();
    const gender = roll < 0.47 ? 'female' : roll < 0.94 ? 'male' : roll < 0.97 ? 'non_binary' : 'trans_woman';
    const [first, firstNative] = pick(gender === 'male' ? pool.male : pool.female);
    const [last, lastNative] = pick(pool.surnames);
    const age = 6 + Math.floor(r() * r() * 70) + Math.floor(r() * 10);
    const hasDob = r() < 0.6;
    const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
    const languages = [
      { language: pool.language, fluency: 5 },
      { language: 'Hindi', fluency: pool.language === 'Hindi' ? 5 : 2 + Math.floor(r() * 4) },
      { language: 'English', fluency: 1 + Math.floor(r() * 5) },
      ...(r() < 0.3 ? [{ language: pick(NAME_POOLS).language, fluency: 1 + Math.floor(r() * 4) }] : []),
    ];
    const city = r() < 0.55 ? 'Mumbai' : pick(pool.cities);
    const cintaa = r() < 0.45;
    const digits = String(7_000_000_000 + Math.floor(r() * 2_999_999_999));
    const candidate = {
      fullName: `${first} ${last}`,
      nativeName: `${firstNative} ${lastNative}`,
      stageName: r() < 0.08 ? `${first} ${pick(['K', 'R', 'S', 'Raj', 'Dev'])}` : null,
      gender,
      dateOfBirth: hasDob ? `${thisYear - age}-${month}-${day}` : null,
      playingAgeMin: hasDob ? null : Math.max(4, age - 3),
      playingAgeMax: hasDob ? null : age + 3,
      heightCm: Math.round((gender === 'male' ? 172 : 160) + (r() - 0.5) * 24 - (age < 14 ? 40 : 0)),
      build: pick(BUILDS),
      languages,
      dialects: r() < 0.25 ? [pick(DIALECTS)] : [],
      skills: some(SKILLS, 4),
      city,
      homeState: pick(pool.states),
      agency: pick(AGENCIES),
      unionName: cintaa ? 'CINTAA' : null,
      unionNumber: cintaa ? String(10000 + Math.floor(r() * 89999)) : null,
      phone: `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`,
      email: `${first}.${last}${i}@example.in`.toLowerCase(),
      tags: some(TAGS, 2),
      notes:
        r() < 0.2
          ? `Met at ${pick(['Prithvi Theatre', 'NSD showcase', 'a Film City audition', 'an ad shoot'])}.`
          : null,
      rating: r() < 0.5 ? 1 + Math.floor(r() * 5) : null,
      availability: pick(['available', 'available', 'on_project', 'unavailable', 'unknown'] as const),
    };
    out.push(talentInputSchema.parse(candidate));
  }
  return out;
}

/** Inserts `count` demo profiles in batches (one transaction each) and returns how many were added. */
export function seedDemo(
  db: AppDatabase,
  count: number,
  seed = 42,
  onProgress?: (done: number) => void,
): number {
  const rows = demoTalent(count, seed);
  const batch = 20_000;
  for (let i = 0; i < rows.length; i += batch) {
    insertTalentRows(db, rows.slice(i, i + batch));
    onProgress?.(Math.min(rows.length, i + batch));
  }
  return rows.length;
}
