// The kind of files a Mumbai casting office is sent, generated in code: an agency workbook with a title,
// a merged agency-name cell, blank rows and a hidden old list as its first sheet; a Windows-1252 CSV from
// Excel on an office PC; a UTF-16LE "Unicode Text" export with Hindi headers; and a ragged CSV with mixed
// line endings, NUL bytes, short and long rows and an unclosed quote. Each person is written the way
// offices write values, and carries the profile the import should make of them.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** A person as a file writes them (`cells`, by column name) and the profile they should become. */
export interface MessyPerson {
  cells: Record<string, string | number | Date>;
  want: {
    fullName: string;
    nativeName: string | null;
    phone: string | null;
    heightCm: number | null;
    playingAgeMin: number | null;
    playingAgeMax: number | null;
    languages: string[];
    city: string | null;
    /** Kept in the notes as "Locality: …". */
    locality: string | null;
    email: string | null;
    dateOfBirth: string | null;
    gender: string | null;
    unionNumber: string | null;
    /** Lines the notes must hold (other contacts, originals kept). */
    notes: string[];
  };
}

const none = {
  nativeName: null,
  phone: null,
  heightCm: null,
  playingAgeMin: null,
  playingAgeMax: null,
  languages: [],
  city: null,
  locality: null,
  email: null,
  dateOfBirth: null,
  gender: null,
  unionNumber: null,
  notes: [],
};
const person = (cells: MessyPerson['cells'], want: Partial<MessyPerson['want']> & { fullName: string }) => ({
  cells,
  want: { ...none, ...want },
});

// ── 1. The agency workbook ──────────────────────────────────────────────────────────────────────────
export const AGENCY_HEADERS = [
  'Sr. No.',
  'Name of Artist',
  'Contact No.',
  'WhatsApp No.',
  'Playing Age',
  'Ht',
  'Languages',
  'Location',
  'E-mail ID',
  'CINTAA Card No.',
  'DOB',
];

export const AGENCY_PEOPLE: MessyPerson[] = [
  person(
    {
      'Name of Artist': 'Priya Sharma (प्रिया शर्मा)',
      'Contact No.': '+91 98200 11111',
      'WhatsApp No.': '99300 22222',
      'Playing Age': '25-30',
      Ht: `5'6"`,
      Languages: 'Hin, Eng & Mar',
      Location: 'Andheri (W)',
      'E-mail ID': 'Priya.Sharma@Example.in',
      'CINTAA Card No.': '24517',
      DOB: new Date(Date.UTC(1996, 2, 21)),
    },
    {
      fullName: 'Priya Sharma',
      nativeName: 'प्रिया शर्मा',
      phone: '+919820011111',
      heightCm: 168,
      playingAgeMin: 25,
      playingAgeMax: 30,
      languages: ['Hindi', 'English', 'Marathi'],
      city: 'Mumbai',
      locality: 'Andheri West',
      email: 'priya.sharma@example.in',
      dateOfBirth: '1996-03-21',
      unionNumber: '24517',
      notes: ['Other contact: +919930022222 (WhatsApp No.)', 'Height as written in the file: 5\'6"'],
    },
  ),
  person(
    {
      'Name of Artist': 'ROHAN  MEHRA',
      'Contact No.': 9820033333,
      'Playing Age': 'early 40s',
      Ht: '5.10',
      Languages: 'Hindi / Punjabi (fluent)',
      Location: 'Goregaon West',
      'E-mail ID': 'NA',
      'CINTAA Card No.': '-',
    },
    {
      fullName: 'Rohan Mehra',
      phone: '+919820033333',
      heightCm: 178,
      playingAgeMin: 40,
      playingAgeMax: 43,
      languages: ['Hindi', 'Punjabi'],
      city: 'Mumbai',
      locality: 'Goregaon West',
      notes: ['Name as written in the file: ROHAN  MEHRA'],
    },
  ),
  person(
    {
      'Name of Artist': 'Sayali Patil / सायली पाटील ✨',
      'Contact No.': '098200 44444 / 98200 55555',
      'Playing Age': "Early 20's",
      Ht: '5 ft 2 in',
      Languages: 'Marathi (native), Hindi - fluent, English',
      Location: 'Thane West',
      'E-mail ID': '-',
    },
    {
      fullName: 'Sayali Patil',
      nativeName: 'सायली पाटील',
      phone: '+919820044444',
      heightCm: 157,
      playingAgeMin: 20,
      playingAgeMax: 23,
      languages: ['Marathi', 'Hindi', 'English'],
      city: 'Thane',
      locality: 'Thane West',
      notes: ['Other contact: +919820055555 (Contact No.)'],
    },
  ),
  person(
    {
      'Name of Artist': 'Mohd. Irfan Khan',
      'Contact No.': '(+91) 98200-66666',
      'Playing Age': 'mid 30s',
      Ht: '1.75 m',
      Languages: 'Urd, Hin, Eng',
      Location: 'Bombay',
      'E-mail ID': 'irfan.k@example.com',
      DOB: '12/08/1989',
    },
    {
      fullName: 'Mohd. Irfan Khan',
      phone: '+919820066666',
      heightCm: 175,
      playingAgeMin: 34,
      playingAgeMax: 36,
      languages: ['Urdu', 'Hindi', 'English'],
      city: 'Mumbai',
      email: 'irfan.k@example.com',
      dateOfBirth: '1989-08-12',
    },
  ),
  person(
    {
      'Name of Artist': 'Meher Bhatia (મેહેર ભાટિયા)',
      'Contact No.': '919820077777',
      'Playing Age': '49',
      Ht: '6',
      Languages: 'Guj; Eng',
      Location: 'Panjim, Goa',
    },
    {
      fullName: 'Meher Bhatia',
      nativeName: 'મેહેર ભાટિયા',
      phone: '+919820077777',
      heightCm: 183,
      playingAgeMin: 49,
      playingAgeMax: 49,
      languages: ['Gujarati', 'English'],
      city: 'Panaji',
    },
  ),
  person(
    {
      'Name of Artist': 'Ananya Bose',
      'Contact No.': '9820088888.0',
      'Playing Age': '18 to 22',
      Ht: '160 cm',
      Languages: 'Ben/Bangla, Hindi and English',
      Location: 'Vashi, Navi Mumbai',
    },
    {
      fullName: 'Ananya Bose',
      phone: '+919820088888',
      heightCm: 160,
      playingAgeMin: 18,
      playingAgeMax: 22,
      languages: ['Bengali', 'Hindi', 'English'],
      city: 'Navi Mumbai',
      locality: 'Vashi',
    },
  ),
];

/** People of the hidden first sheet: an old list that must never be imported unless chosen. */
export const HIDDEN_PEOPLE = ['Hidden Oldlist One', 'Hidden Oldlist Two', 'Hidden Oldlist Three'];

export async function agencyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const old = wb.addWorksheet('Old list 2019');
  old.state = 'hidden';
  old.addRow(['Name', 'Mobile']);
  for (const [i, n] of HIDDEN_PEOPLE.entries()) old.addRow([n, `98111 0000${i}`]);
  const ws = wb.addWorksheet('Talent');
  // The agency's name across the sheet, as one merged cell that reads "Talent" in every column it spans.
  ws.addRow(['Talent']);
  ws.mergeCells(1, 1, 1, AGENCY_HEADERS.length);
  ws.addRow(['Star Cast Management — Mumbai', '', 'Updated 12 Jan 2026']);
  ws.addRow([]);
  ws.addRow(['', 'Personal', '', 'Contact']);
  ws.addRow(AGENCY_HEADERS);
  AGENCY_PEOPLE.forEach((p, i) => {
    ws.addRow(AGENCY_HEADERS.map((h) => (h === 'Sr. No.' ? i + 1 : (p.cells[h] ?? ''))));
    if (i % 2 === 1) ws.addRow([]); // blank rows between groups
  });
  // A lookup table agencies keep out of sight.
  const lookup = wb.addWorksheet('Lookup');
  lookup.state = 'veryHidden';
  lookup.addRow(['Name', 'Rate']);
  lookup.addRow(['Very Hidden Person', '5000']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ── 2. A Windows-1252 CSV (Excel on an office PC) ──────────────────────────────────────────────────
export const CP1252_HEADERS = [
  'Name',
  'Gender',
  'Mob',
  'Age',
  'Playing Age',
  'Height',
  'Languages',
  'City',
  'Email',
  'Notes',
];

export const CP1252_PEOPLE: MessyPerson[] = [
  person(
    {
      Name: 'Zoë D’Souza',
      Gender: 'F',
      Mob: '98200-12121',
      Age: '32',
      'Playing Age': '25–30 yrs',
      Height: '5’6”',
      Languages: 'Eng (native), Konkani – conversational',
      City: 'Panjim, Goa',
      Email: 'nil',
      Notes: 'Café singer – “great” voice… €50 fee',
    },
    {
      fullName: 'Zoë D’Souza',
      gender: 'female',
      phone: '+919820012121',
      heightCm: 168,
      playingAgeMin: 25,
      playingAgeMax: 30,
      languages: ['English', 'Konkani'],
      city: 'Panaji',
      dateOfBirth: 'estimated',
      notes: ['Café singer – “great” voice… €50 fee', 'Height as written in the file: 5’6”'],
    },
  ),
  person(
    {
      Name: 'José Fernandes',
      Gender: 'Male',
      Mob: '0 98200 13131',
      Age: '21/03/1994',
      'Playing Age': 'late 20s',
      Height: '5 ft 9 in',
      Languages: 'Eng, Hin',
      City: 'Bandra (W)',
      Email: 'jose@example.in',
      Notes: '',
    },
    {
      fullName: 'José Fernandes',
      gender: 'male',
      phone: '+919820013131',
      heightCm: 175,
      playingAgeMin: 27,
      playingAgeMax: 29,
      languages: ['English', 'Hindi'],
      city: 'Mumbai',
      locality: 'Bandra West',
      email: 'jose@example.in',
      dateOfBirth: '1994-03-21',
    },
  ),
  person(
    {
      Name: 'Kavya Nair',
      Gender: 'f',
      Mob: '+91 98200 14141',
      Age: 'NA',
      'Playing Age': 'early-50s',
      Height: '5.4',
      Languages: 'Mal - fluent, Tam, Eng',
      City: 'Malad (E)',
      Email: 'N/A',
      Notes: '',
    },
    {
      fullName: 'Kavya Nair',
      gender: 'female',
      phone: '+919820014141',
      heightCm: 163,
      playingAgeMin: 50,
      playingAgeMax: 53,
      languages: ['Malayalam', 'Tamil', 'English'],
      city: 'Mumbai',
      locality: 'Malad East',
    },
  ),
];

const csvCell = (v: string | number | Date | undefined) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function cp1252Csv(): Buffer {
  const lines = [
    CP1252_HEADERS.join(','),
    ...CP1252_PEOPLE.map((p) => CP1252_HEADERS.map((h) => csvCell(p.cells[h])).join(',')),
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252');
}

// ── 3. UTF-16LE with a BOM, tab-separated, Hindi headers (Excel's "Unicode Text") ──────────────────
export const UTF16_HEADERS = ['नाम', 'फ़ोन', 'उम्र', 'कद', 'भाषाएँ', 'शहर', 'ईमेल'];

export const UTF16_PEOPLE: MessyPerson[] = [
  person(
    {
      नाम: 'अमित वर्मा / Amit Verma',
      फ़ोन: '98200 15151',
      उम्र: '25 to 30',
      कद: '170',
      भाषाएँ: 'हिंदी, अंग्रेज़ी',
      शहर: 'मुंबई',
      ईमेल: '-',
    },
    {
      fullName: 'Amit Verma',
      nativeName: 'अमित वर्मा',
      phone: '+919820015151',
      heightCm: 170,
      playingAgeMin: 25,
      playingAgeMax: 30,
      languages: ['Hindi', 'English'],
      city: 'Mumbai',
    },
  ),
  person(
    {
      नाम: 'Gurpreet Kaur (ਗੁਰਪ੍ਰੀਤ ਕੌਰ)',
      फ़ोन: '+91-98200-16161',
      उम्र: '12.08.1990',
      कद: "5' 5''",
      भाषाएँ: 'Pun & Hin',
      शहर: 'Navi Mumbai',
      ईमेल: 'gurpreet@example.in',
    },
    {
      fullName: 'Gurpreet Kaur',
      nativeName: 'ਗੁਰਪ੍ਰੀਤ ਕੌਰ',
      phone: '+919820016161',
      heightCm: 165,
      languages: ['Punjabi', 'Hindi'],
      city: 'Navi Mumbai',
      email: 'gurpreet@example.in',
      dateOfBirth: '1990-08-12',
    },
  ),
];

export function utf16Csv(): Buffer {
  const tsv = (v: string | number | Date | undefined) => String(v ?? '');
  const lines = [
    UTF16_HEADERS.join('\t'),
    ...UTF16_PEOPLE.map((p) => UTF16_HEADERS.map((h) => tsv(p.cells[h])).join('\t')),
  ];
  return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${lines.join('\r\n')}\r\n`, 'utf16le')]);
}

// ── 4. A ragged CSV: mixed line endings, NUL bytes, short and long rows, an unclosed quote ──────────
export const RAGGED_HEADERS = ['Name', 'Phone', 'Playing Age', 'Ht', 'Languages', 'City'];

export const RAGGED_PEOPLE: MessyPerson[] = [
  person(
    {
      Name: 'Asha Rao',
      Phone: '98200 17171',
      'Playing Age': '30-35',
      Ht: '5.3',
      Languages: 'Kan, Tel',
      City: 'Bangalore',
    },
    {
      fullName: 'Asha Rao',
      phone: '+919820017171',
      heightCm: 160,
      playingAgeMin: 30,
      playingAgeMax: 35,
      languages: ['Kannada', 'Telugu'],
      city: 'Bengaluru',
    },
  ),
  // NUL bytes inside the name (removed and reported).
  person(
    {
      Name: 'Vik\0ram Singh\0',
      Phone: '9820018181',
      'Playing Age': '35',
      Ht: '180',
      Languages: 'Bhoj & Hin',
      City: 'Patna',
    },
    {
      fullName: 'Vikram Singh',
      phone: '+919820018181',
      heightCm: 180,
      playingAgeMin: 35,
      playingAgeMax: 35,
      languages: ['Bhojpuri', 'Hindi'],
      city: 'Patna',
    },
  ),
  // A short row: only a name and a phone; a NUL after the lone CR above.
  person({ Name: 'Neha\0 Joshi', Phone: '98200-19191' }, { fullName: 'Neha Joshi', phone: '+919820019191' }),
];

/** The unclosed quote: this person is read up to the end of their line, and reported. */
export const UNCLOSED = person(
  {
    Name: '"Farhan Qureshi',
    Phone: '9820020202',
    'Playing Age': '40-45',
    Ht: '5.11',
    Languages: 'Urd & Hin',
    City: 'Lucknow',
  },
  {
    fullName: 'Farhan Qureshi',
    phone: '+919820020202',
    heightCm: 180,
    playingAgeMin: 40,
    playingAgeMax: 45,
    languages: ['Urdu', 'Hindi'],
    city: 'Lucknow',
    notes: [
      'Needs review — (whole row): "" (A quoted cell in this row is never closed: the row was read up to the end of its line, the quote dropped. Check its cells.)',
    ],
  },
);

/** After the unclosed quote: every one of them recovered. */
export const AFTER_UNCLOSED: MessyPerson[] = [
  person(
    {
      Name: 'Ishaan Kapoor',
      Phone: '98200 21212',
      'Playing Age': 'late 20s',
      Ht: '6 ft',
      Languages: 'Hin, Eng',
      City: 'Juhu',
    },
    {
      fullName: 'Ishaan Kapoor',
      phone: '+919820021212',
      heightCm: 183,
      playingAgeMin: 27,
      playingAgeMax: 29,
      languages: ['Hindi', 'English'],
      city: 'Mumbai',
      locality: 'Juhu',
    },
  ),
  person(
    {
      Name: 'Lakshmi Iyer',
      Phone: '98200 22323',
      'Playing Age': '45 - 50',
      Ht: '155',
      Languages: 'Tamil (native)',
      City: 'Chennai',
    },
    {
      fullName: 'Lakshmi Iyer',
      phone: '+919820022323',
      heightCm: 155,
      playingAgeMin: 45,
      playingAgeMax: 50,
      languages: ['Tamil'],
      city: 'Chennai',
    },
  ),
];

/** Rohan Mehra again (from the workbook), his phone written differently: a duplicate across files. */
export const RAGGED_DUPLICATE = ['Rohan Mehra', '+91 98200 33333', '40-43', '178', 'Hindi', 'Mumbai'];

/** The ragged file, and the line numbers (as a text editor shows them) of its notable rows. */
export function raggedCsv(): {
  bytes: Buffer;
  lines: { nul: number[]; long: number; unclosed: number; after: number };
} {
  const row = (p: MessyPerson) => RAGGED_HEADERS.map((h) => csvCell(p.cells[h])).join(',');
  const [asha, vikram, neha] = RAGGED_PEOPLE as [MessyPerson, MessyPerson, MessyPerson];
  const lines: [string, string][] = [
    [RAGGED_HEADERS.join(','), '\r\n'],
    [row(asha), '\n'],
    [row(vikram), '\r'], // line 3: NULs, ended by a lone CR (old Mac)
    [`${neha.cells.Name},${neha.cells.Phone}`, '\r\n'], // line 4: too few cells
    [`${RAGGED_DUPLICATE.join(',')},extra,cells`, '\n'], // line 5: too many cells
    [RAGGED_HEADERS.map((h) => String(UNCLOSED.cells[h])).join(','), '\r\n'], // line 6: the quote never closes
    ...AFTER_UNCLOSED.map((p) => [row(p), '\n'] as [string, string]), // lines 7, 8
  ];
  const text = lines.map(([l, end]) => l + end).join('');
  return { bytes: Buffer.from(text, 'utf8'), lines: { nul: [3, 4], long: 5, unclosed: 6, after: 7 } };
}

/** Every distinct person the four files hold (the workbook's hidden sheet and the duplicate excluded). */
export const ALL_PEOPLE: MessyPerson[] = [
  ...AGENCY_PEOPLE,
  ...CP1252_PEOPLE,
  ...UTF16_PEOPLE,
  ...RAGGED_PEOPLE,
  UNCLOSED,
  ...AFTER_UNCLOSED,
];
