import sharp from 'sharp';
import type { AppDatabase } from '../store/db.ts';
import { type DemoLook, type DemoPerson, demoFaceFor, demoFaceSvg } from '../talent/demo.ts';
import { processHeadshotBytes } from './process.ts';
import { addHeadshot, ensureMediaBlob } from './repo.ts';

/** Side of the rendered demo portrait: big enough for the 1280 view to look sharp at panel size. */
const SIZE = 640;

export interface DemoFacesReport {
  /** Distinct portraits rendered (and stored once each, content-addressed). */
  rendered: number;
  /** Profiles that got a face. */
  assigned: number;
  renderMs: number;
  assignMs: number;
}

/**
 * Gives demo profiles illustrated faces through the real headshot pipeline (PNG → stored original + 320 and
 * 1280 WebP), so thumbnails, the gallery and exports treat them as photos. Renders the pool of distinct faces
 * once, then attaches one to each profile in a single transaction.
 */
export async function addDemoFaces(
  db: AppDatabase,
  dataDir: string,
  people: readonly DemoPerson[],
): Promise<DemoFacesReport> {
  const started = performance.now();
  const wanted = new Map<string, { look: DemoLook; index: number }>();
  const faceOf = people.map((p) => {
    const f = demoFaceFor(p);
    const key = `${f.look}-${f.index}`;
    wanted.set(key, f);
    return key;
  });
  const stored = new Map<
    string,
    { sha256: string; byteSize: number; mime: string; width: number; height: number }
  >();
  // Two at a time: sharp has its own thread pool, and the machine is shared with the UI.
  const keys = [...wanted.keys()];
  for (let i = 0; i < keys.length; i += 2) {
    await Promise.all(
      keys.slice(i, i + 2).map(async (key) => {
        const f = wanted.get(key)!;
        const png = await sharp(Buffer.from(demoFaceSvg(f.look, f.index)), { density: 144 })
          .resize(SIZE, SIZE)
          .png({ compressionLevel: 3 })
          .toBuffer();
        const r = await processHeadshotBytes(png, `demo-${key}.png`, dataDir);
        if (!r.ok) throw new Error(`Could not store demo face ${key}: ${r.message}`);
        stored.set(key, {
          sha256: r.sha256,
          byteSize: r.byteSize,
          mime: r.mime,
          width: r.width,
          height: r.height,
        });
      }),
    );
  }
  const rendered = performance.now();
  db.sqlite.transaction(() => {
    const now = Date.now();
    for (const b of stored.values()) ensureMediaBlob(db, b, now);
    people.forEach((p, i) => {
      const b = stored.get(faceOf[i]!)!;
      addHeadshot(db, p.id, b.sha256, `demo-${faceOf[i]}.png`, now);
    });
  })();
  return {
    rendered: stored.size,
    assigned: people.length,
    renderMs: Math.round(rendered - started),
    assignMs: Math.round(performance.now() - rendered),
  };
}
