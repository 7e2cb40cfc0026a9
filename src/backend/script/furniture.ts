import { SCENE_NUMBER_RE } from './patterns.ts';
import type { Line, PageText, Segment } from './types.ts';

/** A line of the script body: page furniture removed, margin scene numbers and revision marks split off. */
export interface BodyLine extends Line {
  /** Text without margin scene numbers and revision asterisks. */
  core: string;
  coreSegments: Segment[];
  /** A scene number printed in the left or right margin of this line. */
  marginNumber: string | null;
  revised: boolean;
}

export interface BodyPage {
  page: number;
  width: number;
  height: number;
  lines: BodyLine[];
  /** The page ended inside a speech marked (MORE). */
  more: boolean;
}

const PAGE_NUMBER_RE =
  /^(?:page\s*)?[-–(]?\s*\d{1,4}\s*[-–)]?\.?$|^(?:page\s*)?\d{1,4}\s*(?:of|\/)\s*\d{1,4}$/i;
const CONTINUED_RE = /^\(?\s*CONTINUED\s*\)?\s*:?\s*(?:\(\s*\d+\s*\))?$|^\(?\s*CONT(?:'|’)?D\.?\s*\)?$/i;
const MORE_RE = /^\(\s*MORE\s*\)$|^\(\s*CONT(?:'|’)?D\s+ON\s+NEXT\s+PAGE\s*\)$/i;

function stripMargins(line: Line): Pick<BodyLine, 'core' | 'coreSegments' | 'marginNumber' | 'revised'> {
  let segs = line.segments.slice();
  let revised = false;
  let marginNumber: string | null = null;
  // Revision marks: asterisks standing apart in a margin (or glued to the end after a wide gap).
  segs = segs.filter((s) => {
    if (/^\*{1,3}$/.test(s.text)) {
      revised = true;
      return false;
    }
    return true;
  });
  // Asterisks glued to a segment after a space ("16A *", "INT. HOUSE - DAY *") are revision marks too.
  segs = segs.map((seg) => {
    const m = /^(.*\S)\s+\*{1,3}$/.exec(seg.text) ?? /^\*{1,3}\s+(\S.*)$/.exec(seg.text);
    if (!m) return seg;
    revised = true;
    return { ...seg, text: m[1]! };
  });
  if (segs.length >= 2) {
    const first = segs[0]!;
    const m = SCENE_NUMBER_RE.exec(first.text);
    if (m) {
      marginNumber = m[1]!.toUpperCase();
      segs = segs.slice(1);
    }
  }
  if (segs.length >= 2) {
    const end = segs[segs.length - 1]!;
    const m = SCENE_NUMBER_RE.exec(end.text);
    if (m) {
      marginNumber ??= m[1]!.toUpperCase();
      segs = segs.slice(0, -1);
    }
  }
  return { core: segs.map((s) => s.text).join(' '), coreSegments: segs, marginNumber, revised };
}

function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Removes page numbers, running headers and footers, CONTINUED markers and (MORE), learning repeated
 * headers from the document itself rather than from a fixed position.
 */
export function removeFurniture(pages: PageText[]): BodyPage[] {
  // Headers and footers sit in the margin, set off from the body by at least a blank line; a character cue
  // that happens to open many pages does not.
  const zoneOf = (l: Line, p: PageText, idx: number, n: number): 'top' | 'bottom' | null => {
    const next = p.lines[idx + 1];
    const prev = p.lines[idx - 1];
    if (idx < 2 && l.y > p.height * 0.86 && (!next || l.y - next.y >= l.size * 1.8)) return 'top';
    if (idx >= n - 2 && l.y < p.height * 0.12 && (!prev || prev.y - l.y >= l.size * 1.8)) return 'bottom';
    return null;
  };
  const counts = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    p.lines.forEach((l, i) => {
      const z = zoneOf(l, p, i, p.lines.length);
      if (z) seen.add(`${z}|${furnitureKey(l.text)}`);
    });
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const repeatMin = Math.max(3, Math.ceil(pages.length * 0.4));
  return pages.map((p) => {
    let more = false;
    const lines: BodyLine[] = [];
    p.lines.forEach((l, i) => {
      const stripped = stripMargins(l);
      const core = stripped.core.trim();
      if (MORE_RE.test(core)) {
        more = true;
        return;
      }
      const z = zoneOf(l, p, i, p.lines.length);
      if (z) {
        if (PAGE_NUMBER_RE.test(core) || CONTINUED_RE.test(core)) return;
        if ((counts.get(`${z}|${furnitureKey(l.text)}`) ?? 0) >= repeatMin) return;
      }
      if (CONTINUED_RE.test(core) && /CONTINUED/i.test(core)) return;
      if (core.length === 0) return;
      lines.push({ ...l, ...stripped, core });
    });
    return { page: p.page, width: p.width, height: p.height, lines, more };
  });
}
