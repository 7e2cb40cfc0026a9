// Claude's tool inputs are validated strictly: unknown arguments and unusable values come back to the model
// as tool errors naming them; search_talent takes every filter of the Talent screen and returns exactly
// what the Talent screen's search returns for the same filters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbToolContext, type ToolContext } from '../../src/backend/claude/tool-context.ts';
import { runTool } from '../../src/backend/claude/tool-runner.ts';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';
import { createTalent } from '../../src/backend/talent/repo.ts';
import { searchTalent } from '../../src/backend/talent/search.ts';
import type { TalentFilters, TalentInput } from '../../src/shared/talent.ts';
import { type Harness, harness, recorder } from './helpers.ts';

// A small Mumbai office with the usual mess: mixed case and punctuation in skills, two spellings of a city,
// missing ages and heights, and languages at every fluency.
const OFFICE: TalentInput[] = [
  {
    fullName: 'Priya Deshmukh',
    gender: 'female',
    playingAgeMin: 26,
    playingAgeMax: 32,
    heightCm: 165,
    languages: [
      { language: 'Marathi', fluency: 5 },
      { language: 'Hindi', fluency: 4 },
    ],
    skills: ['Horse riding', 'Kathak'],
    city: 'Mumbai',
    unionName: 'CINTAA',
    tags: ['theatre'],
    availability: 'available',
  },
  {
    fullName: 'Arjun Rao',
    gender: 'male',
    playingAgeMin: 28,
    playingAgeMax: 35,
    heightCm: 180,
    languages: [
      { language: 'Telugu', fluency: 5 },
      { language: 'Hindi', fluency: 2 },
    ],
    skills: ['Horse riding'],
    city: 'Hyderabad',
    availability: 'on_project',
  },
  {
    fullName: 'Meera Iyer',
    gender: 'female',
    playingAgeMin: 45,
    playingAgeMax: 55,
    heightCm: 158,
    languages: [{ language: 'tamil', fluency: 5 }],
    skills: ['Carnatic singing'],
    city: 'Chennai',
    unionName: 'CINTAA',
    tags: ['theatre', 'senior'],
    availability: 'unknown',
  },
  {
    fullName: 'Kabir Sheikh',
    gender: 'male',
    languages: [{ language: 'Urdu', fluency: 4 }],
    skills: ['Kathak'],
    city: 'Mumbai',
    availability: 'available',
  },
  {
    fullName: 'Zoya Khan',
    gender: 'trans_woman',
    playingAgeMin: 22,
    playingAgeMax: 28,
    heightCm: 170,
    languages: [{ language: 'Hindi', fluency: 5 }],
    skills: ['Stunts'],
    city: 'Mumbai',
    availability: 'available',
  },
];

let db: AppDatabase;
let ctx: ToolContext;
beforeEach(async () => {
  db = await openDatabase(':memory:');
  for (const t of OFFICE) createTalent(db, t);
  ctx = dbToolContext(db, null);
});
afterEach(() => db.close());

type SearchResult = { total: number; notes?: string[]; talents: Array<{ id: string; fullName: string }> };
const errorOf = (r: { result: unknown }) => (r.result as { error: string }).error;
const names = (r: unknown) => (r as SearchResult).talents.map((t) => t.fullName).sort();
const uiNames = (filters: Partial<TalentFilters>) =>
  searchTalent(db, { filters: { ...filters }, limit: 20 })
    .items.map((t) => t.fullName)
    .sort();

describe('search_talent: every filter of the Talent screen', () => {
  it('rejects `gender` (unknown argument) by name and suggests `genders`; `genders` returns women only', () => {
    const bad = runTool(ctx, 'search_talent', { gender: 'female' });
    expect(bad.ok).toBe(false);
    expect(errorOf(bad)).toContain('unknown argument "gender"');
    expect(errorOf(bad)).toContain('did you mean "genders"?');
    const good = runTool(ctx, 'search_talent', { genders: ['female'] });
    expect(good.ok).toBe(true);
    expect(names(good.result)).toEqual(['Meera Iyer', 'Priya Deshmukh']);
  });

  it('each filter returns what the Talent screen returns for it', () => {
    const cases: Array<[Record<string, unknown>, Partial<TalentFilters>, string[]]> = [
      [{ genders: ['male'] }, { genders: ['male'] }, ['Arjun Rao', 'Kabir Sheikh']],
      [{ ageMin: 30, ageMax: 40 }, { ageMin: 30, ageMax: 40 }, ['Arjun Rao', 'Priya Deshmukh']],
      [
        { heightMinCm: 160, heightMaxCm: 172 },
        { heightMin: 160, heightMax: 172 },
        ['Priya Deshmukh', 'Zoya Khan'],
      ],
      [
        { languages: [{ language: 'hindi', minFluency: 4 }] },
        { languages: [{ language: 'Hindi', minFluency: 4 }] },
        ['Priya Deshmukh', 'Zoya Khan'],
      ],
      [
        { languages: [{ language: 'Tamil' }] },
        { languages: [{ language: 'Tamil', minFluency: 1 }] },
        ['Meera Iyer'],
      ],
      [{ skills: ['Kathak'] }, { skills: ['Kathak'] }, ['Kabir Sheikh', 'Priya Deshmukh']],
      [{ cities: ['Mumbai'] }, { cities: ['Mumbai'] }, ['Kabir Sheikh', 'Priya Deshmukh', 'Zoya Khan']],
      [{ unions: ['CINTAA'] }, { unions: ['CINTAA'] }, ['Meera Iyer', 'Priya Deshmukh']],
      [{ tags: ['senior'] }, { tags: ['senior'] }, ['Meera Iyer']],
      [{ availability: ['on_project'] }, { availability: ['on_project'] }, ['Arjun Rao']],
      [
        { genders: ['female', 'trans_woman'], cities: ['Mumbai'], availability: ['available'] },
        { genders: ['female', 'trans_woman'], cities: ['Mumbai'], availability: ['available'] },
        ['Priya Deshmukh', 'Zoya Khan'],
      ],
    ];
    for (const [input, filters, expected] of cases) {
      const r = runTool(ctx, 'search_talent', input);
      expect(r.ok, JSON.stringify(input)).toBe(true);
      expect(names(r.result), JSON.stringify(input)).toEqual(expected);
      expect(uiNames(filters), JSON.stringify(filters)).toEqual(expected);
    }
  });

  it('maps skills, cities, unions and tags to the office’s spelling, and names values nobody has', () => {
    const r = runTool(ctx, 'search_talent', {
      skills: ['horse-riding'],
      cities: ['MUMBAI'],
      unions: ['cintaa'],
    });
    expect(r.ok).toBe(true);
    expect(names(r.result)).toEqual(['Priya Deshmukh']);
    expect((r.result as SearchResult).notes).toBeUndefined();
    const none = runTool(ctx, 'search_talent', { skills: ['Kalaripayattu', 'Kathak'] });
    expect(none.ok).toBe(true);
    expect((none.result as SearchResult).total).toBe(0);
    expect((none.result as SearchResult).notes).toEqual([
      'No profile in the office has skills "Kalaripayattu".',
    ]);
  });
});

describe('strict tool inputs: each problem named', () => {
  const bad: Array<[string, unknown, string[]]> = [
    ['search_talent', { ageMin: '25' }, ['"ageMin"', 'expected number']],
    ['search_talent', { genders: ['woman'] }, ['"genders.0"', '"female"']],
    ['search_talent', { genders: 'female' }, ['"genders"', 'expected array']],
    ['search_talent', { ageMin: 40, ageMax: 30 }, ['"ageMin"', 'must not be above ageMax']],
    ['search_talent', { heightMinCm: 180, heightMaxCm: 150 }, ['"heightMinCm"']],
    [
      'search_talent',
      { languages: [{ language: 'Hindi', fluency: 5 }] },
      ['unknown argument "languages.0.fluency"'],
    ],
    ['search_talent', { languages: [{ minFluency: 3 }] }, ['"languages.0.language"']],
    ['search_talent', { limit: 500 }, ['"limit"']],
    [
      'search_talent',
      { min_age: 25, city: 'Mumbai' },
      ['unknown argument "min_age"', 'unknown argument "city"', '"cities"'],
    ],
    ['get_talent', {}, ['"id"']],
    ['get_talent', { id: 42 }, ['"id"', 'expected string']],
    ['get_shortlist', { roleId: 'r1', extra: true }, ['unknown argument "extra"']],
    ['get_script_analysis', { part: 'everything' }, ['"part"']],
    ['propose_shortlist_addition', { roleId: 'r1', talentIds: [] }, ['"talentIds"']],
    ['remember', { text: '   ' }, ['"text"']],
    ['search_talent', 'Mumbai women', ['"input"', 'expected object']],
    ['search_talent', null, ['"input"']],
  ];
  it.each(bad)('%s %j is an error naming the argument', (name, input, mentions) => {
    const r = runTool(ctx, name, input);
    expect(r.ok).toBe(false);
    for (const m of mentions) expect(errorOf(r)).toContain(m);
    expect(errorOf(r)).toContain('Arguments it takes:');
  });

  it('an unknown tool names the tools there are', () => {
    const r = runTool(ctx, 'delete_everyone', {});
    expect(r.ok).toBe(false);
    expect(errorOf(r)).toContain('Unknown tool "delete_everyone"');
    expect(errorOf(r)).toContain('search_talent');
  });

  it('the JSON Schema sent to the API forbids extra properties, nested ones too', async () => {
    const { toolDefinitions } = await import('../../src/backend/claude/tool-definitions.ts');
    const search = toolDefinitions().find((d) => d.name === 'search_talent')!;
    const schema = search.input_schema as {
      additionalProperties?: boolean;
      properties: Record<string, { items?: { additionalProperties?: boolean } }>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.languages?.items?.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'genders',
        'ageMin',
        'ageMax',
        'heightMinCm',
        'heightMaxCm',
        'languages',
        'skills',
        'cities',
        'unions',
        'tags',
        'availability',
      ]),
    );
    expect(
      toolDefinitions().every(
        (d) => (d.input_schema as { additionalProperties?: boolean }).additionalProperties === false,
      ),
    ).toBe(true);
  });
});

describe('malformed tool input through the fake Messages API (real SSE streaming)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ toolContext: () => dbToolContext(h.db, null) });
    for (const t of OFFICE) createTalent(h.db, t);
  });
  afterEach(async () => {
    await h.close();
  });

  type Turn = { role: string; content: Array<Record<string, unknown>> };
  const toolResultsSent = (i: number) =>
    (h.fake.messageRequests()[i]!.body!.messages as Turn[])
      .at(-1)!
      .content.filter((b) => b.type === 'tool_result');

  it('invalid JSON, wrong types and a missing field come back as is_error results; the corrected call finds women only', async () => {
    const c = h.engine.createConversation({});
    h.fake.script(
      {
        type: 'tool_use',
        tools: [
          {
            id: 'toolu_json',
            name: 'search_talent',
            input: {},
            rawJson: '{"genders": ["female"], "ageMin": 2',
          },
          { id: 'toolu_type', name: 'search_talent', input: { genders: ['female'], ageMin: 'twenty five' } },
          { id: 'toolu_miss', name: 'get_talent', input: {} },
          { id: 'toolu_gender', name: 'search_talent', input: { gender: 'female' } },
        ],
      },
      {
        type: 'tool_use',
        tools: [{ id: 'toolu_ok', name: 'search_talent', input: { genders: ['female'] } }],
      },
      { type: 'text', text: 'Two women: Priya and Meera.' },
    );
    const r = recorder();
    const res = await h.engine.sendMessage(
      { conversationId: c.id, text: 'Which women do we have?' },
      r.opts(),
    );
    expect(res.ok).toBe(true);
    const first = toolResultsSent(1);
    expect(first.map((b) => [b.tool_use_id, b.is_error])).toEqual([
      ['toolu_json', true],
      ['toolu_type', true],
      ['toolu_miss', true],
      ['toolu_gender', true],
    ]);
    const said = first.map((b) => (JSON.parse(String(b.content)) as { error: string }).error);
    expect(said[0]).toContain('not valid JSON');
    expect(said[1]).toContain('"ageMin": Invalid input: expected number');
    expect(said[2]).toContain('"id"');
    expect(said[3]).toContain('unknown argument "gender" (did you mean "genders"?)');
    // The broken call is kept in the history as an object, so the next request is a valid one.
    const assistantTurn = (h.fake.messageRequests()[1]!.body!.messages as Turn[]).at(-2)!;
    expect(assistantTurn.content.find((b) => b.id === 'toolu_json')!.input).toEqual({
      _unparsed: '{"genders": ["female"], "ageMin": 2',
    });
    const second = toolResultsSent(2);
    expect(second[0]!.is_error).toBeUndefined();
    const found = JSON.parse(String(second[0]!.content)) as SearchResult;
    expect(found.talents.map((t) => t.fullName).sort()).toEqual(['Meera Iyer', 'Priya Deshmukh']);
    expect(r.of('tool_finished').map((e) => e.ok)).toEqual([false, false, false, false, true]);
  });
});
