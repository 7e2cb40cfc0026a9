import { personas } from '@dicebear/collection';
import { createAvatar } from '@dicebear/core';
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
  return seedDemoProfiles(db, count, seed, onProgress).length;
}

/** As seedDemo, returning each new profile's id and gender (in insertion order), for the demo faces. */
export function seedDemoProfiles(
  db: AppDatabase,
  count: number,
  seed = 42,
  onProgress?: (done: number) => void,
): DemoPerson[] {
  const rows = demoTalent(count, seed);
  const batch = 20_000;
  const out: DemoPerson[] = [];
  for (let i = 0; i < rows.length; i += batch) {
    const slice = rows.slice(i, i + batch);
    insertTalentRows(db, slice).forEach((id, j) => {
      out.push({ id, gender: slice[j]?.gender ?? null });
    });
    onProgress?.(Math.min(rows.length, i + batch));
  }
  return out;
}

export interface DemoPerson {
  id: string;
  gender: string | null;
}

// Demo faces: clearly illustrated (never mistakable for a real person's photo), deterministic, and rendered
// locally. Rendering one costs ~60 ms in sharp, so a pool of distinct faces per look is rendered once and
// each profile gets one picked by its id.
export const DEMO_FACES_PER_LOOK = 24;
export type DemoLook = 'feminine' | 'masculine';

type PersonaOptions = Parameters<typeof personas.create>[0]['options'];
const LOOKS: Record<DemoLook, Pick<PersonaOptions, 'hair' | 'facialHairProbability' | 'mouth'>> = {
  feminine: {
    hair: ['long', 'bobCut', 'curlyBun', 'bobBangs', 'straightBun', 'extraLong'],
    facialHairProbability: 0,
    mouth: ['smile', 'bigSmile', 'smirk', 'lips'],
  },
  masculine: {
    hair: ['shortCombover', 'buzzcut', 'fade', 'balding', 'curlyHighTop', 'shortComboverChops'],
    facialHairProbability: 45,
    mouth: ['smile', 'bigSmile', 'smirk'],
  },
};

/** The SVG of demo face `index` (0-based) of a look: the same picture for the same index, every time. */
export function demoFaceSvg(look: DemoLook, index: number): string {
  return createAvatar(personas, {
    seed: `castmatch-demo-${look}-${index}`,
    ...LOOKS[look],
    // Skin tones and dark hair of the office's people; no sunglasses or closed eyes on a headshot.
    skinColor: ['e5a07e', 'd78774', 'b16a5b', '92594b', '623d36'],
    hairColor: ['362c47', '6c4545', '362c47'],
    eyes: ['open', 'open', 'happy', 'glasses'],
    backgroundColor: ['b6e3f4', 'c0aede', 'd1d4f9', 'ffd5dc', 'ffdfbf', 'c7ead4'],
  }).toString();
}

/** Which demo face a profile gets: its look from the gender, its index from a hash of its id (FNV-1a). */
export function demoFaceFor(person: DemoPerson): { look: DemoLook; index: number } {
  let h = 0x811c9dc5;
  for (let i = 0; i < person.id.length; i++) h = Math.imul(h ^ person.id.charCodeAt(i), 0x01000193);
  const look: DemoLook =
    person.gender === 'male'
      ? 'masculine'
      : person.gender === 'female' || person.gender === 'trans_woman'
        ? 'feminine'
        : (h & 1) === 0
          ? 'feminine'
          : 'masculine';
  return { look, index: (h >>> 1) % DEMO_FACES_PER_LOOK };
}
