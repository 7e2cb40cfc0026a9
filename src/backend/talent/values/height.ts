// Heights as offices write them → centimetres: 168, "168 cm", "1.68 m", 5'6", 5’6”, "5 ft 6 in", and the
// feet.inches habit: "5.6" and "5.10" are 5 ft 6 in and 5 ft 10 in, a bare 6 is six feet.
import { isEmptyValue } from './empty.ts';

const MIN_CM = 40;
const MAX_CM = 260;

const CM = /^(\d{2,3}(?:\.\d+)?)\s*(?:cms?|centimet(?:er|re)s?)?\.?$/;
const FEET_INCHES = /^(\d)\s*(?:'|ft\.?|feet|foot)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:"|''|in\.?|inch(?:es)?)?)?$/;
const FEET_DOT_INCHES = /^([3-7])\.(\d{1,2})\s*(?:'|ft\.?|feet|foot)?$/;
const FEET_DASH_INCHES = /^([3-7])\s*-\s*(\d{1,2})$/;
const BARE_FEET = /^([3-7])\s*(?:'|ft\.?|feet|foot)?$/;
const METRES = /^([12](?:\.\d{1,3})?)\s*(m|mtrs?|metres?|meters?)?$/;
const INCHES = /^(\d{2})\s*(?:"|in\.?|inch(?:es)?)$/;
const QUOTES = /[’‘′`´]/g;
const DOUBLE_QUOTES = /[”“″]/g;

const inRange = (cm: number) => (cm >= MIN_CM && cm <= MAX_CM ? cm : undefined);
const fromFeet = (feet: number, inches: number) =>
  inches < 12 ? inRange(Math.round((feet * 12 + inches) * 2.54)) : undefined;

/** Centimetres, null for an empty cell, undefined when the cell is not a height. */
export function parseHeight(raw: string): number | null | undefined {
  if (isEmptyValue(raw)) return null;
  const v = raw.trim().toLowerCase().replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(/\s+/g, ' ');
  let m = CM.exec(v);
  if (m) return inRange(Math.round(Number(m[1])));
  m = FEET_DOT_INCHES.exec(v) ?? FEET_DASH_INCHES.exec(v);
  if (m) return fromFeet(Number(m[1]), Number(m[2]));
  m = FEET_INCHES.exec(v);
  if (m) return fromFeet(Number(m[1]), Number(m[2] ?? 0));
  m = BARE_FEET.exec(v);
  if (m) return fromFeet(Number(m[1]), 0);
  m = METRES.exec(v);
  // A bare 1 or 2 is not a height; 1.68 is, in metres.
  if (m && (m[2] || m[1]!.includes('.'))) return inRange(Math.round(Number(m[1]) * 100));
  m = INCHES.exec(v);
  if (m) return inRange(Math.round(Number(m[1]) * 2.54));
  return undefined;
}
