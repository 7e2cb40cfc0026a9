// The model picker's list and the price table. The list is checked against the SDK's `Model` type at compile
// time, so an SDK upgrade that adds or drops a model id fails the type-check until this list follows.
import type { Model } from '@anthropic-ai/sdk/resources/messages';
import type { Usage } from '../../shared/chat-usage.ts';

/** The literal ids of the SDK's Model union (without its open-ended `string & {}` member). */
type SdkModelId = Model extends infer M ? (M extends string ? (string extends M ? never : M) : never) : never;

export const KNOWN_MODELS = [
  'claude-sonnet-5-5',
  'claude-opus-5-5',
  'claude-haiku-5-5',
  'claude-fable-5-2',
  'claude-mythos-5-2',
  'claude-fable-5-1',
  'claude-mythos-5-1',
  'claude-sonnet-5',
  'claude-opus-5',
  'claude-fable-5',
  'claude-mythos-5',
  'claude-opus-4-8',
  'claude-opus-4-7',
  'claude-mythos-preview',
  'claude-opus-4-6',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-5',
  'claude-opus-4-5-20251101',
  'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929',
] as const satisfies readonly SdkModelId[];

// Compile-time exhaustiveness: every SDK model id is in the list above.
type Missing = Exclude<SdkModelId, (typeof KNOWN_MODELS)[number]>;
const _allListed: [Missing] extends [never] ? true : Missing = true;
void _allListed;

/** The current Sonnet: the SDK's own examples use it. */
export const DEFAULT_MODEL: (typeof KNOWN_MODELS)[number] = 'claude-sonnet-5-5';

export function modelLabel(id: string): string {
  const m = /^claude-([a-z]+)-(.+?)(?:-(\d{8}))?$/.exec(id);
  if (!m) return id;
  const family = m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1);
  const version = m[2]!.replace(/-/g, '.');
  return m[3] ? `Claude ${family} ${version} (${m[3]})` : `Claude ${family} ${version}`;
}

export function knownModels(): Array<{ id: string; label: string }> {
  return KNOWN_MODELS.map((id) => ({ id, label: modelLabel(id) }));
}

/** USD per million tokens. Cache writes (5-minute TTL) cost 1.25× input, cache reads 0.1× input. */
export type Price = {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  estimated: boolean;
};

function price(input: number, output: number, estimated = false): Price {
  return { input, output, cacheWrite: input * 1.25, cacheRead: input * 0.1, estimated };
}

// Published list prices per family; families without a published price use the nearest tier and are
// flagged `estimated` so the UI can say "≈".
const FAMILY_PRICES: Array<[RegExp, Price]> = [
  [/^claude-opus-4-(0|1)\b|^claude-opus-4-2025/, price(15, 75)],
  [/^claude-opus/, price(5, 25)],
  [/^claude-sonnet/, price(3, 15)],
  [/^claude-haiku-3/, price(0.25, 1.25)],
  [/^claude-haiku/, price(1, 5)],
  [/^claude-(mythos|fable)/, price(5, 25, true)],
];
const FALLBACK_PRICE = price(3, 15, true);

export function priceFor(model: string): Price {
  for (const [re, p] of FAMILY_PRICES) if (re.test(model)) return p;
  return FALLBACK_PRICE;
}

/** Estimated cost in USD of one or more API calls' usage. `inputTokens` excludes cached tokens, as the API reports it. */
export function costUsd(model: string, u: Usage): number {
  const p = priceFor(model);
  const c =
    (u.inputTokens * p.input +
      u.outputTokens * p.output +
      u.cacheWriteTokens * p.cacheWrite +
      u.cacheReadTokens * p.cacheRead) /
    1_000_000;
  return Math.round(c * 1e8) / 1e8;
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}
