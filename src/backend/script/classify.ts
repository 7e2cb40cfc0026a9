import type { BodyLine, BodyPage } from './furniture.ts';
import { isLocationLine, isNumberOnly, joinHeading, parseTimeInterior } from './headings.ts';
import {
  type HeadingParts,
  isCard,
  isContinuedExtension,
  isNameText,
  isShot,
  isTransition,
  nameKey,
  parseBareSlug,
  parseHeading,
  splitCue,
} from './patterns.ts';

export interface Rect {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Element =
  | { kind: 'heading'; parts: HeadingParts; page: number; y: number; revised: boolean }
  | { kind: 'action'; text: string; page: number; y: number; endPage: number; endY: number; revised: boolean }
  | { kind: 'transition' | 'shot' | 'card'; text: string; page: number; y: number }
  | {
      kind: 'speech';
      cue: string;
      name: string;
      dialogue: string[];
      parentheticals: string[];
      dual: boolean;
      page: number;
      y: number;
      endPage: number;
      endY: number;
      rects: Rect[];
      revised: boolean;
    };

export type SpeechElement = Extract<Element, { kind: 'speech' }>;

export interface Classified {
  layout: 'screenplay' | 'flat';
  elements: Element[];
  lineHeight: number;
  /** Top and bottom of the text body (PDF y), learned across pages, for lengths in eighths. */
  bodyTop: number;
  bodyBottom: number;
}

function median(xs: number[]): number {
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

function rectOf(l: BodyLine, x = l.x, xEnd = l.xEnd): Rect {
  return { page: l.page, x, y: l.y - l.size * 0.25, w: Math.max(1, xEnd - x), h: l.size * 1.15 };
}

const INLINE_CUE_RE = /^([^:()]{1,40}?)\s*((?:\([^)]*\)\s*)*)\s*[:：]\s*(.*)$/u;
/** "RAHUL – Kya hua?": a dash instead of a colon, accepted for capitalised names used so at least twice. */
const INLINE_DASH_RE = /^([^:()\-–—]{1,40}?)\s*((?:\([^)]*\)\s*)*)\s+[-–—]{1,2}\s+(.*)$/u;

interface Ctx {
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

function isCueLine(l: BodyLine, next: BodyLine | undefined, ctx: Ctx): boolean {
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

function inlineCue(l: BodyLine, ctx: Ctx): { cue: string; name: string; rest: string } | null {
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

function headingOf(l: BodyLine, prevGap: number, nextGap: number, ctx: Ctx): HeadingParts | null {
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

/** Learns the document's columns and classifies every body line into screenplay elements. */
export function classify(
  pages: BodyPage[],
  firstBodyPage: number,
  opts: { layout?: 'screenplay' | 'flat' } = {},
): Classified {
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

  const elements: Element[] = [];
  const morePages = new Set(pages.filter((p) => p.more).map((p) => p.page));
  let speech: SpeechElement | null = null;
  let dual: { left: SpeechElement; right: SpeechElement; split: number } | null = null;
  let inParen = false;
  let action: Extract<Element, { kind: 'action' }> | null = null;
  // A shot or card set in capitals may wrap onto more capital lines ("INSERT - THE LETTER" / "IN HER HAND").
  let block: Extract<Element, { kind: 'transition' | 'shot' | 'card' }> | null = null;
  let headingLine = -2;

  const gapBefore = (i: number): number => {
    const a = lines[i - 1];
    const b = lines[i]!;
    if (!a || a.page !== b.page) return Number.POSITIVE_INFINITY;
    return (a.y - b.y) / lineH;
  };
  const addDialogue = (sp: SpeechElement, text: string, rect: Rect) => {
    const t = text.trim();
    if (!t) return;
    const close = t.indexOf(')');
    if (!inParen && t.startsWith('(') && close > 0 && close < t.length - 1) {
      // "(beat) Then the line goes on": a direction inside the dialogue; word counts skip the brackets.
      sp.dialogue.push(t);
    } else if (inParen || t.startsWith('(')) {
      sp.parentheticals.push(t);
      inParen = !/\)\s*$/.test(t);
    } else {
      sp.dialogue.push(t);
    }
    sp.rects.push(rect);
    sp.endPage = rect.page;
    sp.endY = rect.y;
  };
  const newSpeech = (cue: string, l: BodyLine, rect: Rect, isDual: boolean): SpeechElement => {
    const { name } = splitCue(cue);
    const sp: SpeechElement = {
      kind: 'speech',
      cue: cue.replace(/\s+/g, ' ').trim(),
      name,
      dialogue: [],
      parentheticals: [],
      dual: isDual,
      page: l.page,
      y: l.y,
      endPage: l.page,
      endY: l.y,
      rects: [rect],
      revised: l.revised,
    };
    elements.push(sp);
    inParen = false;
    return sp;
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const next = lines[i + 1];
    const gap = gapBefore(i);
    const nextGap = next && next.page === l.page ? (l.y - next.y) / lineH : Number.POSITIVE_INFINITY;
    const pageStart = gap === Number.POSITIVE_INFINITY;
    const tight = gap <= 1.6;
    const text = l.core;

    // A row of a two-column layout: the name cell beside it starts a speech (twocol.ts found it).
    if (l.cell) {
      action = null;
      block = null;
      dual = null;
      speech = newSpeech(l.cell, l, rectOf(l), false);
      speech.rects.length = 0;
      addDialogue(speech, text, rectOf(l));
      continue;
    }

    // A heading that wraps onto the next line, on this page or across the break, takes that line.
    const prevEl = elements[elements.length - 1];
    if (prevEl?.kind === 'heading' && headingLine === i - 1 && (tight || pageStart)) {
      const ti = isNumberOnly(prevEl.parts) ? parseTimeInterior(text) : null;
      if (ti) {
        const loc =
          next && next.page === l.page && nextGap <= 1.6 && isLocationLine(next.core) ? next.core : '';
        prevEl.parts = {
          ...prevEl.parts,
          heading: [prevEl.parts.heading, text, loc].filter(Boolean).join(' - '),
          interior: ti.interior,
          timeOfDay: ti.timeOfDay,
          location: loc,
        };
        headingLine = loc ? i + 1 : i;
        if (loc) i++;
        continue;
      }
      const joined = joinHeading(prevEl.parts, text);
      if (joined) {
        prevEl.parts = joined;
        headingLine = i;
        continue;
      }
    }
    // "Day, Interiors" over a location line: a heading in two lines.
    const ti = parseTimeInterior(text);
    if (ti && next && next.page === l.page && nextGap <= 1.6 && isLocationLine(next.core)) {
      speech = null;
      dual = null;
      action = null;
      block = null;
      const parts: HeadingParts = {
        number: ti.number ?? l.marginNumber,
        heading: `${text} - ${next.core}`,
        interior: ti.interior,
        location: next.core,
        timeOfDay: ti.timeOfDay,
      };
      elements.push({ kind: 'heading', parts, page: l.page, y: l.y, revised: l.revised });
      headingLine = i + 1;
      i++;
      continue;
    }

    const heading = headingOf(l, gap, nextGap, ctx);
    if (!heading && block && tight && !/\p{Ll}/u.test(text)) {
      block.text += ` ${text}`;
      continue;
    }
    block = null;
    if (heading) {
      speech = null;
      dual = null;
      action = null;
      // "Scene 12" on its own line, then the slug ("INT. FLAT - DAY"): one heading with that number.
      const last = elements[elements.length - 1];
      if (
        last?.kind === 'heading' &&
        isNumberOnly(last.parts) &&
        (heading.number === null || heading.number === last.parts.number) &&
        !isNumberOnly(heading)
      ) {
        last.parts = { ...heading, number: last.parts.number };
        headingLine = i;
        continue;
      }
      elements.push({ kind: 'heading', parts: heading, page: l.page, y: l.y, revised: l.revised });
      headingLine = i;
      continue;
    }

    // Dual dialogue: two cues side by side, then two columns until a blank line.
    if (dual && tight) {
      for (const s of l.coreSegments) {
        const side = s.x < dual.split ? dual.left : dual.right;
        addDialogue(side, s.text, rectOf(l, s.x, s.xEnd));
      }
      if (l.revised) dual.left.revised = true;
      continue;
    }
    dual = null;
    if (ctx.layout === 'screenplay' && l.coreSegments.length >= 2 && next && next.page === l.page) {
      const a = l.coreSegments[0]!;
      const b = l.coreSegments[l.coreSegments.length - 1]!;
      if (
        b.x - a.x > pageWidth * 0.25 &&
        isNameText(splitCue(a.text).name, true) &&
        isNameText(splitCue(b.text).name, true) &&
        nextGap <= 1.6
      ) {
        action = null;
        const left = newSpeech(a.text, l, rectOf(l, a.x, a.xEnd), true);
        const right = newSpeech(b.text, l, rectOf(l, b.x, b.xEnd), true);
        dual = { left, right, split: (a.x + b.x) / 2 - charW };
        speech = right;
        continue;
      }
    }

    // A cue repeated at the top of a page after (MORE) continues the same speech.
    if (pageStart && speech && isCueLine(l, next, ctx)) {
      const { name, extensions } = splitCue(text);
      // Where the document marks page-split speeches with (MORE), only (MORE) means a continuation;
      // otherwise a (CONT'D) cue right at the top of the page does.
      const continued =
        morePages.has(l.page - 1) ||
        (morePages.size === 0 &&
          ctx.layout === 'screenplay' &&
          speech.endY <= bodyBottom + lineH * 0.6 &&
          extensions.some(isContinuedExtension));
      if (continued && nameKey(name) === nameKey(speech.name) && speech.endPage === l.page - 1) {
        speech.rects.push(rectOf(l));
        inParen = false;
        continue;
      }
    }

    if (speech && !isTransition(text)) {
      const indentedLine = l.x >= ctx.actionX + 1.5 * charW;
      let continues = false;
      if (ctx.layout === 'screenplay') {
        if (tight && indentedLine) continues = true;
        else if (pageStart && indentedLine && speech.endPage === l.page - 1 && !isCueLine(l, next, ctx))
          continues = true;
        else if (
          !tight &&
          !pageStart &&
          ctx.dialogueX !== null &&
          // Dialogue column, or a parenthetical between it and the cues (double-spaced multi-camera scripts).
          (Math.abs(l.x - ctx.dialogueX) < charW ||
            (text.startsWith('(') && l.x > ctx.dialogueX && (ctx.cueX === null || l.x < ctx.cueX - charW))) &&
          !isCueLine(l, next, ctx) &&
          elements[elements.length - 1] === speech
        )
          continues = true; // a second paragraph of the same speech
      } else if (!isCueLine(l, next, ctx) && !inlineCue(l, ctx)) {
        if (tight) continues = true;
        else if (pageStart && speech.endPage === l.page - 1 && elements[elements.length - 1] === speech) {
          // Word flows a speech over the page break: only when it ran to the last line of the body
          // and stopped mid-sentence (a page that ends on a full stop more likely ends the speech).
          const lastText = speech.dialogue[speech.dialogue.length - 1] ?? '';
          if (speech.endY <= bodyBottom + lineH * 0.6 && !/[.?!…।॥"”)]$/.test(lastText)) continues = true;
        }
      }
      if (continues) {
        addDialogue(speech, text, rectOf(l));
        if (l.revised) speech.revised = true;
        continue;
      }
      speech = null;
    }

    if (isTransition(text) && (ctx.layout === 'flat' || l.x >= actionX - charW)) {
      action = null;
      elements.push({ kind: 'transition', text, page: l.page, y: l.y });
      continue;
    }

    if (isCueLine(l, next, ctx)) {
      action = null;
      speech = newSpeech(text, l, rectOf(l), false);
      continue;
    }

    if (ctx.layout === 'flat') {
      const inl = inlineCue(l, ctx);
      if (inl) {
        action = null;
        speech = newSpeech(inl.cue, l, rectOf(l), false);
        if (inl.rest) {
          const paren = /^(\([^)]*\))\s*(.*)$/.exec(inl.rest);
          if (paren) {
            speech.parentheticals.push(paren[1]!);
            if (paren[2]) speech.dialogue.push(paren[2]);
          } else speech.dialogue.push(inl.rest);
        }
        continue;
      }
    }

    const card = isCard(text);
    if (card || isShot(text)) {
      action = null;
      block = { kind: card ? 'card' : 'shot', text, page: l.page, y: l.y };
      elements.push(block);
      continue;
    }

    if (action && tight) {
      action.text += ` ${text}`;
      action.endPage = l.page;
      action.endY = l.y;
      if (l.revised) action.revised = true;
      continue;
    }
    action = { kind: 'action', text, page: l.page, y: l.y, endPage: l.page, endY: l.y, revised: l.revised };
    elements.push(action);
  }

  return { layout, elements, lineHeight: lineH, bodyTop, bodyBottom };
}
