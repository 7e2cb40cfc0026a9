import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { type AppDatabase, openDatabase } from '../../src/backend/store/db.ts';

export function tempDir(prefix = 'hs-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small photo-like image (noise, so encoders do real work) with a distinct colour cast per `seed`. */
export function photo(width: number, height: number, seed = 0): Sharp {
  const r = (seed * 67) % 256;
  const g = (seed * 131 + 40) % 256;
  const b = (seed * 197 + 90) % 256;
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).composite([
    {
      input: {
        create: {
          width,
          height,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: 128, sigma: 30 },
        },
      },
      blend: 'overlay',
    },
  ]);
}

export async function jpeg(width = 640, height = 480, seed = 0): Promise<Buffer> {
  return await photo(width, height, seed)
    .png()
    .toBuffer()
    .then((b) => sharp(b).jpeg({ quality: 85 }).toBuffer());
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}

/** A tiny, well-formed PNG header claiming `width × height` pixels: a decompression bomb's signature. */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(width * 3 + 1))), // one row of zeros; the rest would inflate on demand
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ISO-BMFF file whose ftyp box says HEIC (what an iPhone photo starts with). */
export function heicHeader(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1')]);
  return Buffer.concat([ftyp, Buffer.alloc(200, 0)]);
}

export async function memoryDb(): Promise<AppDatabase> {
  return openDatabase(':memory:');
}

export function insertTalent(
  db: AppDatabase,
  t: { fullName: string; stageName?: string | null; nativeName?: string | null },
): string {
  const id = uuidv7();
  const now = Date.now();
  db.sqlite
    .prepare(
      `INSERT INTO talent (id, full_name, stage_name, native_name, sort_name, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, t.fullName, t.stageName ?? null, t.nativeName ?? null, t.fullName.toLowerCase(), now, now);
  return id;
}

export function primaryOf(db: AppDatabase, talentId: string): string | null {
  return (
    db.sqlite.prepare('SELECT primary_headshot AS p FROM talent WHERE id = ?').get(talentId) as {
      p: string | null;
    }
  ).p;
}
