// Breakdowns in batches against the fake Messages API: at most three requests in flight (counted by a
// holding gate in front of the fake), cancel, cached reopen, the offline draft, edits kept on regenerate.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BreakdownDeps } from '../../src/backend/claude/breakdown.ts';
import {
  BreakdownBatches,
  estimateBatch,
  regenerateBreakdown,
} from '../../src/backend/claude/breakdown-batch.ts';
import {
  editBreakdown,
  getSavedBreakdown,
  listSavedBreakdowns,
} from '../../src/backend/match/breakdown-store.ts';
import { saveScriptAnalysis } from '../../src/backend/script/store.ts';
import type { BreakdownProgress } from '../../src/shared/breakdown.ts';
import { analysis } from '../match/script-fixture.ts';
import { type Harness, harness } from './helpers.ts';

const GOOD = {
  ageMin: 26,
  ageMax: 30,
  gender: 'female',
  region: null,
  languages: ['Marathi', 'Hindi'],
  dialects: ['Malvani'],
  look: 'Wiry, sun-tired, uniform always pressed',
  personality: 'Dry humour; says little, misses nothing',
  arc: 'From a constable who keeps her head down to the one who names the inspector',
  importance: 'lead',
  keyScenes: [{ scene: 6, why: 'She confronts the dhobi' }],
  auditionScenes: [{ scene: 6, why: 'Her longest exchange' }],
  inferred: ['look'],
};
const ALL = ['MEERA', 'INSPECTOR KALE', 'DHOBI', 'PEON', 'OLD WOMAN'];

/** A gate in front of the fake: holds every /v1/messages request until released, counting those in flight. */
async function gate(target: string) {
  let inFlight = 0;
  let max = 0;
  let arrived = 0;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      const isMessage = req.method === 'POST' && req.url?.startsWith('/v1/messages');
      if (isMessage) {
        arrived++;
        inFlight++;
        max = Math.max(max, inFlight);
        res.on('close', () => inFlight--);
        await new Promise<void>((r) => held.push(r));
      }
      if (res.destroyed) return;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      const r = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        body: parts.length ? Buffer.concat(parts) : undefined,
      });
      const body = Buffer.from(await r.arrayBuffer());
      if (res.destroyed) return;
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    held: () => held.length,
    inFlight: () => inFlight,
    max: () => max,
    arrived: () => arrived,
    releaseOne: () => held.shift()?.(),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setImmediate(r));
}

let h: Harness;
let deps: BreakdownDeps;
let scriptId: string;
let events: BreakdownProgress[];
/** The test script saved in a harness's database (`sha`: one hex digit, repeated), and breakdown deps on its engine. */
function scriptIn(x: Harness, sha: string): { id: string; deps: BreakdownDeps } {
  const id = saveScriptAnalysis(x.db.sqlite, {
    sha256: sha.repeat(64),
    fileName: 'chawl.pdf',
    analysis: analysis(),
  }).id;
  return { id, deps: { db: x.db, client: x.engine.client, model: x.engine.currentModel } };
}
const setUp = async (opts: Parameters<typeof harness>[0] = {}) => {
  h = await harness(opts);
  ({ id: scriptId, deps } = scriptIn(h, 'c'));
  h.fake.setDefault({ type: 'tool_use', tools: [{ name: 'write_breakdown', input: GOOD }] });
  events = [];
};
afterEach(async () => {
  await h.close();
});

describe('breakdown batches', () => {
  let g: Awaited<ReturnType<typeof gate>>;
  beforeEach(async () => {
    await setUp();
  });
  afterEach(async () => {
    await g?.close();
  });

  it('asks for at most three at a time, keeps each answer, and reports progress and cost', async () => {
    g = await gate(h.fake.url);
    const gated = await harness({ baseURL: g.url });
    try {
      const { id, deps: d } = scriptIn(gated, 'd');
      const batches = new BreakdownBatches(d, (p) => events.push(p), 3);
      const { jobId, total } = batches.start({ scriptId: id, mode: 'claude' });
      expect(total).toBe(5);
      const finished = batches.finished(jobId)!;
      let released = 0;
      while (released < total) {
        // Wait until every request that may be in flight is: never more than three.
        await until(() => g.held() === Math.min(3, total - released));
        g.releaseOne();
        released++;
      }
      const last = await finished;
      expect(g.max()).toBe(3);
      expect(g.arrived()).toBe(5);
      expect(last).toMatchObject({ state: 'done', done: 5, total: 5, drafts: 0, failed: [] });
      expect(last.costUsd).toBeGreaterThan(0);
      expect(events.filter((e) => e.state === 'running').map((e) => e.done)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(events.flatMap((e) => (e.character ? [e.character] : [])))).toEqual(new Set(ALL));
      const saved = listSavedBreakdowns(gated.db, id);
      expect(saved.map((s) => s.character).sort()).toEqual([...ALL].sort());
      expect(saved.every((s) => s.breakdown.source === 'claude' && !s.breakdown.draft)).toBe(true);
    } finally {
      await gated.close();
    }
  });

  it('cancel aborts the requests in flight and starts no more; nothing half-done is kept', async () => {
    g = await gate(h.fake.url);
    const gated = await harness({ baseURL: g.url });
    try {
      const { id, deps: d } = scriptIn(gated, 'e');
      const batches = new BreakdownBatches(d, (p) => events.push(p), 3);
      const { jobId } = batches.start({ scriptId: id, mode: 'claude' });
      const finished = batches.finished(jobId)!;
      await until(() => g.held() === 3);
      g.releaseOne();
      await until(() => events.length === 1 && g.held() === 3);
      batches.cancel(jobId);
      const last = await finished;
      expect(last).toMatchObject({ state: 'cancelled', done: 1 });
      await until(() => g.inFlight() === 0);
      expect(g.arrived()).toBe(4);
      expect(listSavedBreakdowns(gated.db, id)).toHaveLength(1);
    } finally {
      await gated.close();
    }
  });

  it('the estimate counts what would be asked; a reopened batch is all cached and asks nothing', async () => {
    const est = await estimateBatch(
      { ...deps, hasKey: async () => true },
      { scriptId, characters: ['MEERA', 'PEON'] },
    );
    expect(est).toMatchObject({ toAsk: 2, cached: 0, model: 'claude-sonnet-5-5', hasKey: true });
    expect(est.inputTokens).toBeGreaterThan(500);
    expect(est.costUsd).toBeGreaterThan(0);
    const batches = new BreakdownBatches(deps, (p) => events.push(p));
    const first = batches.start({ scriptId, characters: ['MEERA', 'PEON'], mode: 'claude' });
    expect((await batches.finished(first.jobId))!.costUsd).toBeGreaterThan(0);
    expect(h.fake.messageRequests()).toHaveLength(2);

    h.fake.reset();
    const again = await estimateBatch(
      { ...deps, hasKey: async () => true },
      { scriptId, characters: ['MEERA', 'PEON'] },
    );
    expect(again).toMatchObject({ toAsk: 0, cached: 2, costUsd: 0 });
    const second = batches.start({ scriptId, characters: ['meera', 'PEON'], mode: 'claude' });
    expect(await batches.finished(second.jobId)).toMatchObject({ state: 'done', done: 2, costUsd: 0 });
    expect(h.fake.messageRequests()).toHaveLength(0);
  });

  it('an unknown character starts nothing', () => {
    const batches = new BreakdownBatches(deps, (p) => events.push(p));
    expect(() => batches.start({ scriptId, characters: ['MEERA', 'RAHUL'], mode: 'claude' })).toThrow(
      /No character "RAHUL"/,
    );
    expect(listSavedBreakdowns(h.db, scriptId)).toEqual([]);
  });

  it('regenerate keeps the edits and lists the edited fields whose new value differs', async () => {
    const batches = new BreakdownBatches(deps, (p) => events.push(p));
    const { jobId } = batches.start({ scriptId, characters: ['MEERA'], mode: 'draft' });
    await batches.finished(jobId);
    expect(getSavedBreakdown(h.db, scriptId, 'MEERA')?.breakdown).toMatchObject({ draft: true, ageMin: 27 });
    editBreakdown(h.db, scriptId, 'MEERA', { look: 'Tall, a limp from an old injury', ageMin: 24 }, []);
    const r = await regenerateBreakdown(deps, { scriptId, character: 'MEERA', mode: 'claude' });
    expect(r.saved.generated).toMatchObject({ source: 'claude', ageMin: 26, look: GOOD.look });
    // The person's values win until they choose otherwise.
    expect(r.saved.breakdown).toMatchObject({
      ageMin: 24,
      look: 'Tall, a limp from an old injury',
      arc: GOOD.arc,
    });
    expect(r.saved.breakdown.inferred).toEqual([]); // "look" was inferred, now stated by the person
    expect(r.changes).toEqual([
      { field: 'ageMin', mine: 24, generated: 26 },
      { field: 'look', mine: 'Tall, a limp from an old injury', generated: GOOD.look },
    ]);
    // "Take new" for the age, "keep mine" for the look.
    const after = editBreakdown(h.db, scriptId, 'MEERA', {}, ['ageMin']);
    expect(after.breakdown).toMatchObject({ ageMin: 26, look: 'Tall, a limp from an old injury' });
    expect(after.editedFields).toEqual(['look']);
    // Only the regenerate asked Claude: the batch wrote a draft.
    expect(h.fake.messageRequests()).toHaveLength(1);
  });
});

describe('offline', () => {
  beforeEach(async () => {
    await setUp({ apiKey: null });
  });

  it('without a key the batch writes drafts, marked as such, and upgrades them once a key is set', async () => {
    const est = await estimateBatch({ ...deps, hasKey: async () => false }, { scriptId });
    expect(est).toMatchObject({ toAsk: 5, hasKey: false });
    const batches = new BreakdownBatches(deps, (p) => events.push(p));
    const { jobId } = batches.start({ scriptId, mode: 'claude' });
    expect(await batches.finished(jobId)).toMatchObject({ state: 'done', done: 5, drafts: 5, costUsd: 0 });
    const saved = listSavedBreakdowns(h.db, scriptId);
    expect(saved).toHaveLength(5);
    expect(saved.every((s) => s.breakdown.draft && s.breakdown.source === 'heuristic')).toBe(true);
    expect(h.fake.messageRequests()).toHaveLength(0);

    await h.engine.setApiKey({ apiKey: 'sk-ant-fake-test-key' });
    const up = batches.start({ scriptId, characters: ['MEERA'], mode: 'claude' });
    expect(await batches.finished(up.jobId)).toMatchObject({ drafts: 0 });
    expect(getSavedBreakdown(h.db, scriptId, 'MEERA')?.breakdown).toMatchObject({
      draft: false,
      source: 'claude',
    });
    // A later draft run does not downgrade Claude's breakdown.
    const down = batches.start({ scriptId, characters: ['MEERA'], mode: 'draft' });
    await batches.finished(down.jobId);
    expect(getSavedBreakdown(h.db, scriptId, 'MEERA')?.breakdown.source).toBe('claude');
  });

  it('offline (the API unreachable): the first failure turns the rest of the batch into drafts', async () => {
    // A port that was just free: connections to it are refused, as with no network.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const off = await harness({ baseURL: `http://127.0.0.1:${port}` });
    try {
      const { id, deps: d } = scriptIn(off, '9');
      const batches = new BreakdownBatches(d, () => undefined, 1);
      const { jobId } = batches.start({ scriptId: id, mode: 'claude' });
      expect(await batches.finished(jobId)).toMatchObject({ state: 'done', done: 5, drafts: 5, failed: [] });
      expect(listSavedBreakdowns(off.db, id).every((s) => s.breakdown.draft)).toBe(true);
    } finally {
      await off.close();
    }
  });
});
