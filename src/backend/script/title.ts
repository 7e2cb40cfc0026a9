import type { BodyLine, BodyPage } from './furniture.ts';
import { parseHeading } from './patterns.ts';

const TITLE_NOISE =
  /^(?:(?:an?\s+)?(?:original\s+)?(?:screenplay|teleplay|story|script)?\s*(?:written\s+)?by\b|written\s+by|based\s+on|draft|revised|revision|copyright|©|\(c\)|contact|fade\s+in|all\s+rights|\d|page\b)|@|www\.|\bphone\b|\btel\b|\bemail\b/i;

/** A title long enough for any real script; a 5-million-character metadata title is cut here. */
export const MAX_TITLE_CHARS = 200;

function cut(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  return [...t].length > MAX_TITLE_CHARS ? `${[...t].slice(0, MAX_TITLE_CHARS - 1).join('')}…` : t;
}

const centreOf = (l: BodyLine) => (l.x + l.xEnd) / 2;

/**
 * A title card: every line centred on the page (or credits/contact text, or low on the page), and the
 * lines' left edges ragged as centring makes them. A page of dialogue is centred too, but its lines share
 * one left edge, so it is not taken for a card.
 */
function isCardPage(p: BodyPage): boolean {
  if (p.lines.length === 0) return true;
  if (p.lines.length > 30 || p.lines.some((l) => parseHeading(l.core))) return false;
  const body = p.lines.filter((l) => l.y > p.height * 0.3 && !TITLE_NOISE.test(l.core));
  const centred = body.filter((l) => Math.abs(centreOf(l) - p.width / 2) < p.width * 0.08);
  if (centred.length < body.length) return false;
  if (centred.length <= 2) return true;
  const lefts = new Set(centred.map((l) => Math.round(l.x / 3)));
  return lefts.size >= centred.length * 0.6;
}

export interface TitleInfo {
  title: string;
  /** Leading pages that are title pages or title cards, not script. */
  titlePages: number;
  /** Lines of a centred title block at the top of the first script page ("written by" and names). */
  titleLines: Set<BodyLine>;
}

/** Finds the title pages (page 1, and title cards after a placeholder page 1) and the title on them. */
export function findTitle(pages: BodyPage[], metadataTitle: string | null, fileName: string): TitleInfo {
  const fallback = cut(
    metadataTitle && !/^untitled|microsoft word|\.docx?$|\.pdf$/i.test(metadataTitle) ? metadataTitle : '',
  );
  const fromFile = cut(
    fileName
      .replace(/\.[^.]+$/, '')
      .replace(/[_]+/g, ' ')
      .trim(),
  );
  const fallbackTitle = fallback || fromFile || 'Untitled script';
  const first = pages[0];
  const titleLines = new Set<BodyLine>();
  if (!first) return { title: fallbackTitle, titlePages: 0, titleLines };
  const hasHeading = first.lines.some((l) => parseHeading(l.core));
  const centred = first.lines.filter(
    (l) => Math.abs(centreOf(l) - first.width / 2) < first.width * 0.12,
  ).length;
  const firstIsTitle =
    pages.length > 1 &&
    !hasHeading &&
    first.lines.length <= 40 &&
    (first.lines.length <= 20 || centred >= first.lines.length * 0.4);
  let titlePages = firstIsTitle ? 1 : 0;
  // Cards after the title page (a placeholder page 1, then a card of names), never the last page.
  while (titlePages > 0 && titlePages < 3 && titlePages < pages.length - 1 && isCardPage(pages[titlePages]!))
    titlePages++;

  // A centred block with credits at the top of the first script page, before FADE IN or the first heading.
  const start = pages[titlePages];
  if (start) {
    const block: BodyLine[] = [];
    for (const l of start.lines) {
      if (parseHeading(l.core) || /^fade in/i.test(l.core)) break;
      if (Math.abs(centreOf(l) - start.width / 2) >= start.width * 0.08) break;
      block.push(l);
    }
    const ragged = new Set(block.map((l) => Math.round(l.x / 3))).size >= block.length * 0.6;
    if (ragged && block.some((l) => /^(?:(?:written|screenplay|story)\s+)?by\b|written\s+by/i.test(l.core)))
      for (const l of block) titleLines.add(l);
  }

  // The title: the largest text before any script structure, else the first line that is not credits.
  for (const p of pages.slice(0, Math.max(1, titlePages))) {
    const candidates: BodyLine[] = [];
    for (const l of p.lines) {
      if (parseHeading(l.core) || /^fade in/i.test(l.core)) break;
      candidates.push(l);
    }
    const usable = candidates.filter(
      (l) => !TITLE_NOISE.test(l.core) && /\p{L}/u.test(l.core) && l.core.length <= 80,
    );
    if (
      usable.length === 0 ||
      !(firstIsTitle || usable.some((l) => Math.abs(centreOf(l) - p.width / 2) < p.width * 0.15))
    )
      continue;
    const maxSize = Math.max(...usable.map((l) => l.size));
    const head = usable.find((l) => l.size >= maxSize - 0.5)!;
    let title = head.core.trim();
    // A title set over two lines: the next line of the same size right below.
    const nextLine = p.lines[p.lines.indexOf(head) + 1];
    if (
      nextLine &&
      usable.includes(nextLine) &&
      Math.abs(nextLine.size - head.size) < 0.5 &&
      head.y - nextLine.y < head.size * 1.5
    )
      title += ` ${nextLine.core.trim()}`;
    return { title: cut(title.replace(/^["“]|["”]$/g, '')), titlePages, titleLines };
  }
  return { title: fallbackTitle, titlePages, titleLines };
}
