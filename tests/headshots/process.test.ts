import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heicSupported, sniffFormat } from '../../src/backend/headshots/detect.ts';
import { DEFAULT_LIMITS } from '../../src/backend/headshots/limits.ts';
import { cleanStaleTemp, mediaPath } from '../../src/backend/headshots/mediaStore.ts';
import { type ProcessResult, processHeadshotFile } from '../../src/backend/headshots/process.ts';
import { heicHeader, jpeg, photo, pngClaiming, tempDir } from './helpers.ts';

let dir: string;
let dataDir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  dataDir = join(dir, 'data');
});
afterAll(() => cleanup());

function write(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

function expectOk(r: ProcessResult): Extract<ProcessResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got ${r.code}: ${r.message}`);
  return r;
}

function expectFail(r: ProcessResult, code: string): void {
  expect(r.ok ? 'ok' : r.code).toBe(code);
  if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
}

describe('formats', () => {
  const encoders: [string, string, (s: Sharp) => Sharp][] = [
    ['jpeg', 'image/jpeg', (s) => s.jpeg()],
    ['png', 'image/png', (s) => s.png()],
    ['webp', 'image/webp', (s) => s.webp()],
    ['avif', 'image/avif', (s) => s.avif({ effort: 0 })],
    ['tiff', 'image/tiff', (s) => s.tiff()],
    ['gif', 'image/gif', (s) => s.gif({ effort: 1 })],
  ];
  for (const [format, mime, enc] of encoders) {
    // Encoding a 1600 × 1200 fixture (GIF's palette, AVIF) is CPU-heavy: a loaded CI machine needs more than
    // the default 30 s bound on a runaway.
    it(`stores a ${format}: original byte for byte, 1280 and 320 WebP`, { timeout: 120_000 }, async () => {
      // Wrong extension on purpose: detection is by content.
      const bytes = await enc(photo(1600, 1200, format.length)).toBuffer();
      const p = write(`pic-${format}.bin`, bytes);
      const r = expectOk(await processHeadshotFile(p, dataDir));
      expect(r.format).toBe(format);
      expect(r.mime).toBe(mime);
      expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect([r.width, r.height]).toEqual([1600, 1200]);
      expect(r.wroteFiles).toBe(true);
      expect(readFileSync(mediaPath(dataDir, r.sha256, 'original')).equals(bytes)).toBe(true);
      expect(mediaPath(dataDir, r.sha256, 'original')).toContain(
        join('originals', r.sha256.slice(0, 2), r.sha256.slice(2)),
      );
      const m1280 = await sharp(mediaPath(dataDir, r.sha256, '1280')).metadata();
      const m320 = await sharp(mediaPath(dataDir, r.sha256, '320')).metadata();
      expect([m1280.format, m1280.width, m1280.height]).toEqual(['webp', 1280, 960]);
      expect([m320.format, m320.width, m320.height]).toEqual(['webp', 320, 240]);
    });
  }

  it('handles 16-bit, greyscale + alpha and CMYK inputs', async () => {
    const png16 = await photo(300, 200, 5).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const greyAlpha = await sharp({
      create: { width: 200, height: 300, channels: 4, background: { r: 90, g: 90, b: 90, alpha: 0.5 } },
    })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    const cmyk = await photo(300, 200, 6).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    for (const [name, bytes, alpha] of [
      ['16bit.png', png16, false],
      ['grey-alpha.png', greyAlpha, true],
      ['cmyk.jpg', cmyk, false],
    ] as const) {
      const r = expectOk(await processHeadshotFile(write(name, bytes), dataDir));
      const m = await sharp(mediaPath(dataDir, r.sha256, '320')).metadata();
      expect([m.format, m.space, m.hasAlpha]).toEqual(['webp', 'srgb', alpha]);
    }
  });

  it('takes the first frame of an animated GIF', async () => {
    const red = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .raw()
      .toBuffer();
    const blue = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0000ff' } })
      .raw()
      .toBuffer();
    const gif = await sharp(Buffer.concat([red, blue]), {
      raw: { width: 64, height: 128, channels: 3, pageHeight: 64 },
    })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const r = expectOk(await processHeadshotFile(write('anim.gif', gif), dataDir));
    expect([r.width, r.height]).toEqual([64, 64]);
    const { data, info } = await sharp(mediaPath(dataDir, r.sha256, '320'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([64, 64]); // never enlarged
    expect(data[0]).toBeGreaterThan(200); // red, the first frame
    expect(data[2]).toBeLessThan(50);
  });

  it('applies EXIF orientation and strips all metadata, GPS included, from derivatives', async () => {
    const bytes = await photo(800, 400, 3)
      .jpeg()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'EOS R5', Copyright: 'SECRETCOPYRIGHT' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '19/1 4/1 3/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '72/1 52/1 1/1',
        },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const inMeta = await sharp(bytes).metadata();
    expect(inMeta.orientation).toBe(6);
    // The input really carries GPS: the GPS IFD pointer tag 0x8825 (either byte order).
    const hasGpsPointer = (exif: Buffer | undefined) =>
      Boolean(exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))));
    expect(hasGpsPointer(inMeta.exif)).toBe(true);
    expect(inMeta.exif?.includes(Buffer.from('SECRETCOPYRIGHT'))).toBe(true);
    const r = expectOk(await processHeadshotFile(write('rotated.jpg', bytes), dataDir));
    expect([r.width, r.height]).toEqual([400, 800]); // displayed size
    // The stored original is upright and carries no EXIF (GPS, camera, copyright) either.
    const original = readFileSync(mediaPath(dataDir, r.sha256, 'original'));
    const om = await sharp(original).metadata();
    expect([om.format, om.width, om.height, om.orientation, om.exif]).toEqual([
      'jpeg',
      400,
      800,
      undefined,
      undefined,
    ]);
    expect(original.includes(Buffer.from('SECRETCOPYRIGHT'))).toBe(false);
    for (const v of ['320', '1280'] as const) {
      const file = readFileSync(mediaPath(dataDir, r.sha256, v));
      const m = await sharp(file).metadata();
      expect(m.width).toBeLessThan(m.height ?? 0); // portrait: rotated
      expect(m.orientation).toBeUndefined();
      expect(m.exif).toBeUndefined();
      expect(m.xmp).toBeUndefined();
      expect(m.icc).toBeUndefined();
      expect(file.includes(Buffer.from('Exif'))).toBe(false);
      expect(file.includes(Buffer.from('SECRETCOPYRIGHT'))).toBe(false);
      expect(file.includes(Buffer.from('Canon'))).toBe(false);
    }
  });

  it('the stored original keeps its colour profile but no XMP location, and hashes the same when dropped again', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="SECRETCITY"/>' +
      '</rdf:RDF></x:xmpmeta>';
    const bytes = await photo(600, 400, 4).jpeg().withIccProfile('p3').withXmp(xmp).toBuffer();
    const inMeta = await sharp(bytes).metadata();
    expect(inMeta.xmp?.includes(Buffer.from('SECRETCITY'))).toBe(true);
    expect(inMeta.icc).toBeDefined();
    const a = expectOk(await processHeadshotFile(write('xmp-a.jpg', bytes), dataDir));
    const original = readFileSync(mediaPath(dataDir, a.sha256, 'original'));
    const om = await sharp(original).metadata();
    expect(om.xmp).toBeUndefined();
    expect(original.includes(Buffer.from('SECRETCITY'))).toBe(false);
    // The colour profile is what makes the colours right: it stays (the same bytes as the input's).
    expect(om.icc?.equals(inMeta.icc ?? Buffer.alloc(0))).toBe(true);
    expect(createHash('sha256').update(original).digest('hex')).toBe(a.sha256);
    const b = expectOk(await processHeadshotFile(write('xmp-b.jpg', bytes), dataDir));
    expect([b.sha256, b.wroteFiles]).toEqual([a.sha256, false]);
  });

  it('HEIC: decoded where the build supports it, otherwise a clear UNSUPPORTED_FORMAT', async () => {
    const r = await processHeadshotFile(write('IMG_0001.HEIC', heicHeader()), dataDir);
    if (heicSupported()) expect(r.ok ? 'ok' : r.code).not.toBe('UNSUPPORTED_FORMAT');
    else {
      expectFail(r, 'UNSUPPORTED_FORMAT');
      if (!r.ok) expect(r.message).toMatch(/HEIC/);
    }
  });

  it('does not store the same bytes twice', async () => {
    const bytes = await jpeg(300, 200, 9);
    const a = expectOk(await processHeadshotFile(write('a.jpg', bytes), dataDir));
    const b = expectOk(await processHeadshotFile(write('b-copy.jpg', bytes), dataDir));
    expect(a.wroteFiles).toBe(true);
    expect(b.wroteFiles).toBe(false);
    expect(b.sha256).toBe(a.sha256);
  });

  it('leaves no temp files behind; stale ones from a crash are cleaned, fresh ones kept', async () => {
    const tmp = join(dataDir, 'media', 'tmp');
    expect(existsSync(tmp) ? readdir(tmp) : []).toEqual([]);
    writeFileSync(join(tmp, 'old.tmp'), 'x');
    utimesSync(
      join(tmp, 'old.tmp'),
      new Date(Date.now() - 2 * 3600_000),
      new Date(Date.now() - 2 * 3600_000),
    );
    writeFileSync(join(tmp, 'fresh.tmp'), 'x');
    expect(await cleanStaleTemp(dataDir)).toBe(1);
    expect(readdir(tmp)).toEqual(['fresh.tmp']);
  });
});

function readdir(p: string): string[] {
  return execFileSync('ls', ['-A', p], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('bad input, each a typed failure', () => {
  it('zero-byte file → EMPTY_FILE', async () => {
    expectFail(await processHeadshotFile(write('empty.jpg', ''), dataDir), 'EMPTY_FILE');
  });

  it('truncated JPEG → TRUNCATED', async () => {
    const bytes = await jpeg(800, 600, 1);
    expectFail(
      await processHeadshotFile(write('cut.jpg', bytes.subarray(0, bytes.length >> 1)), dataDir),
      'TRUNCATED',
    );
  });

  it('truncated PNG → TRUNCATED', async () => {
    const bytes = await photo(400, 300, 2).png().toBuffer();
    expectFail(
      await processHeadshotFile(write('cut.png', bytes.subarray(0, bytes.length >> 1)), dataDir),
      'TRUNCATED',
    );
  });

  it('a text file renamed .jpg → NOT_AN_IMAGE', async () => {
    expectFail(
      await processHeadshotFile(write('notes.jpg', 'Priya Sharma, 28, Mumbai\n'.repeat(20)), dataDir),
      'NOT_AN_IMAGE',
    );
  });

  it('a PDF renamed .png → NOT_AN_IMAGE; a BMP → UNSUPPORTED_FORMAT', async () => {
    expectFail(
      await processHeadshotFile(write('doc.png', '%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), dataDir),
      'NOT_AN_IMAGE',
    );
    const bmp = Buffer.alloc(64);
    bmp.write('BM', 0, 'latin1');
    expectFail(await processHeadshotFile(write('old.bmp', bmp), dataDir), 'UNSUPPORTED_FORMAT');
  });

  it('a PNG claiming 30,000 × 30,000 pixels → TOO_MANY_PIXELS, refused before decoding', async () => {
    const bomb = pngClaiming(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200_000);
    // The file holds no pixel data for its claim: decoding it would fail as corrupt, so TOO_MANY_PIXELS
    // with the header's size shows it was refused from the header, before any decode.
    const r = await processHeadshotFile(write('bomb.png', bomb), dataDir);
    expectFail(r, 'TOO_MANY_PIXELS');
    if (!r.ok) expect(r.message).toContain('30000 × 30000');
  });

  it('a real image over the pixel limit → TOO_MANY_PIXELS (limitInputPixels)', async () => {
    const solid = await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const r = await processHeadshotFile(write('big-solid.png', solid), dataDir, {
      ...DEFAULT_LIMITS,
      maxInputPixels: 1_000_000,
    });
    expectFail(r, 'TOO_MANY_PIXELS');
  });

  it('a file over 50 MB → TOO_LARGE without reading it (sparse file)', async () => {
    const p = write('huge.jpg', await jpeg(64, 64));
    truncateSync(p, 51 * 1024 * 1024);
    const r = await processHeadshotFile(p, dataDir);
    expectFail(r, 'TOO_LARGE');
    if (!r.ok) expect(r.message).toContain('50 MB');
  });

  it('a file that vanished after the drop → NOT_FOUND', async () => {
    expectFail(await processHeadshotFile(join(dir, 'gone.jpg'), dataDir), 'NOT_FOUND');
  });

  it('a named pipe renamed .jpg (cannot be read as a file) → UNREADABLE, without blocking', async () => {
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    expectFail(await processHeadshotFile(fifo, dataDir), 'UNREADABLE');
  });

  it('a file without read permission → UNREADABLE (checked as an unprivileged user: root reads anything)', () => {
    // Tests run as root, which bypasses file modes; so run the check in a child process as "nobody".
    const d = join(dir, 'perm');
    mkdirSync(d);
    chmodSync(dir, 0o755);
    chmodSync(d, 0o755);
    const f = join(d, 'locked.jpg');
    writeFileSync(f, 'x');
    chmodSync(f, 0o000);
    const mod = new URL('../../src/backend/headshots/process.ts', import.meta.url).href;
    const script = `import { processHeadshotFile } from ${JSON.stringify(mod)};
      process.stdout.write(JSON.stringify(await processHeadshotFile(${JSON.stringify(f)}, ${JSON.stringify(join(d, 'data'))})));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      uid: 65534,
      gid: 65534,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as ProcessResult;
    expectFail(result, 'UNREADABLE');
    if (!result.ok) expect(result.message).toMatch(/permission denied/);
  });
});

describe('sniffFormat', () => {
  it('recognises by magic bytes, not extension', () => {
    const s = (b: number[] | string) =>
      sniffFormat(typeof b === 'string' ? Buffer.from(b, 'latin1') : Uint8Array.from(b));
    expect(s([0xff, 0xd8, 0xff, 0xe0])).toEqual({ ok: true, format: 'jpeg' });
    expect(s('GIF89a....')).toEqual({ ok: true, format: 'gif' });
    expect(s('RIFF\0\0\0\0WEBPVP8 ')).toEqual({ ok: true, format: 'webp' });
    expect(s('II*\0\x08\0\0\0')).toEqual({ ok: true, format: 'tiff' });
    expect(s('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf')).toEqual({ ok: true, format: 'avif' });
    expect(s('<svg xmlns="http://www.w3.org/2000/svg"></svg>').ok).toBe(false);
    expect(s('hello')).toMatchObject({ ok: false, code: 'NOT_AN_IMAGE' });
    expect(s([])).toMatchObject({ ok: false, code: 'EMPTY_FILE' });
  });
});
