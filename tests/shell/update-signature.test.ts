// The update gate: a downloaded update installs only if the release key's Ed25519 signature over its name,
// version and SHA-512 verifies against the pinned public key, whatever the (possibly hostile) feed says.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isNewerVersion,
  sha512Base64,
  signUpdate,
  UPDATE_FEED_URL,
  verifyUpdate,
} from '../../src/main/update-signature.ts';
import { tempDir } from '../support/db.ts';

const pem = (
  k: { export(o: { type: 'spki' | 'pkcs8'; format: 'pem' }): string | Buffer },
  type: 'spki' | 'pkcs8',
) => String(k.export({ type, format: 'pem' }));
const release = generateKeyPairSync('ed25519');
const publicKeyPem = pem(release.publicKey, 'spki');
const privateKeyPem = pem(release.privateKey, 'pkcs8');

const NAME = 'CastMatch-0.2.0.AppImage';
let file: string;
let signature: string;
let announced: string;

beforeAll(async () => {
  file = join(tempDir(), NAME);
  writeFileSync(file, randomBytes(3 * 1024 * 1024 + 17));
  signature = await signUpdate(file, '0.2.0', privateKeyPem);
  announced = await sha512Base64(file);
});

const base = () => ({
  file,
  version: '0.2.0',
  currentVersion: '0.1.0',
  announcedSha512: announced,
  signature,
  publicKeyPem,
});

describe('verifyUpdate', () => {
  it('accepts the release as signed', async () => {
    expect(await verifyUpdate(base())).toEqual({ ok: true, sha512: announced });
    // A trailing newline in the .sig file (as editors and `echo` write it) is fine.
    expect((await verifyUpdate({ ...base(), signature: `${signature}\n` })).ok).toBe(true);
  });

  it('refuses a corrupt download, by the announced checksum and by the signature', async () => {
    const bad = join(tempDir(), NAME);
    const bytes = readFileSync(file);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0x01; // one bit flipped in transit
    writeFileSync(bad, bytes);
    expect(await verifyUpdate({ ...base(), file: bad })).toEqual({ ok: false, reason: 'SHA_MISMATCH' });
    expect(await verifyUpdate({ ...base(), file: bad, announcedSha512: undefined })).toEqual({
      ok: false,
      reason: 'SIGNATURE_MISMATCH',
    });
  });

  it('refuses a feed that swapped the file and its checksum together (TLS or server compromised)', async () => {
    const evil = join(tempDir(), NAME);
    writeFileSync(evil, randomBytes(1024));
    const evilSha = await sha512Base64(evil);
    expect(await verifyUpdate({ ...base(), file: evil, announcedSha512: evilSha })).toEqual({
      ok: false,
      reason: 'SIGNATURE_MISMATCH',
    });
    // …even with a signature of its own making.
    const other = generateKeyPairSync('ed25519');
    const forged = await signUpdate(evil, '0.2.0', pem(other.privateKey, 'pkcs8'));
    expect(
      await verifyUpdate({ ...base(), file: evil, announcedSha512: evilSha, signature: forged }),
    ).toMatchObject({ ok: false, reason: 'SIGNATURE_MISMATCH' });
  });

  it('binds the version and name: no replaying a signature, no downgrade', async () => {
    expect(await verifyUpdate({ ...base(), version: '0.3.0' })).toMatchObject({
      reason: 'SIGNATURE_MISMATCH',
    });
    expect(await verifyUpdate({ ...base(), fileName: 'CastMatch-Setup-0.2.0.exe' })).toMatchObject({
      reason: 'SIGNATURE_MISMATCH',
    });
    expect(await verifyUpdate({ ...base(), currentVersion: '0.2.0' })).toMatchObject({ reason: 'NOT_NEWER' });
    expect(await verifyUpdate({ ...base(), currentVersion: '0.10.0' })).toMatchObject({
      reason: 'NOT_NEWER',
    });
  });

  it('fails closed without a usable key or signature', async () => {
    expect(await verifyUpdate({ ...base(), publicKeyPem: null })).toEqual({ ok: false, reason: 'NO_KEY' });
    expect(await verifyUpdate({ ...base(), publicKeyPem: 'not a key' })).toEqual({
      ok: false,
      reason: 'BAD_KEY',
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await verifyUpdate({ ...base(), publicKeyPem: pem(rsa.publicKey, 'spki') })).toEqual({
      ok: false,
      reason: 'BAD_KEY',
    });
    for (const s of ['', '<html>404 Not Found</html>', signature.slice(0, 40), `${signature}AAAA`])
      expect(await verifyUpdate({ ...base(), signature: s }), s).toEqual({
        ok: false,
        reason: 'BAD_SIGNATURE_FORMAT',
      });
  });
});

describe('isNewerVersion', () => {
  it('orders versions as semver does', () => {
    const newer: [string, string][] = [
      ['0.2.0', '0.1.9'],
      ['0.10.0', '0.9.0'],
      ['1.0.0', '1.0.0-beta.3'],
      ['1.0.0-beta.10', '1.0.0-beta.9'],
      ['v2.0.0', '1.9.9'],
    ];
    for (const [a, b] of newer) {
      expect(isNewerVersion(a, b), `${a} > ${b}`).toBe(true);
      expect(isNewerVersion(b, a), `${b} > ${a}`).toBe(false);
    }
    expect(isNewerVersion('1.0.0', '1.0.0')).toBe(false);
    expect(isNewerVersion('latest', '1.0.0')).toBe(false);
    expect(isNewerVersion('1.0', '0.9.0')).toBe(false);
  });
});

it('checks signatures on the feed electron-builder.yml publishes to', async () => {
  const root = join(import.meta.dirname, '../..');
  const config = await getConfig(root, join(root, 'electron-builder.yml'), null);
  const publish = (Array.isArray(config.publish) ? config.publish : [config.publish])[0] as { url: string };
  expect(UPDATE_FEED_URL).toBe(`${publish.url.replace(/\/$/, '')}/`);
});
