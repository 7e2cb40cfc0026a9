import { describe, expect, it } from 'vitest';
import { buildLines } from '../../src/backend/script/lines.ts';
import type { RawItem } from '../../src/backend/script/types.ts';

const item = (str: string, x: number, y: number, size = 12): RawItem => ({
  str,
  x,
  y,
  width: str.length * size * 0.6,
  size,
});

describe('buildLines', () => {
  it('groups items by baseline, top to bottom, left to right', () => {
    const lines = buildLines(
      [item('world', 150, 700.4), item('second', 108, 688), item('hello', 108, 700)],
      1,
    );
    expect(lines.map((l) => l.text)).toEqual(['hello world', 'second']);
    expect(lines[0]!.x).toBe(108);
  });

  it('joins word-by-word output with spaces and splits wide gaps into segments', () => {
    const words = buildLines([item('Kya', 180, 600), item('hua?', 180 + 3 * 7.2 + 3, 600)], 1);
    expect(words[0]!.text).toBe('Kya hua?');
    expect(words[0]!.segments).toHaveLength(1);
    const dual = buildLines([item('RAHUL', 172, 500), item('PRIYA', 389, 500)], 1);
    expect(dual[0]!.segments.map((s) => s.text)).toEqual(['RAHUL', 'PRIYA']);
  });

  it('drops fake-bold duplicates and blank items, measures x from the first glyph', () => {
    const lines = buildLines(
      [
        item('INT. HOUSE - DAY', 108, 700),
        item('INT. HOUSE - DAY', 108.4, 700),
        item('   ', 300, 690),
        item('  RAHUL', 252, 680),
      ],
      1,
    );
    expect(lines.map((l) => l.text)).toEqual(['INT. HOUSE - DAY', 'RAHUL']);
    expect(lines[1]!.x).toBeCloseTo(252 + 2 * 7.2, 5);
  });
});
