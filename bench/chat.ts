// `npm run bench -- chat`: Claude chat overheads against the fake Messages API answering at once.
//  - first token: send → first text delta delivered to onEvent, vs a raw SDK stream to the same fake (same run)
//  - last token → message saved
//  - opening a 1,000-message conversation (SQLite → DTOs; the UI's paint/scroll is measured in Chromium separately)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { createChatEngine } from '../src/backend/claude/engine.ts';
import { memorySecretStore } from '../src/backend/claude/secret-store.ts';
import * as store from '../src/backend/claude/store.ts';
import { openDatabase } from '../src/backend/store/db.ts';
import { FAKE_API_KEY, startFakeAnthropic } from '../tests/support/fake-anthropic.ts';

const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 60);
const WARMUP = 5;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}
const r2 = (n: number) => Math.round(n * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'cm-bench-chat-'));
const db = await openDatabase(join(dir, 'office.db'));
const fake = await startFakeAnthropic();
const chunks = Array.from({ length: 30 }, (_, i) => `token${i} `);
fake.setDefault({ type: 'text', text: chunks });

const raw = new Anthropic({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 });
const engine = createChatEngine({ db, secrets: memorySecretStore(FAKE_API_KEY), baseURL: fake.url });

async function rawFirstToken(): Promise<number> {
  const t0 = performance.now();
  let first = 0;
  const stream = await raw.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 1024,
    stream: true,
    messages: [{ role: 'user', content: 'Who speaks Marathi and rides?' }],
  });
  for await (const ev of stream) {
    if (!first && ev.type === 'content_block_delta' && ev.delta.type === 'text_delta')
      first = performance.now() - t0;
  }
  return first;
}

async function engineSend(conversationId: string): Promise<{ first: number; lastToSaved: number }> {
  const t0 = performance.now();
  let first = 0;
  let lastText = 0;
  let saved = 0;
  await engine.sendMessage(
    { conversationId, text: 'Who do we have, 25 to 35, who speaks Marathi and rides?' },
    {
      onEvent: (e) => {
        if (e.type === 'text') {
          lastText = performance.now();
          if (!first) first = lastText - t0;
        } else if (e.type === 'done') saved = performance.now();
      },
    },
  );
  if (!first || !saved) throw new Error('The engine did not stream and save an answer');
  return { first, lastToSaved: saved - lastText };
}

// Interleave raw and engine rounds so both see the same machine state.
const rawTimes: number[] = [];
const engTimes: number[] = [];
const saveTimes: number[] = [];
let conv = engine.createConversation({ title: 'bench' });
for (let i = 0; i < ROUNDS + WARMUP; i++) {
  if (i % 20 === 0) conv = engine.createConversation({ title: `bench ${i}` });
  const a = await rawFirstToken();
  const b = await engineSend(conv.id);
  if (i < WARMUP) continue;
  rawTimes.push(a);
  engTimes.push(b.first);
  saveTimes.push(b.lastToSaved);
}
const overheads = engTimes.map((t, i) => t - rawTimes[i]!);
const overheadP95 = Math.max(0, pct(engTimes, 95) - pct(rawTimes, 95));
console.log(
  `raw SDK first token p50=${r2(pct(rawTimes, 50))} ms p95=${r2(pct(rawTimes, 95))} ms (${ROUNDS} rounds)`,
);
console.log(`engine first token p50=${r2(pct(engTimes, 50))} ms p95=${r2(pct(engTimes, 95))} ms`);
console.log(
  `first token overhead (paired) p50=${r2(pct(overheads, 50))} ms p95=${r2(pct(overheads, 95))} ms`,
);
console.log(`first token overhead (p95 engine − p95 raw)=${r2(overheadP95)} ms`);
console.log(`last token → message saved p50=${r2(pct(saveTimes, 50))} ms p95=${r2(pct(saveTimes, 95))} ms`);

// A 1,000-message conversation: user questions, long Markdown answers, some with a tool loop.
const big = engine.createConversation({ title: 'A long one' });
const answer = `Here are the options:\n\n| Name | Age | City |\n|---|---|---|\n${'| Priya Deshmukh | 28 | Pune |\n'.repeat(8)}\nAll speak Marathi; two ride.`;
const t = Date.now() - 1_000_000;
db.sqlite.transaction(() => {
  for (let i = 0; i < 500; i++) {
    store.insertMessage(
      db,
      {
        conversationId: big.id,
        role: 'user',
        blocks: [
          {
            type: 'text',
            text: `Question ${i}: who fits the role of the inspector, 40s, Hindi and Marathi?`,
          },
        ],
        text: `Question ${i}`,
        status: 'complete',
      },
      t + i * 2,
    );
    const tool = i % 5 === 0;
    store.insertMessage(
      db,
      {
        conversationId: big.id,
        role: 'assistant',
        blocks: tool
          ? [
              {
                type: 'tool_use',
                id: `tu${i}`,
                name: 'search_talent',
                input: { ageMin: 40, languages: [{ language: 'Marathi' }] },
              },
              {
                type: 'tool_result',
                tool_use_id: `tu${i}`,
                content: JSON.stringify({
                  total: 3,
                  talents: Array.from({ length: 3 }, (_, k) => ({
                    id: `t${k}`,
                    fullName: `Person ${k}`,
                    city: 'Mumbai',
                  })),
                }),
              },
              { type: 'text', text: answer },
            ]
          : [{ type: 'text', text: answer }],
        text: answer,
        status: 'complete',
        usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 900, cacheWriteTokens: 0 },
        costUsd: 0.0081,
      },
      t + i * 2 + 1,
    );
  }
})();
const openTimes: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const d = engine.openConversation({ id: big.id });
  openTimes.push(performance.now() - t0);
  if (d.messages.length !== 1000) throw new Error(`expected 1000 messages, got ${d.messages.length}`);
}
console.log(
  `open 1,000-message conversation: first=${r2(openTimes[0]!)} ms p50=${r2(pct(openTimes, 50))} ms max=${r2(Math.max(...openTimes))} ms`,
);

await fake.close();
db.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `BENCH chat first_token_overhead_p95_ms=${r2(Math.max(0, pct(overheads, 95)))} open_1000_msgs_ms=${r2(Math.max(...openTimes))}`,
);
