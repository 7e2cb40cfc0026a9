// The Chromium part of `npm run bench -- talent`, also run alone with `npm run bench -- talent --chromium-only`
// (then on 12,000 demo profiles with their illustrated faces, instead of the 100k import).
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { chromiumArgs, startHost, systemChromium } from '../tests/support/browser.ts';

const fmt = (n: number) => n.toFixed(2);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export interface ChromiumFigures {
  paintP95: number;
  /** Worst frame while scrolling ~10k cards, per card size. */
  maxFrameMs: Record<string, number>;
}

export async function runChromiumPart(dir: string): Promise<ChromiumFigures | null> {
  if (!existsSync('out/renderer/index.html')) {
    console.log('chromium: skipped (renderer not built: run `npm run build` first)');
    return null;
  }
  if (!systemChromium) {
    console.log('chromium: skipped (no system Chromium)');
    return null;
  }
  const { chromium: pw } = await import('@playwright/test');
  const { url, proc: host } = await startHost(dir);
  const browser = await pw.launch({ executablePath: systemChromium, args: chromiumArgs });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.getByRole('list', { name: 'Talent results' }).getByRole('listitem').first().waitFor();
    const paint: number[] = [];
    for (const text of ['priya', 'kathak mumbai', 'देशमुख', 'singh', 'an', 'patil']) {
      // Time from the input event to the frame after the first card shows the new results.
      const ms = await page.evaluate(async (t) => {
        const input = document.querySelector<HTMLInputElement>('#talent-search')!;
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const before = document.querySelector('ul[aria-label="Talent results"] li')?.textContent;
        const start = performance.now();
        setter.call(input, t);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const now = document.querySelector('ul[aria-label="Talent results"] li')?.textContent;
          if (now && now !== before) return performance.now() - start;
          if (performance.now() - start > 5000) return Number.NaN;
        }
      }, text);
      paint.push(ms);
    }
    console.log(
      `chromium query → painted results: ${paint.map(fmt).join(', ')} ms (p95 ${fmt(pct(paint, 95))})`,
    );
    await page.getByRole('searchbox', { name: 'Search talent' }).fill('');
    await page.getByText(/^10,000\+ profiles$/).waitFor();
    const maxFrameMs: Record<string, number> = {};
    // Chromium's CPU time (all its processes) per frame: on a loaded machine the frame times say as much about
    // the other processes as about the grid, the CPU it spent does not.
    const cdp = await browser.newBrowserCDPSession();
    const chromiumCpu = async () => {
      const r = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { cpuTime: number }[] };
      return r.processInfo.reduce((sum, p) => sum + p.cpuTime, 0);
    };
    for (const size of ['Small', 'Medium', 'Large']) {
      await page.getByRole('group', { name: 'Card size' }).getByRole('button', { name: size }).click();
      const cpuBefore = await chromiumCpu();
      // Scrolls until the 10,000th card has been on screen (pages of results load as the grid nears its end).
      const frames = await page.evaluate(async () => {
        const list = document.querySelector<HTMLElement>('ul[aria-label="Talent results"]')!;
        const scroller = list.parentElement!;
        scroller.scrollTop = 0;
        await new Promise((r) => requestAnimationFrame(r));
        const deltas: number[] = [];
        let last = performance.now();
        const lastIndex = () =>
          Math.max(
            0,
            ...[...list.querySelectorAll<HTMLElement>('.card-open')].map((b) => Number(b.dataset.index)),
          );
        while (lastIndex() < 9_999 && deltas.length < 4000) {
          scroller.scrollTop += 900;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          deltas.push(now - last);
          last = now;
        }
        return { deltas, cards: list.querySelectorAll('li').length, reached: lastIndex() + 1 };
      });
      const cpuMs = ((await chromiumCpu()) - cpuBefore) * 1000;
      const sorted = [...frames.deltas].sort((a, b) => a - b);
      maxFrameMs[size.toLowerCase()] = sorted.at(-1)!;
      console.log(
        `chromium scrolling to card ${frames.reached} at ${size.toLowerCase()}: ${frames.deltas.length} frames, p95 ${fmt(pct(sorted, 95))} ms, max ${fmt(sorted.at(-1)!)} ms (target: none over 50 ms), ${frames.cards} cards in the DOM; Chromium CPU ${fmt(cpuMs / frames.deltas.length)} ms per frame; load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`,
      );
    }
    return { paintP95: pct(paint, 95), maxFrameMs };
  } finally {
    await browser.close();
    host.kill();
  }
}
