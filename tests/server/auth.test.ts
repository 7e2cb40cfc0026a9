// Accounts and tokens: argon2id, JWT checks (expired, forged, wrong audience/issuer/algorithm), refresh rotation
// with reuse detection, device binding, sign-out, invites, roles, login rate limits.
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  deviceId,
  hlcAt,
  inviteUser,
  JWT_SECRET,
  pull,
  push,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
  uniqueEmail,
} from './helpers.ts';

let db: TestDatabase;
let srv: Running;
let base: string;
let admin: SessionInfo & { password: string };

beforeAll(async () => {
  db = await createTestDatabase('auth');
  srv = await startServer(db.url);
  base = srv.base;
  admin = await createOffice(base, 'Auth office');
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

const me = (token: string) => call(base, 'GET', '/v1/me', { token });
const key = new TextEncoder().encode(JWT_SECRET);

/** The claims of a real session of `s` (its sign-in id read from its own access token), to forge variants of. */
function claimsFor(s: SessionInfo) {
  const { sid } = decodeJwt(s.accessToken);
  return { oid: s.user.officeId, role: s.user.role, dev: s.deviceId, tv: 0, sid };
}

describe('passwords and login', () => {
  it('stores an argon2id hash, never the password', async () => {
    const r = await db.admin.query('SELECT password_hash FROM castmatch.users WHERE id = $1', [
      admin.user.id,
    ]);
    expect(r.rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(r.rows[0].password_hash).not.toContain(admin.password);
  });

  it('logs in with the right password only; unknown email and wrong password look the same', async () => {
    const ok = await call(base, 'POST', '/v1/auth/login', {
      body: { email: admin.user.email.toUpperCase(), password: admin.password, deviceId: deviceId() },
    });
    expect(ok.status).toBe(200);
    expect((await me(String(ok.body.accessToken))).status).toBe(200);
    const wrong = await call(base, 'POST', '/v1/auth/login', {
      body: { email: admin.user.email, password: 'not the password', deviceId: deviceId() },
    });
    const unknown = await call(base, 'POST', '/v1/auth/login', {
      body: { email: 'nobody@example.test', password: 'whatever123', deviceId: deviceId() },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('refuses a second office with an email already in use', async () => {
    const r = await call(base, 'POST', '/v1/offices', {
      body: {
        officeName: 'Dup',
        email: admin.user.email,
        password: 'long enough pw',
        displayName: 'X',
        deviceId: deviceId(),
      },
    });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflict');
  });

  it('rate-limits login per account and per IP (shared in Redis when configured)', async () => {
    const limited = await startServer(db.url, {
      limits: { ...srv.server.ctx.config.limits, loginPerAccount: 3, loginPerIp: 6 },
    });
    try {
      const attempt = (email: string) =>
        call(limited.base, 'POST', '/v1/auth/login', {
          body: { email, password: 'wrong-password', deviceId: deviceId() },
        });
      const target = uniqueEmail('victim');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt(target)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const other = [];
      for (let i = 0; i < 3; i++) other.push((await attempt(uniqueEmail('spray'))).status);
      expect(other).toEqual([401, 401, 429]); // 7th attempt from this IP
      const r = await attempt(uniqueEmail('spray'));
      expect(r.body.code).toBe('rate_limited');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.server.close();
    }
  });

  it('wrong passwords from one address never lock the owner out from another (limit by account and IP)', async () => {
    const limited = await startServer(db.url, {
      limits: { ...srv.server.ctx.config.limits, loginPerAccount: 10, loginPerIp: 30 },
    });
    try {
      const office = await createOffice(base, 'Lockout office');
      const login = (remoteAddress: string, password: string) =>
        limited.server.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          remoteAddress,
          headers: { 'x-castmatch-schema-version': '1', 'content-type': 'application/json' },
          payload: { email: office.user.email, password, deviceId: deviceId() },
        });
      const stranger = [];
      for (let i = 0; i < 10; i++)
        stranger.push((await login('203.0.113.7', `guess-number-${i}`)).statusCode);
      expect(stranger).toEqual(Array(10).fill(401));
      // The stranger's address is stopped, even with the right password...
      const blocked = await login('203.0.113.7', office.password);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: 'rate_limited' });
      // ...while the casting director signs in from the office.
      const owner = await login('198.51.100.20', office.password);
      expect(owner.statusCode).toBe(200);
      expect(owner.json()).toHaveProperty('accessToken');
    } finally {
      await limited.server.close();
    }
  });
});

describe('access tokens', () => {
  it('rejects a missing, malformed or forged token', async () => {
    expect((await call(base, 'GET', '/v1/me')).status).toBe(401);
    expect((await me('not-a-jwt')).body.code).toBe('unauthorized');
    const forged = await new SignJWT(claimsFor(admin))
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(admin.user.id)
      .setIssuer('castmatch-server')
      .setAudience('castmatch-desktop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-different-secret-of-enough-length-000'));
    const r = await me(forged);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthorized');
  });

  it('rejects an expired token with token_expired', async () => {
    const expired = await new SignJWT(claimsFor(admin))
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(admin.user.id)
      .setIssuer('castmatch-server')
      .setAudience('castmatch-desktop')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const r = await me(expired);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('token_expired');
  });

  it('accepts a token signed like ours (the forgeries below fail for their one difference only)', async () => {
    const t = await new SignJWT(claimsFor(admin))
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(admin.user.id)
      .setIssuer('castmatch-server')
      .setAudience('castmatch-desktop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    expect((await me(t)).status).toBe(200);
  });

  it.each([
    ['wrong audience', { aud: 'someone-else' }],
    ['wrong issuer', { iss: 'evil' }],
    ['another algorithm', { alg: 'HS512' }],
  ])('rejects a token with the %s', async (_l, v) => {
    const t = await new SignJWT(claimsFor(admin))
      .setProtectedHeader({ alg: 'alg' in v ? v.alg : 'HS256' })
      .setSubject(admin.user.id)
      .setIssuer('iss' in v ? v.iss : 'castmatch-server')
      .setAudience('aud' in v ? v.aud : 'castmatch-desktop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    expect((await me(t)).status).toBe(401);
  });

  it('rejects an unsigned (alg none) token', async () => {
    const t = new UnsecuredJWT(claimsFor(admin))
      .setSubject(admin.user.id)
      .setIssuer('castmatch-server')
      .setAudience('castmatch-desktop')
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    expect((await me(t)).status).toBe(401);
  });
});

describe('refresh tokens', () => {
  async function login(dev = deviceId()) {
    const r = await call<{ accessToken: string; refreshToken: string }>(base, 'POST', '/v1/auth/login', {
      body: { email: admin.user.email, password: admin.password, deviceId: dev },
    });
    expect(r.status).toBe(200);
    return { ...r.body, dev };
  }
  const refresh = (refreshToken: string, dev: string) =>
    call<{ accessToken: string; refreshToken: string }>(base, 'POST', '/v1/auth/refresh', {
      body: { refreshToken, deviceId: dev },
    });

  it('rotates: each refresh token works once and yields a new pair', async () => {
    const s = await login();
    const r1 = await refresh(s.refreshToken, s.dev);
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(s.refreshToken);
    expect((await me(r1.body.accessToken)).status).toBe(200);
    const r2 = await refresh(r1.body.refreshToken, s.dev);
    expect(r2.status).toBe(200);
    const stored = await db.admin.query('SELECT token_hash FROM castmatch.refresh_tokens');
    expect(stored.rows.map((x) => x.token_hash)).not.toContain(r2.body.refreshToken);
  });

  it('reuse of an old token revokes the whole family', async () => {
    const s = await login();
    const r1 = await refresh(s.refreshToken, s.dev);
    const replay = await refresh(s.refreshToken, s.dev);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'refresh_reused' });
    // The legitimate holder's newer token is dead too.
    const after = await refresh(r1.body.refreshToken, s.dev);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('refresh_invalid');
  });

  it('reuse of an old token refuses every access token of that family at once, not at their expiry', async () => {
    const s = await login();
    const other = await login(); // the same user signed in on another desktop: a family of its own
    const r1 = await refresh(s.refreshToken, s.dev);
    expect((await me(s.accessToken)).status).toBe(200);
    expect((await me(r1.body.accessToken)).status).toBe(200);
    const pushWith = (accessToken: string, dev: string) =>
      push(base, { ...admin, accessToken, deviceId: dev }, [
        { table: 'talent', rowId: 'fam1', column: 'name', value: 'x', hlc: hlcAt(9) },
      ]);
    expect((await pushWith(r1.body.accessToken, s.dev)).status).toBe(200);
    expect((await refresh(s.refreshToken, s.dev)).body.code).toBe('refresh_reused');
    for (const token of [s.accessToken, r1.body.accessToken]) {
      const r = await me(token);
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('unauthorized');
      expect((await pull(base, { ...admin, accessToken: token }, 0)).status).toBe(401);
    }
    expect((await pushWith(r1.body.accessToken, s.dev)).status).toBe(401);
    // The socket too: no pokes for a revoked sign-in.
    const ws = new (await import('ws')).WebSocket(`${base.replace('http', 'ws')}/v1/ws`, {
      headers: { authorization: `Bearer ${r1.body.accessToken}`, 'x-castmatch-schema-version': '1' },
    });
    const first = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    expect(JSON.parse(first)).toMatchObject({ type: 'error', code: 'unauthorized' });
    ws.close();
    // The same user's other sign-in is untouched.
    expect((await me(other.accessToken)).status).toBe(200);
    expect((await pushWith(other.accessToken, other.dev)).status).toBe(200);
  });

  it("signing out refuses that sign-in's access token at once", async () => {
    const s = await login();
    expect((await me(s.accessToken)).status).toBe(200);
    await call(base, 'POST', '/v1/auth/logout', { body: { refreshToken: s.refreshToken } });
    expect((await me(s.accessToken)).status).toBe(401);
  });

  it('of two concurrent refreshes with one token, exactly one succeeds', async () => {
    const s = await login();
    const rs = await Promise.all([refresh(s.refreshToken, s.dev), refresh(s.refreshToken, s.dev)]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('is bound to its device', async () => {
    const s = await login();
    const stolen = await refresh(s.refreshToken, deviceId());
    expect(stolen.status).toBe(401);
    expect((await refresh(s.refreshToken, s.dev)).status).toBe(401);
  });

  it('rejects unknown and signed-out tokens', async () => {
    expect((await refresh('x'.repeat(43), deviceId())).body.code).toBe('refresh_invalid');
    const s = await login();
    expect(
      (await call(base, 'POST', '/v1/auth/logout', { body: { refreshToken: s.refreshToken } })).status,
    ).toBe(204);
    expect((await refresh(s.refreshToken, s.dev)).status).toBe(401);
  });

  it('sign out everywhere kills every access and refresh token of the user', async () => {
    const office = await createOffice(base, 'Logout all');
    const second = await call<{ accessToken: string; refreshToken: string }>(base, 'POST', '/v1/auth/login', {
      body: { email: office.user.email, password: office.password, deviceId: deviceId() },
    });
    expect((await call(base, 'POST', '/v1/auth/logout-all', { token: office.accessToken })).status).toBe(204);
    expect((await me(office.accessToken)).status).toBe(401);
    expect((await me(second.body.accessToken)).status).toBe(401);
    expect((await refresh(office.refreshToken, office.deviceId)).status).toBe(401);
    // Signing in again works.
    const again = await call(base, 'POST', '/v1/auth/login', {
      body: { email: office.user.email, password: office.password, deviceId: deviceId() },
    });
    expect((await me(String(again.body.accessToken))).status).toBe(200);
  });
});

describe('invites and roles', () => {
  it('lets an admin invite; the code works once', async () => {
    const inv = await call<{ code: string }>(base, 'POST', '/v1/invites', {
      token: admin.accessToken,
      body: { role: 'assistant' },
    });
    expect(inv.status).toBe(201);
    expect(inv.body.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const accept = (email: string) =>
      call(base, 'POST', '/v1/invites/accept', {
        body: {
          code: inv.body.code.toLowerCase(),
          email,
          password: 'assistant pass',
          displayName: 'Asst',
          deviceId: deviceId(),
        },
      });
    const first = await accept(uniqueEmail('asst'));
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ role: 'assistant', officeId: admin.user.officeId });
    const second = await accept(uniqueEmail('asst2'));
    expect(second.status).toBe(400);
    expect(second.body.code).toBe('invalid_invite');
  });

  it('only admins invite', async () => {
    const cd = await inviteUser(base, admin, 'casting_director');
    const r = await call(base, 'POST', '/v1/invites', { token: cd.accessToken, body: { role: 'viewer' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
  });

  it('viewers read but cannot push or upload', async () => {
    const viewer = await inviteUser(base, admin, 'viewer');
    const change = { table: 'talent', rowId: 'v1', column: 'name', value: 'x', hlc: hlcAt(1) };
    const r = await push(base, viewer, [change]);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
    expect((await pull(base, viewer, 0)).status).toBe(200);
    const blob = await call(base, 'PUT', `/v1/blobs/${'0'.repeat(64)}`, {
      token: viewer.accessToken,
      raw: Buffer.from('x'),
    });
    expect(blob.status).toBe(400); // hash checked first; with the right hash:
    const data = Buffer.from('viewer bytes');
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(data).digest('hex');
    expect(
      (await call(base, 'PUT', `/v1/blobs/${sha}`, { token: viewer.accessToken, raw: data })).status,
    ).toBe(403);
    // A casting director can push.
    const cd = await inviteUser(base, admin, 'casting_director');
    expect((await push(base, cd, [change])).status).toBe(200);
  });

  it('an admin changes roles and disables accounts; a disabled account is locked out at once', async () => {
    const asst = await inviteUser(base, admin, 'viewer');
    const change = { table: 'talent', rowId: 'role1', column: 'name', value: 'x', hlc: hlcAt(2) };
    expect((await push(base, asst, [change])).status).toBe(403);
    const promote = await call(base, 'PATCH', `/v1/users/${asst.user.id}`, {
      token: admin.accessToken,
      body: { role: 'casting_director' },
    });
    expect(promote.body).toMatchObject({ role: 'casting_director', disabled: false });
    // The role is read from the database on each request, so the same access token can now push.
    expect((await push(base, asst, [change])).status).toBe(200);
    const byNonAdmin = await call(base, 'PATCH', `/v1/users/${admin.user.id}`, {
      token: asst.accessToken,
      body: { role: 'viewer' },
    });
    expect(byNonAdmin.status).toBe(403);
    await call(base, 'PATCH', `/v1/users/${asst.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect((await me(asst.accessToken)).status).toBe(401);
    const refreshed = await call(base, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: asst.refreshToken, deviceId: asst.deviceId },
    });
    expect(refreshed.status).toBe(401);
    const self = await call(base, 'PATCH', `/v1/users/${admin.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(self.status).toBe(409);
  });
});
