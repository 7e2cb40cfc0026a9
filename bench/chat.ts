// `npm run bench -- chat`: Claude chat overheads against the fake Messages API answering at once.
//  - first token: send → first text delta delivered to onEvent, vs a raw SDK stream to the same fake (same run)
//  - last token → message saved
//  - opening a 1,000-message conversation (SQLite → DTOs)
//  - in Chromium through the browser host (the built renderer, as a user sees it): click Send → first token
//    painted, vs a raw SDK stream to the same fake; and a 1,000-message conversation clicked open → painted,
//    then scrolled top to bottom (virtualized list). open_1000_msgs_ms in the BENCH line is the median of those
//    cold opens (a fresh page each, so nothing is cached); the max is printed too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { chromium } from '@playwright/test';
import { createConversation } from '../src/backend/claude/conversation-store.ts';
import { createChatEngine } from '../src/backend/claude/engine.ts';
import { fileSecretStore } from '../src/backend/claude/file-secret-store.ts';
import { insertMessage } from '../src/backend/claude/message-store.ts';
import { memorySecretStore } from '../src/backend/claude/secret-store.ts';
import { databaseFile, openDatabase } from '../src/backend/store/db.ts';
import { chromiumArgs, startHost, systemChromium } from '../tests/support/browser.ts';
import { FAKE_API_KEY, startFakeAnthropic } from '../tests/support/fake-anthropic.ts';

const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 60);
const WARMUP = 5;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}
const r2 = (n: number) => Math.round(n * 100) / 100;

// In-page code (plain JavaScript, run by page.evaluate): the clock starts and stops inside the page, so no
// DevTools round trip is counted. "Painted" = the first task after the rendering step that shows the change: if
// the change was made inside a requestAnimationFrame callback (the chat renders once per frame), that frame's
// paint follows at once; otherwise it waits for the next frame.
const PAINTED = `
  const origRaf = window.requestAnimationFrame.bind(window);
  let inFrame = false;
  window.requestAnimationFrame = (cb) => origRaf((t) => {
    inFrame = true;
    try { cb(t); } finally { queueMicrotask(() => { inFrame = false; }); }
  });
  const painted = () => {
    window.requestAnimationFrame = origRaf;
    const after = () => setTimeout(() => resolve(performance.now() - t0), 0);
    if (inFrame) after();
    else origRaf(after);
  };`;

const FIRST_TOKEN_IN_PAGE = `new Promise((resolve, reject) => {
  ${PAINTED}
  let t0 = 0;
  const send = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Send');
  if (!send) return reject(new Error('no Send button'));
  // A Claude message that was not on screen before the click, showing the first token (streamed, or already
  // saved when the whole answer came before the next frame).
  const before = new Set(document.querySelectorAll('article'));
  const found = () =>
    [...document.querySelectorAll('article[aria-label^="Claude"]')].some(
      (a) => !before.has(a) && a.textContent.includes('token0'),
    );
  setTimeout(() => reject(new Error('no token painted within 10 s')), 10000);
  const obs = new MutationObserver(() => {
    if (!found()) return;
    obs.disconnect();
    painted();
  });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  t0 = performance.now();
  send.click();
})`;

const OPEN_LONG_IN_PAGE = `new Promise((resolve, reject) => {
  ${PAINTED}
  let t0 = 0;
  const btn = [...document.querySelectorAll('aside button')].find((b) => b.textContent.startsWith('A long one'));
  if (!btn) return reject(new Error('no conversation button'));
  const done = () => document.querySelector('[role="log"]')?.textContent?.includes('Answer 499.');
  setTimeout(() => reject(new Error('the conversation did not open within 10 s')), 10000);
  const obs = new MutationObserver(() => {
    if (!done()) return;
    obs.disconnect();
    painted();
  });
  obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  t0 = performance.now();
  btn.click();
})`;

/** Scrolls to the top and back, a screen per frame, noting the slowest frame and the most messages in the DOM. */
const SCROLL_IN_PAGE = `(async () => {
  const el = document.querySelector('[role="log"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  let steps = 0, maxFrameMs = 0, maxInDom = 0, sawTop = false;
  const t0 = performance.now();
  let last = await frame();
  for (const dir of [-1, 1]) {
    for (;;) {
      const before = el.scrollTop;
      el.scrollTop = before + dir * el.clientHeight;
      const now = await frame();
      maxFrameMs = Math.max(maxFrameMs, now - last);
      last = now;
      steps++;
      maxInDom = Math.max(maxInDom, el.querySelectorAll('article').length);
      if (el.textContent.includes('Question 0:')) sawTop = true;
      if (el.scrollTop === before) break;
    }
  }
  if (!sawTop) throw new Error('the first message never rendered while scrolling');
  return { steps, totalMs: performance.now() - t0, maxFrameMs, maxInDom };
})()`;

const LONG_ANSWER = `Here are the options:\n\n| Name | Age | City |\n|---|---|---|\n${'| Priya Deshmukh | 28 | Pune |\n'.repeat(8)}\nAll speak Marathi; two ride.`;

/** 500 questions and 500 answers (long Markdown tables; every fifth with a search_talent card). */
function seedLongConversation(target: Pick<typeof db, 'sqlite'>, conversationId: string) {
  const t = Date.now() - 1_000_000;
  target.sqlite.transaction(() => {
    for (let i = 0; i < 500; i++) {
      insertMessage(
        target,
        {
          conversationId,
          role: 'user',
          blocks: [
            {
              type: 'text',
              text: `Question ${i}: who fits the role of the inspector, 40s, Hindi and Marathi?`,
            },
          ],
          text: `Question ${i}: who fits the role of the inspector, 40s, Hindi and Marathi?`,
          status: 'complete',
        },
        t + i * 2,
      );
      const tool = i % 5 === 0;
      insertMessage(
        target,
        {
          conversationId,
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
                { type: 'text', text: `Answer ${i}. ${LONG_ANSWER}` },
              ]
            : [{ type: 'text', text: `Answer ${i}. ${LONG_ANSWER}` }],
          text: `Answer ${i}. ${LONG_ANSWER}`,
          status: 'complete',
          usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 900, cacheWriteTokens: 0 },
          costUsd: 0.0081,
        },
        t + i * 2 + 1,
      );
    }
  })();
}

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
seedLongConversation(db, big.id);
const openTimes: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const d = engine.openConversation({ id: big.id });
  openTimes.push(performance.now() - t0);
  if (d.messages.length !== 1000) throw new Error(`expected 1000 messages, got ${d.messages.length}`);
}
console.log(
  `open 1,000-message conversation (SQLite → DTOs): first=${r2(openTimes[0]!)} ms p50=${r2(pct(openTimes, 50))} ms max=${r2(Math.max(...openTimes))} ms`,
);
db.close();

// ---------- Chromium, through the browser host ----------

const ui = await measureInChromium();
console.log(
  `Chromium: click Send → first token painted p50=${r2(pct(ui.firstPaint, 50))} ms p95=${r2(pct(ui.firstPaint, 95))} ms (${ui.firstPaint.length} rounds)`,
);
console.log(
  `Chromium: raw SDK first token (same rounds) p50=${r2(pct(ui.raw, 50))} ms p95=${r2(pct(ui.raw, 95))} ms`,
);
console.log(
  `Chromium: first token overhead (paired) p50=${r2(pct(ui.overhead, 50))} ms p95=${r2(pct(ui.overhead, 95))} ms`,
);
console.log(
  `Chromium: open 1,000-message conversation → painted p50=${r2(pct(ui.open, 50))} ms max=${r2(Math.max(...ui.open))} ms (${ui.open.length} cold opens)`,
);
console.log(
  `Chromium: scroll 1,000 messages end to end: ${ui.scroll.steps} steps in ${r2(ui.scroll.totalMs)} ms, slowest frame ${r2(ui.scroll.maxFrameMs)} ms, ${ui.scroll.maxInDom} messages in the DOM at most`,
);

await fake.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `BENCH chat first_token_overhead_p95_ms=${r2(Math.max(0, pct(ui.overhead, 95)))} open_1000_msgs_ms=${r2(pct(ui.open, 50))}`,
);

async function measureInChromium() {
  if (!existsSync('out/renderer/index.html')) {
    console.log('building the renderer (out/renderer is missing)…');
    const b = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
      stdio: 'inherit',
    });
    if (b.status !== 0) throw new Error('electron-vite build failed');
  }
  // The host's own data folder: the key file and a 1,000-message conversation, written before it starts.
  const hostDir = join(dir, 'host');
  const hostDb = await openDatabase(databaseFile(hostDir));
  const long = createConversation(hostDb, { title: 'A long one', model: 'claude-sonnet-5-5' });
  seedLongConversation(hostDb, long.id);
  createConversation(hostDb, { title: 'Bench sends', model: 'claude-sonnet-5-5' });
  hostDb.close();
  await fileSecretStore(hostDir).set(FAKE_API_KEY);

  const { url, proc: host } = await startHost(hostDir, { CASTMATCH_ANTHROPIC_BASE_URL: fake.url });
  const browser = await chromium.launch({ executablePath: systemChromium, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.getByRole('button', { name: 'Ask Claude' }).click();
    await page.getByRole('button', { name: /^Bench sends/ }).click();

    // Send → first token painted. The click and the clock both run in the page, so no CDP round trip is counted.
    const firstPaint: number[] = [];
    const raw: number[] = [];
    const overhead: number[] = [];
    const rounds = Number(process.env.BENCH_CHAT_UI_ROUNDS ?? 30);
    const box = page.getByRole('textbox', { name: 'Message Claude' });
    for (let i = 0; i < rounds + WARMUP; i++) {
      const r = await rawFirstToken();
      await box.fill(`Who speaks Marathi and rides? (${i})`);
      await page.waitForFunction(`!document.querySelector('article[aria-label="Claude, answering"]')`);
      const t = await page.evaluate<number>(FIRST_TOKEN_IN_PAGE);
      await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
      if (i < WARMUP) continue;
      firstPaint.push(t);
      raw.push(r);
      overhead.push(t - r);
    }

    // Open the 1,000-message conversation cold (fresh page, empty query cache) until its last message is painted.
    const open: number[] = [];
    let scroll = { steps: 0, totalMs: 0, maxFrameMs: 0, maxInDom: 0 };
    for (let i = 0; i < 7; i++) {
      await page.evaluate(() => localStorage.removeItem('castmatch.chat.active'));
      await page.reload();
      await page.getByRole('button', { name: 'Ask Claude' }).click();
      const item = page.getByRole('button', { name: /^A long one/ });
      await item.waitFor();
      const ms = await page.evaluate<number>(OPEN_LONG_IN_PAGE);
      open.push(ms);
      if (i === 0) {
        // Scroll to the top and back, a screen at a time, one frame per step.
        scroll = await page.evaluate<typeof scroll>(SCROLL_IN_PAGE);
      }
    }
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    return { firstPaint, raw, overhead, open, scroll };
  } finally {
    await browser.close();
    host.kill('SIGTERM');
  }
}
