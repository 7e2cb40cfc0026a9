import { parseHeading, SCENE_NUMBER_RE } from './patterns.ts';
import type { Line, PageText, Segment } from './types.ts';

/** A line of the script body: page furniture removed, margin scene numbers and revision marks split off. */
export interface BodyLine extends Line {
  /** Text without margin scene numbers and revision asterisks. */
  core: string;
  coreSegments: Segment[];
  /** A scene number printed in the left or right margin of this line. */
  marginNumber: string | null;
  revised: boolean;
  /** The speaker's name cell beside this line, in a two-column layout (see twocol.ts). */
  cell?: string;
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
  // that happens to open many pages does not. A CONTINUED line between a header and the body is itself
  // furniture: it is skipped when measuring that gap, or a header right above "CONTINUED:" stays in the body.
  const contOf = new Map<PageText, boolean[]>();
  const continuedFlags = (p: PageText): boolean[] => {
    let f = contOf.get(p);
    if (!f) {
      // Only the first and last few lines can be furniture; the rest need no test.
      f = p.lines.map(
        (l, i) => (i < 5 || i >= p.lines.length - 5) && CONTINUED_RE.test(stripMargins(l).core.trim()),
      );
      contOf.set(p, f);
    }
    return f;
  };
  const zoneOf = (l: Line, p: PageText, idx: number, n: number): 'top' | 'bottom' | null => {
    if (idx > 4 && idx < n - 5) return null;
    const cont = continuedFlags(p);
    let ni = idx + 1;
    while (ni < n && cont[ni]) ni++;
    let pi = idx - 1;
    while (pi >= 0 && cont[pi]) pi--;
    const next = p.lines[ni];
    const prev = p.lines[pi];
    let before = 0;
    for (let k = 0; k < idx && before < 2; k++) if (!cont[k]) before++;
    let after = 0;
    for (let k = idx + 1; k < n && after < 2; k++) if (!cont[k]) after++;
    if (before < 2 && l.y > p.height * 0.86 && (!next || l.y - next.y >= l.size * 1.8)) return 'top';
    if (after < 2 && l.y < p.height * 0.12 && (!prev || prev.y - l.y >= l.size * 1.8)) return 'bottom';
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
        // A running header ending in this page's number ("Blue Rev. 02/12/26  23."), even if seen only here.
        const num = z === 'top' ? /\s(\d{1,4})\.?$/.exec(core) : null;
        if (num && Number(num[1]) <= p.page && Number(num[1]) >= p.page - 3 && core.length <= 80) return;
        // A scene heading opening many pages is script, however often its shape repeats.
        if ((counts.get(`${z}|${furnitureKey(l.text)}`) ?? 0) >= repeatMin && !parseHeading(core)) return;
      }
      if (CONTINUED_RE.test(core) && /CONTINUED/i.test(core)) return;
      if (core.length === 0) return;
      lines.push({ ...l, ...stripped, core });
    });
    return { page: p.page, width: p.width, height: p.height, lines, more };
  });
}
