// A conversation as a Markdown file (Export): its summary, every message with its attachments and tool calls,
// and the token and cost totals.
import type { ChatDb } from './conversation-store.ts';
import { loadConversation } from './message-store.ts';

function quote(s: string): string {
  return s
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

export function exportMarkdown(db: ChatDb, id: string): { fileName: string; markdown: string } {
  const { conversation: c, messages } = loadConversation(db, id);
  const out: string[] = [`# ${c.title}`, ''];
  out.push(
    `*Model: ${c.model} · ${new Date(c.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC*`,
    '',
  );
  if (c.summary) out.push('## Summary of earlier messages', '', quote(c.summary), '');
  for (const m of messages) {
    const when = new Date(m.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    out.push(`## ${m.role === 'user' ? 'You' : 'Claude'} · ${when}`, '');
    if (m.attachments.length)
      out.push(`*Attached: ${m.attachments.map((a) => `${a.kind} ${a.label ?? a.id}`).join(', ')}*`, '');
    if (m.role === 'user') out.push(m.text, '');
    else {
      for (const b of m.blocks) {
        if (b.type === 'text') out.push(b.text, '');
        else if (b.type === 'tool_use') out.push(`*Tool: ${b.name}* \`${JSON.stringify(b.input)}\``, '');
      }
    }
    if (m.status !== 'complete') out.push(`*(${m.status}${m.error ? `: ${m.error.message}` : ''})*`, '');
  }
  const total = c.costUsd
    ? `\n---\n*Tokens: ${c.usage.inputTokens} in, ${c.usage.outputTokens} out, ${c.usage.cacheReadTokens} cache read · ≈ $${c.costUsd.toFixed(4)}*\n`
    : '';
  const safe =
    c.title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 80) || 'conversation';
  return { fileName: `${safe}.md`, markdown: `${out.join('\n').trimEnd()}\n${total}` };
}
