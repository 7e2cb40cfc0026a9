// Every value style an agency sheet uses, field by field, through the parsers the import uses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerScore, suggestMapping } from '../../src/backend/talent/import/columns.ts';
import { compileMapping, convertRow } from '../../src/backend/talent/import/mapping.ts';
import { ageToDateOfBirth, parsePlayingAge } from '../../src/backend/talent/values/age.ts';
import { parseCity } from '../../src/backend/talent/values/city.ts';
import { parseDate } from '../../src/backend/talent/values/date.ts';
import { parseEmails } from '../../src/backend/talent/values/email.ts';
import { EMPTY_WORDS, isEmptyValue } from '../../src/backend/talent/values/empty.ts';
import { parseHeight } from '../../src/backend/talent/values/height.ts';
import { parseLanguageList } from '../../src/backend/talent/values/languages.ts';
import { parseName } from '../../src/backend/talent/values/name.ts';
import { parsePhones } from '../../src/backend/talent/values/phone.ts';
import type { ImportField } from '../../src/shared/talent-import.ts';

const TODAY = new Date(Date.UTC(2026, 0, 15));

describe('phones → E.164', () => {
  it.each([
    ['9876543210', '+919876543210'],
    ['98765 43210', '+919876543210'],
    ['98765-43210', '+919876543210'],
    ['987-654-3210', '+919876543210'],
    ['(+91) 98765 43210', '+919876543210'],
    ['(91) 9876543210', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['0 98765 43210', '+919876543210'],
    ['919876543210', '+919876543210'],
    ['91 98765 43210', '+919876543210'],
    ['+91 98765 43210', '+919876543210'],
    ['+91-98765-43210', '+919876543210'],
    ['+919876543210', '+919876543210'],
    ['0091 98765 43210', '+919876543210'],
    ['9876543210.0', '+919876543210'],
    ['919876543210.0', '+919876543210'],
    ['Mob: 98765 43210', '+919876543210'],
    ['(022) 2634 5678', '+912226345678'],
    ['022-26345678', '+912226345678'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s', (raw, e164) => {
    expect(parsePhones(raw)).toEqual({ phone: e164, others: [] });
  });

  it.each([
    ['98200 11111 / 99300 22222'],
    ['9820011111, 9930022222'],
    ['9820011111; 9930022222'],
    ['9820011111 & 9930022222'],
    ['9820011111 or 9930022222'],
    ['9820011111 9930022222'],
    ['9820011111\n9930022222'],
    ['+91 98200 11111 / 099300 22222'],
    ['9820011111 (WhatsApp: 9930022222)'],
  ])('two numbers in one cell: %s → the first is the phone, the second another contact', (raw) => {
    expect(parsePhones(raw)).toEqual({ phone: '+919820011111', others: ['+919930022222'] });
  });

  it('empties and what is not a phone', () => {
    for (const raw of ['', ' ', '-', 'NA', 'N/A', 'nil', '--'])
      expect(parsePhones(raw)).toEqual({ phone: null, others: [] });
    expect(parsePhones('9.87654E+09').error).toMatch(/scientific/);
    expect(parsePhones('call agent')).toMatchObject({
      phone: null,
      error: expect.stringMatching(/not a phone/),
    });
    expect(parsePhones('12345')).toMatchObject({ phone: null, error: expect.any(String) });
  });
});

describe('heights → cm', () => {
  it.each([
    ['168', 168],
    ['168 cm', 168],
    ['168cms', 168],
    ['168 CM.', 168],
    [`5'6"`, 168],
    ['5’6”', 168],
    ['5‘6“', 168],
    [`5' 6''`, 168],
    ['5 ft 6 in', 168],
    ['5ft 6inch', 168],
    ['5 feet 6 inches', 168],
    ['5.6', 168],
    ['5.6 ft', 168],
    ['5.10', 178],
    ['5.11', 180],
    ['5-10', 178],
    [`5'`, 152],
    ['6', 183],
    ['6 ft', 183],
    ['1.68 m', 168],
    ['1.68', 168],
    ['1.68m', 168],
    ['66 in', 168],
  ])('%s → %d', (raw, cm) => {
    expect(parseHeight(raw)).toBe(cm);
  });
  it('empties and nonsense', () => {
    for (const raw of ['', '-', 'NA', 'N/A']) expect(parseHeight(raw)).toBeNull();
    for (const raw of ['tall', '5.12', '999', '2', '12 ft']) expect(parseHeight(raw), raw).toBeUndefined();
  });
});

describe('playing ages and real ages', () => {
  it.each([
    ['25-30', 25, 30],
    ['25 - 30', 25, 30],
    ['25 to 30', 25, 30],
    ['25–30 yrs', 25, 30],
    ['25—30 years', 25, 30],
    ['30-25', 25, 30],
    ['25 yrs - 30 yrs', 25, 30],
    ['early 40s', 40, 43],
    ['mid 30s', 34, 36],
    ['late 20s', 27, 29],
    ["Early 20's", 20, 23],
    ['early-50s', 50, 53],
    ['Mid-30’s', 34, 36],
    ['LATE 20S', 27, 29],
    ['20s', 20, 29],
    ['49', 49, 49],
    ['49 yrs', 49, 49],
    ['60+', 60, null],
  ])('%s → %s–%s', (raw, min, max) => {
    expect(parsePlayingAge(raw)).toEqual({ min, max });
  });
  it('empties and nonsense', () => {
    for (const raw of ['', '-', 'NA', 'N/A', 'n.a.']) expect(parsePlayingAge(raw)).toBeNull();
    for (const raw of ['young', '300', 'about thirty']) expect(parsePlayingAge(raw), raw).toBeUndefined();
  });
  it('a real age is an approximate date of birth', () => {
    expect(ageToDateOfBirth('32', TODAY)).toBe('1993-07-15');
    expect(ageToDateOfBirth('32 yrs', TODAY)).toBe('1993-07-15');
    expect(ageToDateOfBirth('NA', TODAY)).toBeNull();
    expect(ageToDateOfBirth('old', TODAY)).toBeUndefined();
  });
  it('dates of birth', () => {
    expect(parseDate('21/03/1994', TODAY)).toBe('1994-03-21');
    expect(parseDate('21.03.94', TODAY)).toBe('1994-03-21');
    expect(parseDate('21-Mar-1994', TODAY)).toBe('1994-03-21');
    expect(parseDate('21st March 1994', TODAY)).toBe('1994-03-21');
    expect(parseDate('March 21, 1994', TODAY)).toBe('1994-03-21');
    expect(parseDate('34414', TODAY)).toBe('1994-03-21');
    expect(parseDate('-', TODAY)).toBeNull();
  });
});

describe('languages → one canonical name each', () => {
  const names = (raw: string) => parseLanguageList(raw).map((l) => l.language);
  it('abbreviations', () => {
    expect(names('Hin, Eng, Mar, Tam, Tel, Ben, Guj, Pun, Mal, Kan, Urd, Bhoj')).toEqual([
      'Hindi',
      'English',
      'Marathi',
      'Tamil',
      'Telugu',
      'Bengali',
      'Gujarati',
      'Punjabi',
      'Malayalam',
      'Kannada',
      'Urdu',
      'Bhojpuri',
    ]);
    expect(names('Bangla')).toEqual(['Bengali']);
    expect(names('Ben & Bangla')).toEqual(['Bengali']);
    expect(names('HINDI, hindi, Hin.')).toEqual(['Hindi']);
    expect(names('हिंदी, मराठी')).toEqual(['Hindi', 'Marathi']);
  });
  it.each([
    ['Hindi & English'],
    ['Hindi and English'],
    ['Hindi/English'],
    ['Hindi, English'],
    ['Hindi; English'],
    ['Hindi ,English'],
    ['Hin & Eng'],
    ['Hindi-English'],
    ['Hindi + English'],
  ])('lists: %s', (raw) => {
    expect(names(raw)).toEqual(['Hindi', 'English']);
  });
  it('fluency in brackets or after a dash', () => {
    expect(
      parseLanguageList('Hindi (Native), English (fluent), Marathi - basic, Tamil – conversational'),
    ).toEqual([
      { language: 'Hindi', fluency: 5 },
      { language: 'English', fluency: 4 },
      { language: 'Marathi', fluency: 1 },
      { language: 'Tamil', fluency: 2 },
    ]);
    expect(parseLanguageList('Guj(mother tongue) & Eng - Good')).toEqual([
      { language: 'Gujarati', fluency: 5 },
      { language: 'English', fluency: 3 },
    ]);
    // A bracket holding a list is one language's note, not more languages.
    expect(parseLanguageList('Hindi (read/write/speak), Urdu (R, W)')).toEqual([
      { language: 'Hindi', fluency: 4 },
      { language: 'Urdu', fluency: 4 },
    ]);
    expect(parseLanguageList('Kannada (basic)')).toEqual([{ language: 'Kannada', fluency: 1 }]);
  });
  it('empties', () => {
    for (const raw of ['', '-', 'NA', 'N/A']) expect(parseLanguageList(raw)).toEqual([]);
  });
});

describe('names', () => {
  it.each([
    ['Priya Sharma (प्रिया शर्मा)', 'Priya Sharma', 'प्रिया शर्मा'],
    ['Priya Sharma / प्रिया शर्मा', 'Priya Sharma', 'प्रिया शर्मा'],
    ['प्रिया शर्मा / Priya Sharma', 'Priya Sharma', 'प्रिया शर्मा'],
    ['प्रिया शर्मा (Priya Sharma)', 'Priya Sharma', 'प्रिया शर्मा'],
    ['Meher Bhatia | મેહેર ભાટિયા', 'Meher Bhatia', 'મેહેર ભાટિયા'],
    ['Arif Khan (عارف خان)', 'Arif Khan', 'عارف خان'],
    ['Gurpreet Kaur/ਗੁਰਪ੍ਰੀਤ ਕੌਰ', 'Gurpreet Kaur', 'ਗੁਰਪ੍ਰੀਤ ਕੌਰ'],
  ])('%s → two name fields', (raw, fullName, nativeName) => {
    expect(parseName(raw)).toMatchObject({ fullName, nativeName });
  });
  it.each([
    ['PRIYA SHARMA', 'Priya Sharma', true],
    ['Priya  Sharma', 'Priya Sharma', false],
    ['  Priya Sharma ', 'Priya Sharma', false],
    ['Priya Sharma ✨', 'Priya Sharma', true],
    ['🌟Zoë D’Souza🌟', 'Zoë D’Souza', true],
    ['*Rohan Mehra.*', 'Rohan Mehra', true],
    ['Rohan Mehra,', 'Rohan Mehra', true],
    ['- Rohan Mehra', 'Rohan Mehra', true],
    ['"Rohan Mehra"', 'Rohan Mehra', true],
    ['Rohan Mehra ()', 'Rohan Mehra', true],
    ["MOHD. IRFAN D'SOUZA", "Mohd. Irfan D'Souza", true],
    ['R. K. Sharma', 'R. K. Sharma', false],
    ['Zoë', 'Zoë', false],
    ['प्रिया शर्मा', 'प्रिया शर्मा', false],
  ])('%s → %s (changed: %s)', (raw, fullName, changed) => {
    expect(parseName(raw)).toEqual({ fullName, nativeName: null, changed });
  });
  it('nothing readable', () => {
    expect(parseName('✨✨').fullName).toBe('');
    expect(parseName('---').fullName).toBe('');
  });
});

describe('cities → canonical city and locality', () => {
  it.each([
    ['Andheri (W)', 'Mumbai', 'Andheri West'],
    ['Andheri(W)', 'Mumbai', 'Andheri West'],
    ['Andheri W', 'Mumbai', 'Andheri West'],
    ['Andheri W.', 'Mumbai', 'Andheri West'],
    ['andheri west', 'Mumbai', 'Andheri West'],
    ['Andheri-East', 'Mumbai', 'Andheri East'],
    ['Goregaon West', 'Mumbai', 'Goregaon West'],
    ['Malad (E), Mumbai', 'Mumbai', 'Malad East'],
    ['Mumbai - Andheri West', 'Mumbai', 'Andheri West'],
    ['Andheri (W), Mumbai 400053', 'Mumbai', 'Andheri West'],
    ['Andheri West, Mumbai - 400058', 'Mumbai', 'Andheri West'],
    ['Bombay', 'Mumbai', null],
    ['BOMBAY', 'Mumbai', null],
    ['Mumbai, Maharashtra', 'Mumbai', null],
    ['मुंबई', 'Mumbai', null],
    ['Panjim, Goa', 'Panaji', null],
    ['Goa', 'Goa', null],
    ['Navi Mumbai', 'Navi Mumbai', null],
    ['Vashi, Navi Mumbai', 'Navi Mumbai', 'Vashi'],
    ['Thane West', 'Thane', 'Thane West'],
    ['Bangalore', 'Bengaluru', null],
    ['Gurgaon', 'Gurugram', null],
    ['Ranchi', 'Ranchi', null],
  ])('%s → %s / %s', (raw, city, locality) => {
    expect(parseCity(raw)).toEqual({ city, locality });
  });
  it('empties', () => {
    for (const raw of ['', '-', 'NA', 'N/A']) expect(parseCity(raw)).toEqual({ city: null, locality: null });
  });
});

describe('placeholders', () => {
  it('are exactly the cells of up to 16 characters that EMPTY_WORDS matches, in any case (first-character shortcut)', () => {
    const word = fc.constantFrom(
      '-',
      '–',
      '—',
      '_',
      '...',
      '?',
      '/',
      '\\',
      '**',
      '#N/A',
      'n.a.',
      'N / A',
      'nil',
      'NULL',
      'None',
      'nan',
      'not known',
      'Not Applicable',
      'unknown',
      'TBD',
      'tba',
      'xxx',
      'Nagpur',
      'Thane',
      'Uma',
      'Xavier',
    );
    const anyCase = word.chain((w) =>
      fc
        .array(fc.boolean(), { minLength: w.length, maxLength: w.length })
        .map((up) => [...w].map((ch, i) => (up[i] ? ch.toUpperCase() : ch.toLowerCase())).join('')),
    );
    const cell = fc.tuple(
      fc.constantFrom('', ' ', '\t'),
      fc.oneof(anyCase, fc.string({ maxLength: 18 })),
      fc.constantFrom('', ' '),
    );
    fc.assert(
      fc.property(cell, ([before, w, after]) => {
        const v = `${before}${w}${after}`.trim();
        expect(isEmptyValue(`${before}${w}${after}`)).toBe(
          v === '' || (v.length <= 16 && EMPTY_WORDS.test(v)),
        );
      }),
      { numRuns: 5000, seed: 3 },
    );
  });
});

describe('emails', () => {
  it('placeholders are empty, not errors', () => {
    for (const raw of ['NA', 'N/A', '-', 'nil', 'Nil', '', 'none'])
      expect(parseEmails(raw)).toEqual({ email: null, others: [] });
    expect(isEmptyValue('nil')).toBe(true);
  });
  it('addresses', () => {
    expect(parseEmails(' Priya@Example.in. ')).toEqual({ email: 'priya@example.in', others: [] });
    expect(parseEmails('mailto:priya@example.in')).toEqual({ email: 'priya@example.in', others: [] });
    expect(parseEmails('a@x.in / b@y.com')).toEqual({ email: 'a@x.in', others: ['b@y.com'] });
    expect(parseEmails('nope@').error).toMatch(/not an email/);
  });
});

describe('column names', () => {
  const field = (h: string) => suggestMapping([h])['0'];
  it.each<[string, ImportField]>([
    ['Contact No.', 'phone'],
    ['Contact No', 'phone'],
    ['Contact Number', 'phone'],
    ['Mob', 'phone'],
    ['Mob.', 'phone'],
    ['Mobile No.', 'phone'],
    ['Mob. No.', 'phone'],
    ['WhatsApp No.', 'phone'],
    ['Whatsapp Number', 'phone'],
    ['CINTAA Card No.', 'cintaa'],
    ['CINTAA No.', 'cintaa'],
    ['Playing Age', 'playingAge'],
    ['Playing Age (yrs)', 'playingAge'],
    ['Ht', 'heightCm'],
    ['Ht.', 'heightCm'],
    ['Height (in ft)', 'heightCm'],
    ['DOB', 'dateOfBirth'],
    ['D.O.B.', 'dateOfBirth'],
    ['Age', 'age'],
    ['E-mail ID', 'email'],
    ['Languages Known', 'languages'],
    ['Artist Name', 'fullName'],
    ['Name of the Artist', 'fullName'],
    ['Location', 'city'],
    ['नाम', 'fullName'],
    ['\u095e\u094b\u0928', 'phone'], // फ़ोन with the precomposed letter
    ['\u092b\u093c\u094b\u0928', 'phone'], // फ़ोन with the nukta as a separate mark
    ['फ़ोन नंबर', 'phone'],
    ['मोबाइल नं.', 'phone'],
    ['उम्र', 'age'],
    ['जन्म तिथि', 'dateOfBirth'],
    ['शहर', 'city'],
    ['भाषाएँ', 'languages'],
    ['ईमेल', 'email'],
    ['लिंग', 'gender'],
    ['कद', 'heightCm'],
  ])('%s → %s', (header, f) => {
    expect(field(header)).toBe(f);
  });
  it('WhatsApp next to a phone column is the other phone', () => {
    expect(suggestMapping(['Name', 'Contact No.', 'WhatsApp No.'])).toEqual({
      '0': 'fullName',
      '1': 'phone',
      '2': 'otherPhone',
    });
  });
  it('a header row scores above a title row', () => {
    expect(headerScore(['Star Talent Agency — Mumbai', '', ''])).toBe(0);
    expect(headerScore(['Sr. No.', 'Name', 'Contact No.', 'Playing Age', 'Ht'])).toBeGreaterThanOrEqual(4);
  });
});

describe('a row converted as the import converts it', () => {
  const convert = (headers: string[], row: string[]) => {
    const columns = compileMapping(suggestMapping(headers));
    return convertRow(row, columns, headers, TODAY);
  };
  it('an Age column is the real age; a date there is a date of birth; a playing-age column is a range', () => {
    const headers = ['Name', 'Age', 'Playing Age'];
    expect(convert(headers, ['A B', '32', '49']).input).toMatchObject({
      dateOfBirth: '1993-07-15',
      playingAgeMin: 49,
      playingAgeMax: 49,
    });
    expect(convert(headers, ['A B', '21/03/1994', 'early 40s']).input).toMatchObject({
      dateOfBirth: '1994-03-21',
      playingAgeMin: 40,
      playingAgeMax: 43,
    });
    // A range in the Age column is a playing age after all.
    expect(convert(headers, ['A B', '25-30', '']).input).toMatchObject({
      playingAgeMin: 25,
      playingAgeMax: 30,
    });
    const empty = convert(headers, ['A B', 'NA', '-']);
    expect(empty.input.dateOfBirth).toBeUndefined();
    expect(empty.input.playingAgeMin).toBeUndefined();
    expect(empty.problems).toEqual([]);
  });
  it('keeps the original where the reading was a guess, and other contacts and the locality', () => {
    const headers = ['Name', 'Contact No.', 'Ht', 'Location', 'Email'];
    const r = convert(headers, [
      'PRIYA SHARMA (प्रिया शर्मा)',
      '98200 11111 / 99300 22222',
      '5.6',
      'Andheri (W)',
      'nil',
    ]);
    expect(r.input).toMatchObject({
      fullName: 'Priya Sharma',
      nativeName: 'प्रिया शर्मा',
      phone: '+919820011111',
      heightCm: 168,
      city: 'Mumbai',
    });
    expect(r.input.email).toBeUndefined();
    expect(r.problems).toEqual([]);
    expect(r.notes).toEqual(
      expect.arrayContaining([
        'Name as written in the file: PRIYA SHARMA (प्रिया शर्मा)',
        'Height as written in the file: 5.6',
        'Locality: Andheri West',
        'Other contact: +919930022222 (Contact No.)',
      ]),
    );
  });
});
