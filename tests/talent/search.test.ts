import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, databaseFile, openDatabase } from '../../src/backend/store/db.ts';
import { seedDemo } from '../../src/backend/talent/demo.ts';
import { talentFacets } from '../../src/backend/talent/facet-counts.ts';
import { NAME_VARIANT_GROUPS, nameVariants } from '../../src/backend/talent/name-variants.ts';
import {
  createTalent,
  deleteTalent,
  insertTalentRows,
  parseTalentInput,
  restoreTalent,
  updateTalent,
} from '../../src/backend/talent/repo.ts';
import { COUNT_CAP, searchTalent } from '../../src/backend/talent/search.ts';
import { toFtsQuery } from '../../src/backend/talent/search-conditions.ts';
import { memoryDb, tempDir } from '../support/db.ts';

let db: AppDatabase;
let priya: string;

beforeAll(async () => {
  db = await memoryDb();
  seedDemo(db, 3000, 7);
  priya = createTalent(db, {
    fullName: 'Priyā Deshpande',
    nativeName: 'प्रिया देशपांडे',
    gender: 'female',
    playingAgeMin: 26,
    playingAgeMax: 32,
    heightCm: 165,
    languages: [
      { language: 'marathi', fluency: 5 },
      { language: 'Hindi', fluency: 4 },
    ],
    skills: ['Horse riding', 'Lavani'],
    city: 'Mumbai',
    unionName: 'CINTAA',
    unionNumber: 'CINTAA/55555',
    tags: ['lead'],
    notes: 'Zanzibar workshop graduate',
  }).id;
});
afterAll(() => db.close());

const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);

describe('text search', () => {
  it('finds by prefix as you type, with accents folded', () => {
    for (const text of ['pri', 'priya', 'PRIYA desh', 'deshp']) {
      expect(ids(searchTalent(db, { text, limit: 500 }))).toContain(priya);
    }
  });
  it('finds Devanagari names, whole and by prefix', () => {
    expect(ids(searchTalent(db, { text: 'प्रिया देशपांडे' }))).toContain(priya);
    expect(ids(searchTalent(db, { text: 'देशपां' }))).toContain(priya);
  });
  it('searches skills, languages, city, tags and notes', () => {
    for (const text of ['lavani', 'zanzibar', 'marathi deshpa']) {
      expect(ids(searchTalent(db, { text }))).toEqual([priya]);
    }
  });
  it('treats FTS syntax and SQL as plain words', () => {
    for (const text of [
      '" OR 1=1 --',
      'names:priya NEAR(',
      "'; DROP TABLE talent; --",
      '***',
      '(',
      'AND OR NOT',
    ]) {
      expect(() => searchTalent(db, { text })).not.toThrow();
    }
    expect(toFtsQuery('ab"cd')).toBe('"ab"* "cd"*');
    // The first keystrokes search names only.
    expect(toFtsQuery('pr')).toBe('{names stage_name} : "pr"*');
    expect(searchTalent(db, { text: 'za' }).items.map((i) => i.id)).not.toContain(priya); // "Zanzibar" is in notes
    expect(searchTalent(db, { text: '' }).total).toBe(3001);
  });
});

describe('filters', () => {
  it('combines gender, playing-age overlap, height, language fluency, skill, city and union', () => {
    const r = searchTalent(db, {
      filters: {
        genders: ['female'],
        ageMin: 30,
        ageMax: 40,
        heightMin: 160,
        heightMax: 170,
        languages: [{ language: 'Marathi', minFluency: 5 }],
        skills: ['Horse riding'],
        cities: ['Mumbai'],
        unions: ['CINTAA'],
      },
      limit: 500,
    });
    expect(ids(r)).toContain(priya);
    for (const t of r.items) {
      expect(t.gender).toBe('female');
      expect(t.playingAgeMin! <= 40 && t.playingAgeMax! >= 30).toBe(true);
      expect(t.heightCm! >= 160 && t.heightCm! <= 170).toBe(true);
      expect(t.skills).toContain('Horse riding');
      expect(t.city).toBe('Mumbai');
      expect(t.unionName).toBe('CINTAA');
    }
  });
  it('excludes those below a minimum fluency and outside the age range', () => {
    expect(
      ids(
        searchTalent(db, { text: 'priya', filters: { languages: [{ language: 'Hindi', minFluency: 5 }] } }),
      ),
    ).not.toContain(priya);
    expect(ids(searchTalent(db, { text: 'priya', filters: { ageMin: 40, ageMax: 50 } }))).not.toContain(
      priya,
    );
    expect(ids(searchTalent(db, { text: 'priya', filters: { ageMin: 32, ageMax: 50 } }))).toContain(priya);
  });
  it('counts facets over the other filters', () => {
    const f = talentFacets(db, { filters: { genders: ['female'] } });
    const male = f.genders.find((g) => g.value === 'male');
    expect(male?.count).toBeGreaterThan(0); // gender is not filtered by itself
    const cities = talentFacets(db, { filters: { genders: ['female'] } }).cities;
    const all = searchTalent(db, { filters: { genders: ['female'], cities: ['Mumbai'] } }).total;
    expect(cities.find((c) => c.value === 'Mumbai')?.count).toBe(all);
    const office = talentFacets(db, {});
    expect(office.genders.reduce((n, g) => n + g.count, 0)).toBe(3001);
  });
});

describe('counting', () => {
  it('stops counting past 10,000 and says so', async () => {
    const big = await memoryDb();
    seedDemo(big, COUNT_CAP + 50, 3);
    const all = searchTalent(big, {});
    expect(all.total).toBe(COUNT_CAP);
    expect(all.totalCapped).toBe(true);
    const some = searchTalent(big, { filters: { genders: ['female'] } });
    expect(some.totalCapped).toBe(false);
    expect(some.total).toBeLessThan(COUNT_CAP);
    big.close();
  });
});

describe('sorting and keyset pagination', () => {
  for (const sort of ['name', 'updated', 'relevance'] as const) {
    it(`pages through every match exactly once (${sort})`, () => {
      const text = sort === 'relevance' ? 'a' : '';
      const seen: string[] = [];
      let cursor: string | null = null;
      const first = searchTalent(db, { text, sort, limit: 250 });
      const total = first.total!;
      let page = first;
      for (;;) {
        seen.push(...ids(page));
        cursor = page.nextCursor;
        if (!cursor) break;
        page = searchTalent(db, { text, sort, limit: 250, cursor, withTotal: false });
      }
      expect(seen.length).toBe(total);
      expect(new Set(seen).size).toBe(total);
    });
  }
  it('sorts by name', () => {
    const names = searchTalent(db, { sort: 'name', limit: 200 }).items.map((i) =>
      (i.stageName ?? i.fullName).toLowerCase(),
    );
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
  it('rejects a forged cursor with a clear error', () => {
    expect(() => searchTalent(db, { cursor: 'not-a-cursor' })).toThrow(/cursor/);
  });
});

describe('writes keep the index in step', () => {
  it('updates, tombstones and restores', () => {
    const t = createTalent(db, { fullName: 'Xerxes Qureshi', skills: ['Fencing'] });
    expect(ids(searchTalent(db, { text: 'xerxes' }))).toEqual([t.id]);
    updateTalent(db, t.id, { fullName: 'Yusuf Qureshi', skills: ['Archery'] });
    expect(searchTalent(db, { text: 'xerxes' }).total).toBe(0);
    expect(ids(searchTalent(db, { text: 'yusuf', filters: { skills: ['Archery'] } }))).toEqual([t.id]);
    expect(searchTalent(db, { filters: { skills: ['Fencing'] } }).total).toBe(0);
    deleteTalent(db, t.id);
    expect(searchTalent(db, { text: 'yusuf' }).total).toBe(0);
    expect(searchTalent(db, { filters: { skills: ['Archery'] } }).total).toBe(0);
    restoreTalent(db, t.id);
    expect(ids(searchTalent(db, { text: 'yusuf' }))).toEqual([t.id]);
  });
});

describe('choosing between walking the sort index and the planner’s plan', () => {
  it('pages exactly right whichever statement serves the page, and says which ran', async () => {
    const big = await memoryDb();
    // 9,000 profiles; the 3,000 in Nashik all sort after everyone else by name. The count makes Nashik look
    // dense enough to walk the name index, but the first few thousand names hold none: the walk must
    // hand over to the planner's plan and still return the first page in order.
    const rows = Array.from({ length: 9000 }, (_, i) => {
      const nashik = i % 3 === 0;
      return parseTalentInput({
        fullName: `${nashik ? 'Zz' : 'Aa'} Person ${String(i).padStart(5, '0')}`,
        city: nashik ? 'Nashik' : 'Pune',
        gender: i % 2 ? 'female' : 'male',
      });
    });
    insertTalentRows(big, rows);
    const traced = (q: Parameters<typeof searchTalent>[1]) => {
      const sql: string[] = [];
      const r = searchTalent(big, q, (s) => sql.push(s.sql));
      return { r, walked: sql.some((s) => s.includes('INDEXED BY')), sql };
    };
    const nashik = rows
      .filter((t) => t.city === 'Nashik')
      .map((t) => t.fullName)
      .sort();
    const first = traced({ filters: { cities: ['Nashik'] }, sort: 'name', limit: 100 });
    expect(first.walked).toBe(true); // tried, and came back short
    expect(first.r.items.map((i) => i.fullName)).toEqual(nashik.slice(0, 100));
    expect(first.r.total).toBe(3000);
    // A later page (no count): the walk starts at the cursor, inside Nashik, and fills the page itself.
    const second = traced({
      filters: { cities: ['Nashik'] },
      sort: 'name',
      limit: 100,
      cursor: first.r.nextCursor!,
      withTotal: false,
    });
    expect(second.r.items.map((i) => i.fullName)).toEqual(nashik.slice(100, 200));
    expect(
      second.sql.filter(
        (s) => s.includes('LIMIT ?') && !s.includes('INDEXED BY') && !s.includes('json_each'),
      ),
    ).toEqual([]);
    // A broad filter: the walk fills the first page; a narrow one: one unordered pass is count and page.
    const women = traced({ filters: { genders: ['female'] }, sort: 'name', limit: 50 });
    expect(women.walked).toBe(true);
    expect(women.r.items.map((i) => i.fullName)).toEqual(
      rows
        .filter((t) => t.gender === 'female')
        .map((t) => t.fullName)
        .sort()
        .slice(0, 50),
    );
    const few = traced({
      filters: { cities: ['Nashik'], genders: ['female'] },
      text: 'Person 0000',
      sort: 'name',
    });
    expect(few.walked).toBe(false);
    expect(few.r.items.map((i) => i.fullName)).toEqual(['Zz Person 00003', 'Zz Person 00009']);
    expect(few.r.total).toBe(2);
    big.close();
  });
});

describe('office facets', () => {
  it('are cached, and a write from this connection or another one shows at once', async () => {
    const dir = tempDir();
    const one = await openDatabase(databaseFile(dir));
    const other = await openDatabase(databaseFile(dir), { skipMigrations: true });
    seedDemo(one, 300, 3);
    const women = (db: AppDatabase) =>
      talentFacets(db, {}).genders.find((g) => g.value === 'female')?.count ?? 0;
    const before = women(one);
    expect(before).toBeGreaterThan(50);
    expect(talentFacets(one, {})).toBe(talentFacets(one, {})); // the same object: served from the cache
    createTalent(one, { fullName: 'Anaya Rao', gender: 'female' });
    expect(women(one)).toBe(before + 1);
    createTalent(other, { fullName: 'Ira Sen', gender: 'female' });
    expect(women(one)).toBe(before + 2);
    one.close();
    other.close();
  });
});

describe('names in every script, and their spellings', () => {
  let office: AppDatabase;
  const names = (text: string) =>
    searchTalent(office, { text, limit: 100 })
      .items.map((i) => i.fullName)
      .sort();
  beforeAll(async () => {
    office = await memoryDb();
    const people: [string, string | null, string?][] = [
      // Latin name, native-script name, notes
      ['Ramesh Sharma', 'रमेश शर्मा'],
      ['Vikram Sharma', 'विक्रम शर्मा'],
      ['Ram Mishra', 'राम मिश्रा'],
      ['Meher Bhatia', 'મેહેર ભાટિયા'],
      ['Mahesh Patel', 'મહેશ પટેલ'],
      ['Ananya Basu', 'অনন্যা বসু'],
      ['Anil Basu', 'অনিল বসু'],
      ['Lakshmi Iyer', 'லக்ஷ்மி ஐயர்'],
      ['Latha Iyer', 'லதா ஐயர்'],
      ['Ravi Teja', 'రవి తేజ'],
      ['Rani Teja', 'రాణి తేజ'],
      ['Gurpreet Kaur', 'ਗੁਰਪ੍ਰੀਤ ਕੌਰ'],
      ['Gagan Kaur', 'ਗਗਨ ਕੌਰ'],
      ['Arif Khan', 'عارف خان'],
      ['Irfan Khan', 'عرفان خان'],
      ['Priya Kulkarni', null],
      ['Preeya Nair', null],
      ['Mohammed Rafi', null],
      ['Mohd. Salim', null],
      ['Md Aslam', null],
      ['Muhammad Ali', null],
      ['Sayali Joshi', null],
      ['Saili Deshmukh', null],
      ['Meher Bhatiya', null],
      ['Ravi Menon', null, 'Knows Mohd from the theatre group'],
    ];
    for (const [fullName, nativeName, notes] of people) createTalent(office, { fullName, nativeName, notes });
  });
  afterAll(() => office.close());

  it.each([
    // script, whole word, its people; a prefix, its people
    ['Devanagari', 'रमेश', ['Ramesh Sharma'], 'विक्र', ['Vikram Sharma']],
    ['Devanagari surname', 'शर्मा', ['Ramesh Sharma', 'Vikram Sharma'], 'रमे', ['Ramesh Sharma']],
    ['Gujarati', 'મેહેર', ['Meher Bhatia'], 'મહે', ['Mahesh Patel']],
    ['Bengali', 'অনন্যা', ['Ananya Basu'], 'অনি', ['Anil Basu']],
    ['Tamil', 'லக்ஷ்மி', ['Lakshmi Iyer'], 'லதா', ['Latha Iyer']],
    ['Telugu', 'రవి', ['Ravi Teja'], 'రా', ['Rani Teja']],
    ['Gurmukhi', 'ਗੁਰਪ੍ਰੀਤ', ['Gurpreet Kaur'], 'ਗਗ', ['Gagan Kaur']],
    ['Urdu', 'عارف', ['Arif Khan'], 'عرف', ['Irfan Khan']],
  ])('%s: exactly its people, whole and by prefix', (_, word, people, prefix, prefixPeople) => {
    expect(names(word)).toEqual(people);
    expect(names(prefix)).toEqual(prefixPeople);
  });

  it('a name typed in Latin finds its native-script twin, and the native name finds the same person', () => {
    const ramesh = searchTalent(office, { text: 'ramesh' }).items.map((i) => i.id);
    expect(ramesh).toHaveLength(1);
    expect(searchTalent(office, { text: 'रमेश' }).items.map((i) => i.id)).toEqual(ramesh);
    expect(searchTalent(office, { text: 'gurpreet' }).items[0]!.nativeName).toBe('ਗੁਰਪ੍ਰੀਤ ਕੌਰ');
  });

  it('common spellings of a name find each other, in names only', () => {
    expect(names('priya')).toEqual(['Preeya Nair', 'Priya Kulkarni']);
    expect(names('Preeya')).toEqual(['Preeya Nair', 'Priya Kulkarni']);
    const mohammeds = ['Md Aslam', 'Mohammed Rafi', 'Mohd. Salim', 'Muhammad Ali'];
    expect(names('mohammed')).toEqual(mohammeds);
    expect(names('md')).toEqual(mohammeds);
    // "mohd" as typed searches everything (Ravi's notes); its other spellings, the names only.
    expect(names('Mohd')).toEqual([...mohammeds, 'Ravi Menon'].sort());
    expect(names('sayali')).toEqual(['Saili Deshmukh', 'Sayali Joshi']);
    expect(names('meher bhatia')).toEqual(['Meher Bhatia', 'Meher Bhatiya']);
    expect(names('mohd rafi')).toEqual(['Mohammed Rafi']);
    // A prefix is not expanded: "pri" is what was typed.
    expect(names('pri')).toEqual(['Priya Kulkarni']);
    expect(toFtsQuery('preeya')).toBe('("preeya"* OR {names stage_name} : ("priya"* OR "priyaa"*))');
  });

  it('the spelling table: every spelling in one group, lower case, no group of one', () => {
    const seen = new Set<string>();
    for (const g of NAME_VARIANT_GROUPS) {
      expect(g.length).toBeGreaterThan(1);
      for (const s of g) {
        expect(s).toMatch(/^[a-z]+$/);
        expect(seen.has(s), s).toBe(false);
        seen.add(s);
      }
    }
    expect(nameVariants('SAILI')).toEqual(['sayali', 'sayalee']);
    expect(nameVariants('Vikram')).toEqual([]);
  });
});
