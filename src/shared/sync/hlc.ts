// Hybrid logical clock (HLC) for last-writer-wins per cell. Runtime-neutral: the caller supplies "now".
//
// Wire form (46 chars, sorts as a plain string):  2026-11-25T07:27:37.123Z-0001-0123456789abcdef
//   wall-clock milliseconds (ISO 8601, UTC) - counter (4 hex) - node id (16 hex, one per device)
// Compare two HLC strings with `<`/`>` (byte order); equal strings are the same event.

export const HLC_LENGTH = 46;
export const HLC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[0-9a-f]{16}$/;
/** How far ahead of the receiver's clock a timestamp may be before it is refused. */
export const MAX_DRIFT_MS = 5 * 60_000;
export const MAX_COUNTER = 0xffff;
const NODE_PATTERN = /^[0-9a-f]{16}$/;

export interface Hlc {
  readonly millis: number;
  readonly counter: number;
  readonly node: string;
}

export type HlcErrorCode = 'clock_drift' | 'hlc_overflow' | 'hlc_invalid';

export class HlcError extends Error {
  readonly code: HlcErrorCode;
  constructor(code: HlcErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'HlcError';
  }
}

export function makeHlc(millis: number, counter: number, node: string): Hlc {
  if (!Number.isInteger(millis) || millis < 0 || millis > 253_402_300_799_999) {
    throw new HlcError('hlc_invalid', `HLC time out of range: ${millis}`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new HlcError('hlc_overflow', `HLC counter out of range: ${counter}`);
  }
  if (!NODE_PATTERN.test(node)) throw new HlcError('hlc_invalid', `HLC node must be 16 lowercase hex chars`);
  return { millis, counter, node };
}

export function formatHlc(h: Hlc): string {
  return `${new Date(h.millis).toISOString()}-${h.counter.toString(16).padStart(4, '0')}-${h.node}`;
}

export function parseHlc(s: string): Hlc {
  if (s.length !== HLC_LENGTH || !HLC_PATTERN.test(s)) throw new HlcError('hlc_invalid', `Not an HLC: ${s}`);
  const millis = Date.parse(s.slice(0, 24));
  // Date.parse accepts some impossible dates (e.g. Feb 30) by rolling over: reject what does not round-trip.
  if (Number.isNaN(millis) || new Date(millis).toISOString() !== s.slice(0, 24)) {
    throw new HlcError('hlc_invalid', `Not a valid HLC time: ${s}`);
  }
  return { millis, counter: Number.parseInt(s.slice(25, 29), 16), node: s.slice(30) };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digits = (s: string, from: number, to: number) => Number(s.slice(from, to));

/** Shape and calendar check without allocating a Date (it runs for every cell of every push). */
export function isHlc(s: string): boolean {
  if (s.length !== HLC_LENGTH || !HLC_PATTERN.test(s)) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= maxDay && digits(s, 11, 13) < 24 && digits(s, 14, 16) < 60 && digits(s, 17, 19) < 60;
}

/**
 * Index of the first HLC more than `maxDriftMs` ahead of `now`, or -1. Compares strings (same order as time),
 * so a push of thousands of cells costs one Date format, not thousands of parses.
 */
export function firstDrifted(hlcs: readonly string[], now: number, maxDriftMs = MAX_DRIFT_MS): number {
  const limit = new Date(now + maxDriftMs).toISOString();
  for (let i = 0; i < hlcs.length; i++) if (hlcs[i]!.slice(0, 24) > limit) return i;
  return -1;
}

/** The wall-clock part of an HLC string, in ms since the epoch (cheap: no full parse). */
export function hlcMillis(s: string): number {
  return Date.parse(s.slice(0, 24));
}

/** Refuses a timestamp more than `maxDriftMs` ahead of `now`: a clock that far ahead would win every conflict. */
export function assertNoDrift(millis: number, now: number, maxDriftMs = MAX_DRIFT_MS): void {
  if (millis - now > maxDriftMs) {
    throw new HlcError(
      'clock_drift',
      `Clock is ${Math.round((millis - now) / 1000)} s ahead of the server (limit ${maxDriftMs / 1000} s). ` +
        'Correct the computer clock and try again.',
    );
  }
}

/** Timestamp for a local event: strictly greater than every timestamp this clock has sent or received. */
export function hlcSend(local: Hlc, now: number, maxDriftMs = MAX_DRIFT_MS): Hlc {
  const millis = Math.max(local.millis, now);
  const counter = millis === local.millis ? local.counter + 1 : 0;
  assertNoDrift(millis, now, maxDriftMs);
  if (counter > MAX_COUNTER)
    throw new HlcError('hlc_overflow', 'HLC counter overflow: too many events in 1 ms');
  return { millis, counter, node: local.node };
}

/** Merges a remote timestamp into the local clock so later local events sort after it. */
export function hlcReceive(local: Hlc, remote: Hlc, now: number, maxDriftMs = MAX_DRIFT_MS): Hlc {
  assertNoDrift(remote.millis, now, maxDriftMs);
  const millis = Math.max(local.millis, remote.millis, now);
  let counter: number;
  if (millis === local.millis && millis === remote.millis)
    counter = Math.max(local.counter, remote.counter) + 1;
  else if (millis === local.millis) counter = local.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER)
    throw new HlcError('hlc_overflow', 'HLC counter overflow: too many events in 1 ms');
  return { millis, counter, node: local.node };
}

/** -1, 0 or 1: the same order as comparing the formatted strings. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
