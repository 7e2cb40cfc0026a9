// The hybrid logical clock shared by server and desktop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareHlc,
  firstDrifted,
  formatHlc,
  HlcError,
  hlcReceive,
  hlcSend,
  isHlc,
  MAX_DRIFT_MS,
  makeHlc,
  parseHlc,
} from '../../src/shared/sync/hlc.ts';

const NODE_A = '00000000000000aa';
const NODE_B = '00000000000000bb';
const T0 = Date.UTC(2026, 10, 25, 7, 0, 0);

describe('hlc', () => {
  it('formats to 46 sortable chars and parses back', () => {
    const h = makeHlc(T0, 255, NODE_A);
    const s = formatHlc(h);
    expect(s).toBe('2026-11-25T07:00:00.000Z-00ff-00000000000000aa');
    expect(s).toHaveLength(46);
    expect(parseHlc(s)).toEqual(h);
  });

  it('rejects malformed and impossible timestamps', () => {
    expect(isHlc('2026-02-30T00:00:00.000Z-0000-00000000000000aa')).toBe(false);
    expect(isHlc('2026-11-25T07:00:00.000Z-0000-00000000000000AA')).toBe(false);
    expect(isHlc('nope')).toBe(false);
    expect(isHlc('2028-02-29T23:59:59.999Z-0000-00000000000000aa')).toBe(true); // leap year
    expect(isHlc('2100-02-29T00:00:00.000Z-0000-00000000000000aa')).toBe(false); // not one
    expect(isHlc('2026-11-25T24:00:00.000Z-0000-00000000000000aa')).toBe(false);
    expect(() => makeHlc(T0, 0x10000, NODE_A)).toThrow(HlcError);
  });

  it('send is strictly increasing even when the wall clock stands still or goes back', () => {
    let h = makeHlc(T0, 0, NODE_A);
    const seen: string[] = [formatHlc(h)];
    for (const now of [T0, T0, T0 - 5000, T0 + 1, T0 + 1]) {
      h = hlcSend(h, now);
      seen.push(formatHlc(h));
    }
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('receive orders later local events after the remote one', () => {
    const local = makeHlc(T0, 3, NODE_A);
    const remote = makeHlc(T0 + 1000, 7, NODE_B);
    const merged = hlcReceive(local, remote, T0);
    expect(compareHlc(formatHlc(merged), formatHlc(remote))).toBe(1);
    expect(merged.node).toBe(NODE_A);
    expect(compareHlc(formatHlc(hlcSend(merged, T0)), formatHlc(remote))).toBe(1);
  });

  it('finds the first timestamp beyond the drift limit by string comparison', () => {
    const at = (ms: number) => formatHlc(makeHlc(ms, 0, NODE_A));
    expect(firstDrifted([at(T0), at(T0 + MAX_DRIFT_MS)], T0)).toBe(-1);
    expect(firstDrifted([at(T0), at(T0 + MAX_DRIFT_MS + 1), at(T0 + MAX_DRIFT_MS + 2)], T0)).toBe(1);
  });

  it('agrees with a full parse on validity (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(isHlc(formatHlc(makeHlc(ms, 1, NODE_B)))).toBe(true);
      }),
      { seed: 20261207 },
    );
  });

  it('refuses a remote clock beyond the drift limit with code clock_drift', () => {
    const local = makeHlc(T0, 0, NODE_A);
    const remote = makeHlc(T0 + MAX_DRIFT_MS + 1, 0, NODE_B);
    try {
      hlcReceive(local, remote, T0);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HlcError);
      expect((e as HlcError).code).toBe('clock_drift');
    }
  });

  it('string order equals (time, counter, node) order (property)', () => {
    const arb = fc.record({
      millis: fc.integer({ min: 0, max: 253_402_300_799_999 }),
      counter: fc.integer({ min: 0, max: 0xffff }),
      node: fc.stringMatching(/^[0-9a-f]{16}$/),
    });
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const tuple =
          Math.sign(a.millis - b.millis) ||
          Math.sign(a.counter - b.counter) ||
          (a.node < b.node ? -1 : a.node > b.node ? 1 : 0);
        expect(compareHlc(formatHlc(a), formatHlc(b))).toBe(tuple);
      }),
      { numRuns: 500, seed: 20261207 },
    );
  });
});
