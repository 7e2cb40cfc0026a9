// The first pass of classification (classify.ts): learns a document's layout from all its body lines — line
// height, character width, the action margin, cue and dialogue columns, screenplay or flat (Word-style) layout,
// names used as cues — and answers the line-level questions the second pass asks (is this a cue, a heading).
import type { BodyLine, BodyPage } from './furniture.ts';
import {
  type HeadingParts,
  isCard,
  isNameText,
  isShot,
  isTransition,
  nameKey,
  parseBareSlug,
  parseHeading,
  splitCue,
} from './patterns.ts';

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The most frequent value after bucketing by `step` (a weighted mode of positions). */
function mode(xs: number[], step: number): number | null {
  if (xs.length === 0) return null;
  const counts = new Map<number, number[]>();
  for (const x of xs) {
    const k = Math.round(x / step);
    const arr = counts.get(k) ?? [];
    arr.push(x);
    counts.set(k, arr);
  }
  let best: number[] = [];
  let bestScore = -1;
  for (const [k, arr] of counts) {
    // Neighbouring buckets vote too, so a column split across a bucket edge still wins.
    const score = arr.length + 0.5 * ((counts.get(k - 1)?.length ?? 0) + (counts.get(k + 1)?.length ?? 0));
    if (score > bestScore) {
      bestScore = score;
      best = arr;
    }
  }
  return median(best);
}

/**
 * Single line spacing: the smallest baseline step that is common. Not the most common one: in scripts of
 * one-line paragraphs the blank-line step (two lines) is the most frequent.
 */
function singleSpacing(steps: number[], fontSize: number): number {
  if (steps.length === 0) return fontSize * 1.2;
  const counts = new Map<number, number>();
  for (const s of steps) counts.set(Math.round(s * 2), (counts.get(Math.round(s * 2)) ?? 0) + 1);
  const min = steps.length < 60 ? 1 : Math.max(3, steps.length * 0.05);
  const common = [...counts.entries()]
    .filter(
      ([k, n]) => n + (counts.get(k - 1) ?? 0) + (counts.get(k + 1) ?? 0) >= min && k / 2 >= fontSize * 0.8,
    )
    .map(([k]) => k / 2);
  if (common.length === 0) return mode(steps, 0.5) ?? fontSize * 1.2;
  const smallest = Math.min(...common);
  return median(steps.filter((s) => Math.abs(s - smallest) <= 0.75));
}

const INLINE_CUE_RE = /^([^:()]{1,40}?)\s*((?:\([^)]*\)\s*)*)\s*[:：]\s*(.*)$/u;
/** "RAHUL – Kya hua?": a dash instead of a colon, accepted for capitalised names used so at least twice. */
const INLINE_DASH_RE = /^([^:()\-–—]{1,40}?)\s*((?:\([^)]*\)\s*)*)\s+[-–—]{1,2}\s+(.*)$/u;

export interface Ctx {
  layout: 'screenplay' | 'flat';
  actionX: number;
  charW: number;
  lineH: number;
  dialogueX: number | null;
  cueX: number | null;
  pageWidth: number;
  inlineNames: Set<string>;
  /** Capitalised names ("Rahul") standing on their own line above dialogue at least twice. */
  ownLineNames: Set<string>;
}

export function isCueLine(l: BodyLine, next: BodyLine | undefined, ctx: Ctx): boolean {
  const text = l.core;
  if (parseHeading(text) || isTransition(text) || isShot(text) || isCard(text)) return false;
  const { name } = splitCue(text);
  if (!isNameText(name, true) && !(ctx.layout === 'flat' && ctx.ownLineNames.has(nameKey(name))))
    return false;
  if (!next || next.page !== l.page) return false;
  const gap = (l.y - next.y) / ctx.lineH;
  if (gap > 1.6 || gap < 0.5) return false;
  if (parseHeading(next.core)) return false;
  if (ctx.layout === 'screenplay') {
    if (l.x < ctx.actionX + 3 * ctx.charW) return false;
    // Right-aligned capitals ending in a colon are transitions, not cues.
    if (/:$/.test(text) && l.x > ctx.pageWidth * 0.55) return false;
    if (next.x < ctx.actionX + 1.5 * ctx.charW) return false;
    return true;
  }
  // Flat layout: the name stands alone and is followed at once by text that is not itself a name.
  if (next.core.length > 0 && isNameText(splitCue(next.core).name, true)) return false;
  return true;
}

export function inlineCue(l: BodyLine, ctx: Ctx): { cue: string; name: string; rest: string } | null {
  const colon = INLINE_CUE_RE.exec(l.core);
  const dash = colon ? null : INLINE_DASH_RE.exec(l.core);
  const m = colon ?? dash;
  if (!m) return null;
  const name = m[1]!.trim();
  const rest = m[3]!.trim();
  if (!isNameText(name, false)) return null;
  if (dash && (!isNameText(name, true) || !ctx.inlineNames.has(nameKey(name)))) return null;
  if (!isNameText(name, true) && !ctx.inlineNames.has(nameKey(name))) return null;
  if (isShot(`${name}:`) || isTransition(`${name.toUpperCase()}:`)) return null;
  return { cue: `${name}${m[2] ? ` ${m[2].trim()}` : ''}`, name, rest };
}

export function headingOf(l: BodyLine, prevGap: number, nextGap: number, ctx: Ctx): HeadingParts | null {
  const h = parseHeading(l.core);
  if (h) {
    if (ctx.layout === 'screenplay' && l.x > ctx.actionX + 12 * ctx.charW) return null;
    return h.number === null && l.marginNumber ? { ...h, number: l.marginNumber } : h;
  }
  // A slug without INT./EXT. counts only when set apart at the action margin.
  if (prevGap > 1.6 && nextGap > 1.6 && Math.abs(l.x - ctx.actionX) < 2 * ctx.charW) {
    const b = parseBareSlug(l.core);
    if (b) return l.marginNumber ? { ...b, number: l.marginNumber } : b;
  }
  return null;
}

export interface Learned {
  /** The body lines of every page from the first body page on, in reading order. */
  lines: BodyLine[];
  ctx: Ctx;
  /** Top and bottom of the text body (PDF y), learned across pages. */
  bodyTop: number;
  bodyBottom: number;
}

/** Learns the document's columns from its body lines (the first pass of classify). */
export function learnLayout(
  pages: BodyPage[],
  firstBodyPage: number,
  opts: { layout?: 'screenplay' | 'flat' } = {},
): Learned {
  const lines: BodyLine[] = [];
  for (const p of pages) if (p.page >= firstBodyPage) lines.push(...p.lines);
  const pageWidth = median(pages.map((p) => p.width)) || 612;

  // Line height: the most common baseline step between consecutive lines.
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.page === b.page) {
      const d = a.y - b.y;
      if (d > a.size * 0.6 && d < a.size * 3) steps.push(d);
    }
  }
  const sizes = median(lines.map((l) => l.size)) || 12;
  const lineH = singleSpacing(steps, sizes);
  const charWs = lines
    .filter((l) => l.segments.length === 1 && l.text.length >= 8)
    .map((l) => (l.xEnd - l.x) / [...l.text].length);
  const charW = median(charWs) || sizes * 0.6;

  // The action margin: where scene headings start, else the leftmost well-used column.
  const headingXs = lines.filter((l) => parseHeading(l.core)).map((l) => l.coreSegments[0]?.x ?? l.x);
  let actionX = headingXs.length >= 2 ? mode(headingXs, charW) : null;
  if (actionX === null) {
    const xs = lines.map((l) => l.x);
    const buckets = new Map<number, number>();
    for (const x of xs) buckets.set(Math.round(x / charW), (buckets.get(Math.round(x / charW)) ?? 0) + 1);
    const keys = [...buckets.entries()].filter(([, n]) => n >= xs.length * 0.1).map(([k]) => k);
    actionX = keys.length ? Math.min(...keys) * charW : (mode(xs, charW) ?? 72);
  }

  // Cue candidates: capitalised names followed at once by more text. Indented ones mean a screenplay layout.
  let indented = 0;
  let flat = 0;
  const dialogueXs: number[] = [];
  const cueXs: number[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!;
    const next = lines[i + 1]!;
    if (next.page !== l.page) continue;
    const gap = (l.y - next.y) / lineH;
    if (gap > 1.6 || gap < 0.5) continue;
    const { name } = splitCue(l.core);
    if (!isNameText(name, true) || parseHeading(l.core)) continue;
    if (l.x >= actionX + 3 * charW && next.x >= actionX + 1.5 * charW && next.x < l.x + charW) {
      indented++;
      cueXs.push(l.x);
      if (!next.core.startsWith('(')) dialogueXs.push(next.x);
    } else if (Math.abs(l.x - actionX) < 2 * charW) {
      flat++;
    }
  }
  // Word-style `Name: dialogue` lines: names used that way at least twice.
  const inlineCounts = new Map<string, number>();
  for (const l of lines) {
    const m = INLINE_CUE_RE.exec(l.core);
    const d = m ? null : INLINE_DASH_RE.exec(l.core);
    if ((m && isNameText(m[1]!.trim(), false)) || (d && isNameText(d[1]!.trim(), true))) {
      const k = nameKey((m ?? d)![1]!.trim());
      inlineCounts.set(k, (inlineCounts.get(k) ?? 0) + 1);
    }
  }
  const ownLineCounts = new Map<string, number>();
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i]!;
    const next = lines[i + 1]!;
    const gap = (l.y - next.y) / lineH;
    if (next.page !== l.page || gap > 1.6 || gap < 0.5) continue;
    const { name } = splitCue(l.core);
    if (name.split(/\s+/).length > 3 || !isNameText(name, false) || isNameText(name, true)) continue;
    if (isNameText(splitCue(next.core).name, false)) continue;
    const k = nameKey(name);
    ownLineCounts.set(k, (ownLineCounts.get(k) ?? 0) + 1);
  }
  const ownLineNames = new Set([...ownLineCounts].filter(([, n]) => n >= 2).map(([k]) => k));
  const inlineNames = new Set([...inlineCounts].filter(([, n]) => n >= 2).map(([k]) => k));
  const inlineTotal = [...inlineCounts.values()].filter((n) => n >= 2).reduce((a, b) => a + b, 0);
  const layout: 'screenplay' | 'flat' =
    opts.layout ?? (indented > 0 && indented >= (flat + inlineTotal) * 0.5 ? 'screenplay' : 'flat');
  const ctx: Ctx = {
    layout,
    actionX,
    charW,
    lineH,
    dialogueX: mode(dialogueXs, charW),
    cueX: mode(cueXs, charW),
    pageWidth,
    inlineNames,
    ownLineNames,
  };

  // The text body's extent, for page eighths and page-break continuations.
  const full = pages.filter((p) => p.page >= firstBodyPage && p.lines.length > 5);
  const tops = full.map((p) => p.lines[0]!.y);
  const bottoms = full.map((p) => p.lines[p.lines.length - 1]!.y);
  const bodyTop = tops.length ? Math.max(...tops.filter((t) => t <= median(tops) + lineH)) : 720;
  const bodyBottom = bottoms.length
    ? Math.min(...bottoms.filter((b) => b >= median(bottoms) - 3 * lineH))
    : 72;

  return { lines, ctx, bodyTop, bodyBottom };
}
