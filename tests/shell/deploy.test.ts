// The server's deployment files, checked for shape (no Docker engine here): the compose file's services and
// the settings it gives the servers (parsed by the server's own config reader), Caddy's upstreams and health
// check, the image (non-root, health check on the server's /health), and the systemd unit.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseEnv, startupWarnings } from '../../src/server/config.ts';

const root = join(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  init?: boolean;
}
const compose = load(read('compose.yaml')) as { services: Record<string, Service> };
const services = compose.services;

/** What compose would pass: ${VAR:?msg} / ${VAR:-default} filled in from `vars`. */
const substitute = (v: string, vars: Record<string, string>) =>
  v.replace(
    /\$\{(\w+)(?::[?-]([^}]*))?\}/g,
    (_m, name: string, rest: string | undefined) => vars[name] ?? rest ?? '',
  );

describe('compose.yaml', () => {
  it('runs Postgres, Redis, two server instances, Caddy and a backup job', () => {
    expect(Object.keys(services).sort()).toEqual([
      'caddy',
      'pg-backup',
      'postgres',
      'redis',
      'server-1',
      'server-2',
    ]);
    expect(services['server-1']).toEqual(services['server-2']);
    expect(services['server-1']!.build).toBe('.');
    expect(services['server-1']!.init).toBe(true);
    expect(services['server-1']!.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    expect(services.postgres!.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
    expect(services.redis!.healthcheck?.test.join(' ')).toMatch(/redis-cli ping/);
    expect(services.caddy!.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(services['pg-backup']!.image).toBe(services.postgres!.image);
  });

  it('gives the servers a configuration the server accepts, with nothing left open', () => {
    const vars = {
      POSTGRES_PASSWORD: 'pw-1234567890',
      JWT_SECRET: 'j'.repeat(40),
      SIGNUP_SECRET: 'office-2026',
    };
    const raw = Object.fromEntries(
      Object.entries(services['server-1']!.environment ?? {}).map(([k, v]) => [
        k,
        substitute(String(v), vars),
      ]),
    );
    const env = parseEnv(raw);
    expect(new URL(env.DATABASE_URL!).hostname).toBe('postgres');
    expect(new URL(env.REDIS_URL!).hostname).toBe('redis');
    expect(env.TRUST_PROXY).toBe('true');
    expect(startupWarnings(raw, env)).toEqual([]);
    // Secrets are required, never defaulted.
    for (const secret of ['JWT_SECRET', 'SIGNUP_SECRET'])
      expect(services['server-1']!.environment?.[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
    expect(services.postgres!.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });
});

describe('Caddyfile', () => {
  it('balances over both instances on their port, checking /health, and keeps /metrics internal', () => {
    const caddy = read('Caddyfile');
    const port = services['server-1']!.environment?.PORT;
    expect(caddy).toMatch(new RegExp(`reverse_proxy server-1:${port} server-2:${port}`));
    expect(caddy).toMatch(/health_uri \/health/);
    expect(caddy).toMatch(/handle \/metrics \{\s*respond 404/);
  });
});

describe('Dockerfile', () => {
  const docker = read('Dockerfile');
  it('builds on node:22-slim, runs as a non-root user and checks /health', () => {
    expect(docker).toMatch(/^FROM node:22-slim/m);
    const user = [...docker.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(docker).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(read('src/server/server.ts')).toMatch(/app\.get\('\/health'/);
    expect(docker).toMatch(/^CMD \["node", "src\/server\/main\.ts"\]/m);
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const allowed = read('.dockerignore')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1));
    const sources = [...docker.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) {
      expect(existsSync(join(root, s)), s).toBe(true);
      expect(allowed, s).toContain(s);
    }
  });
});

describe('systemd', () => {
  it('runs node on main.ts as an unprivileged user and stops it with SIGTERM', () => {
    const unit = read('deploy/castmatch-server.service');
    expect(unit).toMatch(/^ExecStart=\S*node src\/server\/main\.ts$/m);
    expect(unit).toMatch(/^User=castmatch$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(read('deploy/castmatch-pg-backup.timer')).toMatch(/^OnCalendar=/m);
    expect(read('deploy/castmatch-pg-backup.service')).toMatch(/pg_dump --format=custom/);
  });
});
