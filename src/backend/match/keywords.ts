// Words of a role's description worth looking for in profiles: English and Hinglish filler words out,
// numbers out, at most MAX_KEYWORDS, as an FTS5 query over the profile-text columns (OR: any word helps;
// bm25 rewards the rarer ones).
const STOP = new Set(
  `a an the and or but of in on at to for from with without by as is are was were be been being it its this that
  these those he she they them his her their who whom which what when where why how very quite just also not no
  yes into over under about after before than then there here some any all each every more most less few many
  much can could should would will shall may might must has have had do does did done role character scene scenes
  plays playing play age aged years year old looks look type someone person people man woman boy girl male female
  lead supporting day player featured actor actress needs need needed must required wants want good great strong
  hai hain ka ki ke ko se mein aur bhi nahi`
    .split(/\s+/)
    .filter(Boolean),
);

export const MAX_KEYWORDS = 12;

export function keywordsOf(text: string): string[] {
  const words =
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{M}]+/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (w.length < 3 || STOP.has(w) || out.includes(w)) continue;
    out.push(w);
    if (out.length === MAX_KEYWORDS) break;
  }
  return out;
}

/** Profile text only (skills, tags, notes): names and cities would match by accident. */
const COLUMNS = '{skills tags notes}';

/** An FTS5 query matching any of the words, as prefixes from four letters ("dance" finds "dancer"). */
export function ftsAnyOf(words: readonly string[]): string | null {
  if (words.length === 0) return null;
  return `${COLUMNS} : (${words.map((w) => (w.length >= 4 ? `"${w}"*` : `"${w}"`)).join(' OR ')})`;
}
