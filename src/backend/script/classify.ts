// The second pass of script classification: walks every body line with the layout layout.ts learned and builds
// screenplay elements (headings, action, speeches with their cues, dialogue and parentheticals, dual dialogue).
import type { BodyLine, BodyPage } from './furniture.ts';
import { isLocationLine, isNumberOnly, joinHeading, parseTimeInterior } from './headings.ts';
import { headingOf, inlineCue, isCueLine, learnLayout } from './layout.ts';
import {
  type HeadingParts,
  isCard,
  isContinuedExtension,
  isNameText,
  isShot,
  isTransition,
  nameKey,
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

function rectOf(l: BodyLine, x = l.x, xEnd = l.xEnd): Rect {
  return { page: l.page, x, y: l.y - l.size * 0.25, w: Math.max(1, xEnd - x), h: l.size * 1.15 };
}

/** Learns the document's columns and classifies every body line into screenplay elements. */
export function classify(
  pages: BodyPage[],
  firstBodyPage: number,
  opts: { layout?: 'screenplay' | 'flat' } = {},
): Classified {
  const { lines, ctx, bodyTop, bodyBottom } = learnLayout(pages, firstBodyPage, opts);
  const { layout, lineH, charW, actionX, pageWidth } = ctx;

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
