// Number formatting for the chat: token counts and estimated costs (Indian digit grouping, like the rest of the app).
import type { Usage } from '../../../shared/chat-usage.ts';

export const tokens = (n: number) => n.toLocaleString('en-IN');

/** "$0.0123" for small amounts, "$1.23" above a dollar: cents alone hide what a message costs. */
export function usd(n: number): string {
  if (n === 0) return '$0';
  if (n < 0.0001) return '<$0.0001';
  return n >= 1 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`;
}

/** "1,200 in · 300 out · 900 cached" — cache reads and writes shown only when there are some. */
export function usageText(u: Usage): string {
  const parts = [`${tokens(u.inputTokens)} in`, `${tokens(u.outputTokens)} out`];
  if (u.cacheReadTokens) parts.push(`${tokens(u.cacheReadTokens)} cache read`);
  if (u.cacheWriteTokens) parts.push(`${tokens(u.cacheWriteTokens)} cache write`);
  return parts.join(' · ');
}

export function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay
    ? d.toLocaleTimeString('en-IN', { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString('en-IN', { day: 'numeric', month: 'short' });
}

/** Splits an FTS snippet ("…who [rides] a horse…") into plain and matched runs for <mark>. */
export function snippetRuns(s: string): Array<{ text: string; match: boolean }> {
  const out: Array<{ text: string; match: boolean }> = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), match: false });
    out.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), match: false });
  return out;
}

/** Copies text; falls back to a hidden textarea where the async clipboard is not allowed. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}
