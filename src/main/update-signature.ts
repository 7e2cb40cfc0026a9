// Update integrity that does not rest on TLS alone. electron-updater checks a download against the SHA-512
// in latest*.yml, but that file comes from the same server: whoever controls the server (or its TLS) can
// change both. So every release also publishes `<file>.sig`, an Ed25519 signature by the release key over
// one line binding the file's name, version and SHA-512; the app pins the public key and installs nothing
// that does not verify. Plain node:crypto, no electron import: tested under Node (tests/shell).
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The update feed, as in electron-builder.yml's publish.url (a test keeps them equal). */
export const UPDATE_FEED_URL = 'https://updates.castmatch.in/desktop/';

/** The signed statement: a fixed prefix, so a signature made for anything else never verifies here. */
export function signedMessage(fileName: string, version: string, sha512Base64: string): Buffer {
  return Buffer.from(`castmatch-update-v1\n${fileName}\n${version}\n${sha512Base64}\n`, 'utf8');
}

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('base64');
}

export type UpdateVerdict =
  | { ok: true; sha512: string }
  | {
      ok: false;
      reason:
        | 'NO_KEY'
        | 'BAD_KEY'
        | 'BAD_SIGNATURE_FORMAT'
        | 'SIGNATURE_MISMATCH'
        | 'NOT_NEWER'
        | 'SHA_MISMATCH';
    };

/** Whether `a` is a newer semver than `b` (x.y.z with an optional -prerelease, which sorts before the release). */
export function isNewerVersion(a: string, b: string): boolean {
  const parse = (v: string) => {
    const m = v
      .trim()
      .replace(/^v/, '')
      .match(/^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/);
    return m ? { n: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? null } : null;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return false;
  for (let i = 0; i < 3; i++) if (x.n[i] !== y.n[i]) return x.n[i]! > y.n[i]!;
  if (x.pre === y.pre) return false;
  if (x.pre === null) return true; // 1.2.0 is newer than 1.2.0-beta.1
  if (y.pre === null) return false;
  return x.pre.localeCompare(y.pre, 'en', { numeric: true }) > 0;
}

export interface VerifyInput {
  /** The downloaded installer / AppImage on disk. */
  file: string;
  /** Its name on the feed (what was signed), e.g. CastMatch-0.2.0.AppImage. */
  fileName?: string;
  version: string;
  currentVersion: string;
  /** The SHA-512 latest*.yml announced (base64), when known: it must match too. */
  announcedSha512?: string;
  /** The `.sig` file's content: the base64 Ed25519 signature. */
  signature: string;
  /** The pinned public key (PEM, SPKI), shipped with the app; null fails closed. */
  publicKeyPem: string | null;
}

/** The whole decision: key, version, digest and signature. Nothing is installed unless this says ok. */
export async function verifyUpdate(input: VerifyInput): Promise<UpdateVerdict> {
  if (!input.publicKeyPem) return { ok: false, reason: 'NO_KEY' };
  let key: KeyObject;
  try {
    key = createPublicKey(input.publicKeyPem);
  } catch {
    return { ok: false, reason: 'BAD_KEY' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'BAD_KEY' };
  if (!isNewerVersion(input.version, input.currentVersion)) return { ok: false, reason: 'NOT_NEWER' };
  const sigText = input.signature.trim();
  const sig = Buffer.from(sigText, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(sigText) || sig.length !== 64)
    return { ok: false, reason: 'BAD_SIGNATURE_FORMAT' };
  const sha512 = await sha512Base64(input.file);
  if (input.announcedSha512 !== undefined && input.announcedSha512 !== sha512)
    return { ok: false, reason: 'SHA_MISMATCH' };
  const message = signedMessage(input.fileName ?? basename(input.file), input.version, sha512);
  return verify(null, message, key, sig) ? { ok: true, sha512 } : { ok: false, reason: 'SIGNATURE_MISMATCH' };
}

/** The release side (run where the private key is, never in the app): the `.sig` content for one file. */
export async function signUpdate(
  file: string,
  version: string,
  privateKeyPem: string,
  fileName = basename(file),
) {
  const { createPrivateKey, sign } = await import('node:crypto');
  const message = signedMessage(fileName, version, await sha512Base64(file));
  return sign(null, message, createPrivateKey(privateKeyPem)).toString('base64');
}
