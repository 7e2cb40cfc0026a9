// What Claude sees on each call: the system prompt (static part cached, then memories and the running
// summary), and the conversation window rebuilt from stored messages; plus the short-term memory policy
// (past a token budget, older turns are summarised and replaced by the summary).
import type { ContentBlockParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ChatBlock, ChatMessage } from '../../shared/chat.ts';
import type { Memory } from '../../shared/chat-memory.ts';

export const STATIC_SYSTEM_PROMPT = `You are Claude, the assistant inside CastMatch Desktop, the casting software of a casting office in Mumbai that casts films, web series, TV and ad films.

You help casting directors and their assistants find and compare talent, read script breakdowns, and keep track of projects, roles and shortlists. Answer from the office's own data: use the tools rather than guessing, and say plainly when the database has no match.

Tools:
- search_talent searches the office's talent database exactly like the Talent screen. Map what the user asks to filters: playing age (ageMin/ageMax), gender, languages with a minimum fluency (1 basic … 5 native), skills (e.g. "horse riding", "kathak", "swimming"), city. Put remaining words in text. If a strict search finds nothing, relax one filter and say which.
- get_talent reads a full profile; list_projects, list_roles and get_shortlist read the casting work; get_script_analysis reads a script breakdown (overview, cast list, scenes, one character's speeches).
- propose_shortlist_addition only proposes: the user confirms in the app. Never claim you added someone.
- remember saves a long-term memory. Use it when the user states a lasting preference or fact about the office, people or projects, or asks you to remember something.

Style: concise, practical, in the user's language (English, Hindi or Marathi as they write). Use Markdown: short lists, and tables when comparing several people. Refer to talent by full name; the app links names from tool results to profiles. Do not reveal phone numbers or emails (you do not receive them). Ages are playing ages unless a date of birth is given.`;

export type SystemBlocks = TextBlockParam[];

/** One API turn (user or assistant) with block content; assignable to the SDK's Turn. */
export type Turn = { role: 'user' | 'assistant'; content: ContentBlockParam[] };

/** The static block carries cache_control; memories and summary follow it, uncached, as they change per call. */
export function buildSystem(opts: {
  memories: Memory[];
  summary: string | null;
  now: Date;
  rememberedNow: string | null;
}): SystemBlocks {
  const blocks: SystemBlocks = [
    { type: 'text', text: STATIC_SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } },
  ];
  const dyn: string[] = [`Today is ${opts.now.toISOString().slice(0, 10)}.`];
  if (opts.memories.length) {
    dyn.push(
      'Long-term memories from earlier conversations (the office told you these; use them when relevant):',
      ...opts.memories.map((m) => `- ${m.pinned ? '[pinned] ' : ''}${m.text}`),
    );
  }
  if (opts.rememberedNow) {
    dyn.push(
      `The app already saved the user's latest message as a memory ("${opts.rememberedNow}"); do not call remember for it.`,
    );
  }
  if (opts.summary) {
    dyn.push(
      'Summary of the earlier part of this conversation (older messages were replaced by it):',
      opts.summary,
    );
  }
  blocks.push({ type: 'text', text: dyn.join('\n') });
  return blocks;
}

/** A user message that starts "Remember that …" (or "Remember: …") is saved as a memory. */
export function rememberRequest(text: string): string | null {
  const m = /^\s*(?:please\s+)?remember(?:\s+that)?\s*[:,-]?\s+([\s\S]{3,})$/i.exec(text);
  if (!m) return null;
  const fact = m[1]!.trim().replace(/\s+/g, ' ');
  return fact.charAt(0).toUpperCase() + fact.slice(1);
}

/** A cheap token estimate: ~4 chars per token for Latin text, ~1.5 for Indic scripts. */
export function estimateTokens(s: string): number {
  let ascii = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 128) ascii++;
  return Math.ceil(ascii / 4 + (s.length - ascii) / 1.5);
}

export function messageTokens(m: ChatMessage): number {
  let n = 8;
  for (const b of m.blocks) {
    if (b.type === 'text') n += estimateTokens(b.text);
    else if (b.type === 'tool_use') n += estimateTokens(JSON.stringify(b.input)) + 10;
    else n += estimateTokens(b.content) + 10;
  }
  return n;
}

function apiBlock(b: ChatBlock): ContentBlockParam {
  if (b.type === 'text') return { type: 'text', text: b.text };
  if (b.type === 'tool_use') return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
  return {
    type: 'tool_result',
    tool_use_id: b.tool_use_id,
    content: b.content,
    ...(b.is_error ? { is_error: true } : {}),
  };
}

/** Splits one stored assistant answer (text, tool_use, tool_result in order) back into API turns. */
export function expandAssistant(blocks: ChatBlock[], complete: boolean): Turn[] {
  const answered = new Set(blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])));
  const turns: Turn[] = [];
  for (const b of blocks) {
    // An unanswered tool_use (a partial answer) would make the API refuse the history.
    if (b.type === 'tool_use' && !answered.has(b.id)) continue;
    if (b.type === 'text' && !b.text) continue;
    const role = b.type === 'tool_result' ? 'user' : 'assistant';
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(apiBlock(b));
    else turns.push({ role, content: [apiBlock(b)] });
  }
  if (!complete && turns.length && turns.at(-1)?.role === 'assistant') {
    const last = turns.at(-1)!;
    last.content.push({ type: 'text', text: '[answer interrupted]' });
  }
  return turns;
}

/**
 * The API history for answering `upToId` (inclusive): skips failed user sends other than the one being
 * answered and failed answers, merges adjacent same-role turns, and starts with a user turn.
 */
export function buildHistory(messages: ChatMessage[], upToId: string): Turn[] {
  const out: Turn[] = [];
  const push = (t: Turn) => {
    const last = out.at(-1);
    if (last && last.role === t.role) last.content.push(...t.content);
    else out.push({ role: t.role, content: [...t.content] });
  };
  for (const m of messages) {
    if (m.id > upToId) break;
    if (m.role === 'user') {
      if (m.status === 'error' && m.id !== upToId) continue;
      const content = m.blocks.filter((b) => b.type === 'text' && b.text).map(apiBlock);
      if (content.length) push({ role: 'user', content });
    } else {
      if (m.status === 'error') continue;
      for (const t of expandAssistant(m.blocks, m.status === 'complete')) push(t);
    }
  }
  while (out.length && out[0]!.role !== 'user') out.shift();
  return out;
}

/** Marks the last block of the last message for caching, so each call in a tool loop reads the previous prefix. */
export function withHistoryCache(messages: Turn[]): Turn[] {
  const last = messages.at(-1);
  if (!last || last.content.length === 0) return messages;
  const blocks = [...last.content];
  const b = blocks.at(-1)!;
  if (b.type === 'text' || b.type === 'tool_result' || b.type === 'tool_use') {
    blocks[blocks.length - 1] = { ...b, cache_control: { type: 'ephemeral' } };
  }
  return [...messages.slice(0, -1), { ...last, content: blocks }];
}

export type WindowPlan =
  | { summarise: false }
  | {
      summarise: true;
      /** Messages to fold into the summary (after any earlier summary). */
      fold: ChatMessage[];
      /** Id of the last folded message: the new summary_upto. */
      upto: string;
    };

/**
 * Decides whether older turns must be summarised: when the window (summary + live messages) is over budget,
 * fold the oldest messages so that the kept ones fit in half the budget, cutting just before a user message.
 */
export function planWindow(
  messages: ChatMessage[],
  summary: string | null,
  summaryUpto: string | null,
  budgetTokens: number,
): WindowPlan {
  const live = summaryUpto ? messages.filter((m) => m.id > summaryUpto) : messages;
  const sizes = live.map(messageTokens);
  const total = sizes.reduce((a, b) => a + b, 0) + (summary ? estimateTokens(summary) : 0);
  if (total <= budgetTokens || live.length < 3) return { summarise: false };
  // Keep the newest messages up to half the budget, always keeping the last (the message being answered).
  let kept = 0;
  let keepFrom = live.length - 1;
  kept += sizes[keepFrom]!;
  while (keepFrom > 0 && kept + sizes[keepFrom - 1]! <= budgetTokens / 2) {
    keepFrom--;
    kept += sizes[keepFrom]!;
  }
  // The kept window must start with a user message.
  while (keepFrom < live.length - 1 && live[keepFrom]!.role !== 'user') keepFrom++;
  if (keepFrom === 0) return { summarise: false };
  const fold = live.slice(0, keepFrom);
  return { summarise: true, fold, upto: fold.at(-1)!.id };
}

export const SUMMARY_SYSTEM =
  'You compress chat history for a casting assistant. Write a faithful summary of the conversation below so the ' +
  'assistant can continue without it: who and what was discussed (talent names with their ids, projects, roles, ' +
  'decisions, preferences, open questions, promised follow-ups). Use short bullet points. Do not invent anything.';

export function summaryRequestText(previousSummary: string | null, fold: ChatMessage[]): string {
  const lines: string[] = [];
  if (previousSummary) lines.push('Earlier summary:', previousSummary, '');
  lines.push('Conversation to add:');
  for (const m of fold) {
    const who = m.role === 'user' ? 'User' : 'Assistant';
    const parts: string[] = [];
    for (const b of m.blocks) {
      if (b.type === 'text' && b.text) parts.push(b.attachment ? `[attached ${b.attachment.kind}]` : b.text);
      else if (b.type === 'tool_use') parts.push(`[tool ${b.name} ${JSON.stringify(b.input)}]`);
      else if (b.type === 'tool_result') parts.push(`[result ${b.content.slice(0, 1500)}]`);
    }
    lines.push(`${who}: ${parts.join('\n')}`);
  }
  return lines.join('\n');
}
