import type { Line, RawItem, Segment } from './types.ts';

/**
 * Groups positioned text items into visual lines: items whose baselines lie within 40% of the font size
 * share a line; within a line, a gap wider than ~1.5 characters starts a new segment (dual dialogue,
 * margin scene numbers, revision asterisks) and a smaller visible gap becomes a space.
 */
export function buildLines(items: RawItem[], page: number): Line[] {
  // Whitespace-only items are pdf.js's stand-ins for gaps; the gaps themselves are measured from positions.
  const usable = items.filter((it) => it.size > 0 && it.str.trim().length > 0);
  usable.sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: RawItem[][] = [];
  let current: RawItem[] = [];
  let lineY = Number.NaN;
  for (const it of usable) {
    if (current.length > 0 && Math.abs(it.y - lineY) <= Math.max(it.size, current[0]!.size) * 0.4) {
      current.push(it);
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [it];
    lineY = it.y;
  }
  if (current.length > 0) groups.push(current);

  const lines: Line[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    const segments: Segment[] = [];
    let seg: Segment | null = null;
    let prevCharW = 0;
    let size = 0;
    for (const it of g) {
      size = Math.max(size, it.size);
      const n = [...it.str].length;
      const charW = n > 0 && it.width > 0 ? it.width / n : it.size * 0.5;
      if (seg) {
        const gap = it.x - seg.xEnd;
        const unit = Math.max(prevCharW, charW, it.size * 0.3);
        if (gap < -charW * 0.5) {
          // Overprinting (fake bold prints a run twice, a fraction of a point apart): text never runs
          // back over itself, so keep only the part of this item beyond what is already placed.
          const skip = Math.round((seg.xEnd - it.x) / charW);
          const rest = [...it.str].slice(skip).join('');
          if (rest.trim()) {
            seg.text += rest;
            seg.xEnd = Math.max(seg.xEnd, it.x + it.width);
          }
          prevCharW = charW;
          continue;
        }
        if (gap > unit * 1.6) {
          segments.push(seg);
          seg = null;
        } else {
          const needsSpace = gap > unit * 0.25 && !/\s$/.test(seg.text) && !/^\s/.test(it.str);
          seg.text += (needsSpace ? ' ' : '') + it.str;
          seg.xEnd = Math.max(seg.xEnd, it.x + it.width);
        }
      }
      if (!seg) {
        // Leading spaces shift the first glyph right: measure x from the first visible character.
        const lead = it.str.length - it.str.trimStart().length;
        seg = { x: it.x + lead * charW, xEnd: it.x + it.width, text: it.str };
      }
      prevCharW = charW;
    }
    if (seg) segments.push(seg);
    const clean = segments
      .map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ').trim() }))
      .filter((s) => s.text.length > 0);
    if (clean.length === 0) continue;
    lines.push({
      page,
      y: g[0]!.y,
      x: clean[0]!.x,
      xEnd: clean[clean.length - 1]!.xEnd,
      size,
      text: clean.map((s) => s.text).join(' '),
      segments: clean,
    });
  }
  return lines;
}
