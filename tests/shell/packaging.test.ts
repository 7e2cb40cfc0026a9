// electron-builder.yml as electron-builder itself reads it: valid against its schema, the four installers,
// the update feed, and the exact fuse wire it flips into the Electron binary before signing. (`npm run
// dist` needs the Electron download, so CI never packages; this is what keeps the configuration honest.)
import { join } from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { LinuxPackager } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { openedFileKind } from '../../src/main/shell-logic.ts';

const root = join(import.meta.dirname, '../..');
type Config = Awaited<ReturnType<typeof getConfig>>;
let config: Config;

beforeAll(async () => {
  config = await getConfig(root, join(root, 'electron-builder.yml'), null);
});

const targets = (t: unknown): string[] =>
  (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // …which would catch a misspelt fuse, instead of packaging with that fuse left at Electron's default.
    const typo = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } } as Config;
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('builds AppImage and deb, NSIS, and dmg', () => {
    expect(targets(config.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.win?.target)).toEqual(['nsis']);
    expect(targets(config.mac?.target)).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
  });

  it('publishes to a generic https update feed', () => {
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish])[0] as {
      provider: string;
      url: string;
    };
    expect(publish.provider).toBe('generic');
    expect(new URL(publish.url).protocol).toBe('https:');
  });

  it('packs the built app and migrations, and unpacks the native modules asar cannot load', () => {
    const patterns = (config.files as ({ filter?: string[] } | string)[]).flatMap((f) =>
      typeof f === 'string' ? [f] : (f.filter ?? []),
    );
    expect(patterns).toEqual(expect.arrayContaining(['out/**', 'drizzle/**', '!**/*.map']));
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/sharp/**']),
    );
    expect(config.asar).not.toBe(false);
  });

  it('registers "Open with" for script PDFs and spreadsheets, as the shell routes them', () => {
    const assoc = (config.fileAssociations ?? []) as { ext: string | string[]; rank?: string }[];
    const exts = assoc.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
    expect(exts.sort()).toEqual(['csv', 'pdf', 'xlsx']);
    // Never claims to be the default PDF viewer.
    expect(assoc.every((a) => a.rank === 'Alternate')).toBe(true);
    for (const ext of exts) expect(openedFileKind(`file.${ext}`)).toBe(ext === 'pdf' ? 'script' : 'import');
  });

  it('keeps signing and notarisation secrets out of the file (they come from the environment)', () => {
    const text = JSON.stringify(config);
    expect(text).not.toMatch(/password|cscLink|cscKeyPassword|appleId|apiKey/i);
  });
});

describe('fuses', () => {
  it('flips exactly the hardening fuses, as electron-builder computes the wire', async () => {
    // The same method electron-builder calls right before signing (PlatformPackager.doAddElectronFuses).
    const packager = LinuxPackager.prototype as unknown as {
      generateFuseConfig(f: NonNullable<Config['electronFuses']>): Promise<Record<number | string, unknown>>;
    };
    const wire = await packager.generateFuseConfig(config.electronFuses!);
    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
});
