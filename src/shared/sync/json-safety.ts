// JSON that Postgres cannot store as jsonb: a NUL character (in a string or an object key), a lone UTF-16
// surrogate (half of an emoji, cut in two), or nesting deep enough to exhaust the server's parser. The server
// refuses such a cell (400 validation_failed naming it); the desktop normalises values before they are queued.
// Walked without recursion, so a hostile 1,000,000-deep value cannot overflow the stack either.
import type { JsonValue } from './protocol.ts';

/** Deepest nesting of arrays/objects a cell value may have (desktop values are scalars or flat objects). */
export const MAX_VALUE_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

function stringProblem(s: string, what: string): string | undefined {
  if (s.includes('\u0000')) return `${what} contains a NUL character (\\u0000), which cannot be stored`;
  if (LONE_SURROGATE.test(s))
    return `${what} contains a lone UTF-16 surrogate (a broken character), which cannot be stored`;
  return undefined;
}

/** Why this value cannot be stored, or undefined when it can. */
export function unstorableJson(value: unknown, maxDepth = MAX_VALUE_DEPTH): string | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = stringProblem(v, 'a string');
      if (p) return p;
    } else if (typeof v === 'object' && v !== null) {
      if (depth >= maxDepth) return `value nested deeper than ${maxDepth} levels`;
      if (Array.isArray(v)) {
        for (const item of v) stack.push({ v: item, depth: depth + 1 });
      } else {
        for (const [k, item] of Object.entries(v)) {
          const p = stringProblem(k, 'an object key');
          if (p) return p;
          stack.push({ v: item, depth: depth + 1 });
        }
      }
    }
  }
  return undefined;
}

/** The string with NULs removed and lone surrogates replaced by U+FFFD (the Unicode replacement character). */
export function normaliseString(s: string): string {
  const noNul = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  return LONE_SURROGATE.test(noNul) ? noNul.replace(LONE_SURROGATES, '\uFFFD') : noNul;
}

/**
 * A storable copy of `value`: strings and keys normalised as normaliseString does, and anything nested deeper
 * than `maxDepth` kept as its JSON text (so nothing is lost) instead of as structure.
 */
export function normaliseJson(value: JsonValue, maxDepth = MAX_VALUE_DEPTH): JsonValue {
  if (unstorableJson(value, maxDepth) === undefined) return value; // the usual case: no copy
  const walk = (v: JsonValue, depth: number): JsonValue => {
    if (typeof v === 'string') return normaliseString(v);
    if (typeof v !== 'object' || v === null) return v;
    if (depth >= maxDepth) {
      let text: string;
      try {
        text = JSON.stringify(v);
      } catch {
        text = '[value nested too deeply to keep]'; // deeper than the JS engine's own stack
      }
      return normaliseString(text);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) out[normaliseString(k)] = walk(x, depth + 1);
    return out;
  };
  return walk(value, 0);
}
