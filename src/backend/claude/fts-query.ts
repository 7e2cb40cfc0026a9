// A typed message or search box as an FTS5 query over the chat and memory indexes (every word quoted, so
// nothing typed is read as FTS5 syntax).

const STOPWORDS = new Set(
  'a an the and or but of to in on at for with by from is are was were be been am i me my we our you your it its this that these those who whom what which do does did have has had can could would should will shall may might must not no yes so as if then than there here they them their he she his her him about into over under up down out just also very please remember tell give show find any some all'.split(
    ' ',
  ),
);

/** Words of a message as an FTS5 OR-query (quoted, so nothing typed is interpreted as syntax). */
export function relevanceQuery(text: string, max = 24): string | null {
  const words = (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  ).filter((w) => w.length > 1 && !STOPWORDS.has(w));
  const uniq = [...new Set(words)].slice(0, max);
  if (uniq.length === 0) return null;
  return uniq.map((w) => `"${w}"*`).join(' OR ');
}

/** Every word must match (prefix), as a search box behaves. */
export function searchQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}\p{M}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}
