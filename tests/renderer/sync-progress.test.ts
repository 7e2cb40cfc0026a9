import { describe, expect, it } from 'vitest';
import { formatBytes, formatTimeLeft, progressText } from '../../src/renderer/src/sync/progress-format.ts';

describe('the sync progress line', () => {
  it('reads as "12,345 of 100,000 changes · 3.1 MB · about 40 s left"', () => {
    expect(
      progressText({ done: 12_345, total: 100_000, cells: 12_000, bytes: 3_080_000, secondsLeft: 40 }),
    ).toBe('12,345 of 100,000 changes · 3.1 MB · about 40 s left');
  });

  it('leaves the time out until there is a pace, and words long waits in minutes and hours', () => {
    expect(progressText({ done: 0, total: 10, cells: 0, bytes: 0, secondsLeft: null })).toBe(
      '0 of 10 changes · 0 B',
    );
    expect(formatTimeLeft(0.2)).toBe('about 1 s left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatTimeLeft(2 * 3600 + 5 * 60)).toBe('about 2 h 5 min left');
  });

  it('counts bytes in thousands', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
  });
});
