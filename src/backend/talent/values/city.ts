// Cities as offices write them: "Andheri (W)", "Andheri W", "Goregaon West", "Bombay", "Panjim, Goa",
// "Navi Mumbai" → a canonical city, with the locality kept. A small table; unknown places are kept as typed.
import { isEmptyValue } from './empty.ts';

export interface CityResult {
  city: string | null;
  /** "Andheri West" for "Andheri (W)": the part of the city, kept beside the canonical name. */
  locality: string | null;
}

/** Canonical city → its other spellings (lower case). */
const CITIES: Record<string, string[]> = {
  Mumbai: ['bombay', 'bambai', 'mumbai city', 'mumbai suburban', 'mum', 'bom', 'मुंबई', 'मुम्बई', 'बंबई'],
  'Navi Mumbai': ['new bombay', 'navi-mumbai', 'नवी मुंबई'],
  Thane: ['thana', 'ठाणे'],
  Pune: ['poona', 'पुणे'],
  Delhi: ['new delhi', 'delhi ncr', 'ncr', 'dilli', 'दिल्ली', 'नई दिल्ली'],
  Gurugram: ['gurgaon'],
  Noida: ['greater noida'],
  Bengaluru: ['bangalore', 'blr', 'bengalooru'],
  Chennai: ['madras'],
  Kolkata: ['calcutta', 'kolkatta'],
  Hyderabad: ['hyd', 'secunderabad'],
  Panaji: ['panjim', 'ponjim', 'panaji goa'],
  Goa: [],
  Ahmedabad: ['amdavad', 'ahmadabad'],
  Vadodara: ['baroda'],
  Thiruvananthapuram: ['trivandrum'],
  Kochi: ['cochin', 'ernakulam'],
  Mysuru: ['mysore'],
  Jaipur: [],
  Lucknow: [],
  Chandigarh: [],
  Indore: [],
  Bhopal: [],
  Patna: [],
  Nagpur: [],
  Nashik: ['nasik'],
  Kanpur: [],
  Varanasi: ['banaras', 'benares'],
  Prayagraj: ['allahabad'],
  Visakhapatnam: ['vizag'],
  Guwahati: ['gauhati'],
  Bhubaneswar: ['bhubaneshwar'],
  Dehradun: ['dehra dun'],
  Shimla: ['simla'],
};

/** Localities whose city is never in doubt. */
const LOCALITIES: Record<string, string[]> = {
  Mumbai: [
    'andheri',
    'bandra',
    'juhu',
    'versova',
    'lokhandwala',
    'oshiwara',
    'goregaon',
    'malad',
    'kandivali',
    'kandivli',
    'borivali',
    'borivli',
    'dahisar',
    'jogeshwari',
    'vile parle',
    'santacruz',
    'santa cruz',
    'khar',
    'powai',
    'ghatkopar',
    'kurla',
    'chembur',
    'dadar',
    'worli',
    'colaba',
    'churchgate',
    'lower parel',
    'parel',
    'mahim',
    'matunga',
    'sion',
    'mulund',
    'bhandup',
    'vikhroli',
    'marol',
    'sakinaka',
    'film city',
    'mira road',
    'bhayandar',
    'madh island',
    'aarey',
    'byculla',
    'tardeo',
    'breach candy',
    'cuffe parade',
    'fort',
  ],
  'Navi Mumbai': ['vashi', 'nerul', 'kharghar', 'belapur', 'cbd belapur', 'airoli', 'sanpada', 'panvel'],
  Pune: ['kothrud', 'baner', 'aundh', 'hinjewadi', 'koregaon park', 'viman nagar', 'wakad', 'hadapsar'],
  Delhi: [
    'south delhi',
    'dwarka',
    'rohini',
    'saket',
    'lajpat nagar',
    'karol bagh',
    'janakpuri',
    'vasant kunj',
  ],
  Bengaluru: ['koramangala', 'indiranagar', 'whitefield', 'jayanagar', 'hsr layout', 'malleshwaram'],
  Hyderabad: ['banjara hills', 'jubilee hills', 'gachibowli', 'madhapur', 'kukatpally'],
  Kolkata: ['salt lake', 'ballygunge', 'howrah', 'park street', 'tollygunge'],
  Chennai: ['t nagar', 'adyar', 'anna nagar', 'velachery', 'mylapore'],
  Panaji: ['miramar', 'dona paula'],
};

const STATES = new Set([
  'maharashtra',
  'goa',
  'gujarat',
  'karnataka',
  'kerala',
  'tamil nadu',
  'telangana',
  'andhra pradesh',
  'west bengal',
  'delhi',
  'haryana',
  'punjab',
  'uttar pradesh',
  'up',
  'mp',
  'madhya pradesh',
  'rajasthan',
  'bihar',
  'odisha',
  'assam',
  'uttarakhand',
  'himachal pradesh',
  'jharkhand',
  'chhattisgarh',
  'india',
  'mh',
]);

const CITY_BY_SPELLING = new Map<string, string>();
for (const [city, spellings] of Object.entries(CITIES))
  for (const s of [city.toLowerCase(), ...spellings]) CITY_BY_SPELLING.set(s, city);
const CITY_BY_LOCALITY = new Map<string, string>();
for (const [city, places] of Object.entries(LOCALITIES))
  for (const p of places) CITY_BY_LOCALITY.set(p, city);

/** Adds an office's own spellings and localities to the table (e.g. from its settings). */
export function extendCityTable(
  extra: { city: string; spellings?: string[]; localities?: string[] }[],
): void {
  for (const e of extra) {
    for (const s of [e.city.toLowerCase(), ...(e.spellings ?? [])])
      CITY_BY_SPELLING.set(s.toLowerCase(), e.city);
    for (const l of e.localities ?? []) CITY_BY_LOCALITY.set(l.toLowerCase(), e.city);
  }
}

// "Andheri (W)", "Andheri W", "Andheri-West", "Andheri (West)", "Andheri W."
const DIRECTION = /[\s(-]*\b(w|e|n|s|west|east|north|south)\b\.?\)?$/i;
const DIRECTION_NAMES: Record<string, string> = { w: 'West', e: 'East', n: 'North', s: 'South' };
// "Andheri West, Mumbai", "Mumbai - Andheri West" (a dash with spaces; "Andheri-East" is one place).
const PARTS = /\s*[,;/|]\s*|\s+[-–—]\s+/;
/** Indian PIN codes ("Mumbai 400053", "Mumbai - 400058"): not part of a place's name. */
const PIN_CODE = /(?:^|[\s,-])(?:pin(?:code)?\s*[:-]?\s*)?[1-9]\d{2}\s?\d{3}(?=$|[\s,)])/gi;
const key = (s: string) => s.toLowerCase().replace(/[.]/g, '').replace(/\s+/g, ' ').trim();
const titleCase = (s: string) =>
  s.replace(/(^|[\s-])(\p{Ll})/gu, (_, a: string, b: string) => a + b.toUpperCase());

function locality(part: string): { city: string; locality: string } | null {
  const dir = DIRECTION.exec(part);
  const base = key(dir ? part.slice(0, dir.index) : part);
  const city = CITY_BY_LOCALITY.get(base) ?? (dir ? CITY_BY_SPELLING.get(base) : undefined);
  if (!city) return null;
  const d = dir ? (DIRECTION_NAMES[dir[1]!.toLowerCase()] ?? titleCase(dir[1]!.toLowerCase())) : '';
  return { city, locality: titleCase(base) + (d ? ` ${d}` : '') };
}

export function parseCity(raw: string): CityResult {
  if (isEmptyValue(raw)) return { city: null, locality: null };
  const v = raw
    .replace(PIN_CODE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[\s,;/|-]+|[\s,;/|-]+$/g, '');
  if (!v) return { city: null, locality: null };
  let city: string | null = null;
  const rest: string[] = [];
  const unknown: string[] = [];
  for (const part of v.split(PARTS)) {
    if (!part) continue;
    const k = key(part);
    const known = CITY_BY_SPELLING.get(k);
    if (known) {
      // "Panjim, Goa": the city wins over the state-named place.
      if (!city || city === 'Goa') city = known;
      continue;
    }
    if (STATES.has(k)) continue;
    const l = locality(part);
    if (l) {
      city ??= l.city;
      rest.push(l.locality);
    } else {
      rest.push(part);
      unknown.push(part);
    }
  }
  // A place we do not know is kept as typed: the first part is then the city.
  if (!city) {
    city = unknown[0] ?? v;
    rest.splice(rest.indexOf(city), 1);
  }
  return { city, locality: rest.length ? rest.join(', ') : null };
}
