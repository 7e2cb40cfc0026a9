// GET /v1/team (people and their devices) beside the admin-only changes it is shown with: role change and
// disable (PATCH /v1/users/:id), and that another office's people and devices never appear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createOffice,
  createTestDatabase,
  inviteUser,
  type Running,
  type SessionInfo,
  startServer,
  type TestDatabase,
} from './helpers.ts';

interface TeamBody {
  users: {
    id: string;
    email: string;
    displayName: string;
    role: string;
    disabled: boolean;
    joinedAt: string;
  }[];
  devices: { deviceId: string; userId: string; firstSeenAt: string; lastSeenAt: string; active: boolean }[];
}

let db: TestDatabase;
let srv: Running;
let base: string;
let admin: SessionInfo;
let director: SessionInfo;
let viewer: SessionInfo;
let other: SessionInfo;

const team = (s: SessionInfo) => call<TeamBody>(base, 'GET', '/v1/team', { token: s.accessToken });

beforeAll(async () => {
  db = await createTestDatabase('team');
  srv = await startServer(db.url);
  base = srv.base;
  admin = await createOffice(base, 'Team office');
  director = await inviteUser(base, admin, 'casting_director');
  viewer = await inviteUser(base, admin, 'viewer');
  other = await createOffice(base, 'Other office');
  await inviteUser(base, other, 'assistant');
});
afterAll(async () => {
  await srv?.server.close();
  await db?.drop();
});

describe('the team list', () => {
  it('lists the office’s people with their roles and the devices they signed in on, to every role', async () => {
    for (const s of [admin, viewer]) {
      const r = await team(s);
      expect(r.status).toBe(200);
      expect(r.body.users.map((u) => [u.id, u.role, u.disabled])).toEqual([
        [admin.user.id, 'admin', false],
        [director.user.id, 'casting_director', false],
        [viewer.user.id, 'viewer', false],
      ]);
      expect(
        r.body.devices
          .map((d) => [d.userId, d.deviceId, d.active])
          .sort((x, y) => x[1]!.toString().localeCompare(y[1]!.toString())),
      ).toEqual(
        [
          [admin.user.id, admin.deviceId, true],
          [director.user.id, director.deviceId, true],
          [viewer.user.id, viewer.deviceId, true],
        ].sort((x, y) => x[1]!.toString().localeCompare(y[1]!.toString())),
      );
    }
  });

  it('never shows another office’s people or devices', async () => {
    const mine = await team(other);
    expect(mine.body.users).toHaveLength(2);
    const ids = new Set([...mine.body.users.map((u) => u.id), ...mine.body.devices.map((d) => d.userId)]);
    for (const s of [admin, director, viewer]) expect(ids.has(s.user.id)).toBe(false);
    expect(mine.body.devices.map((d) => d.deviceId)).not.toContain(admin.deviceId);
    // And the admin of one office cannot change a person of the other.
    const patch = await call(base, 'PATCH', `/v1/users/${director.user.id}`, {
      token: other.accessToken,
      body: { role: 'viewer' },
    });
    expect(patch.status).toBe(404);
  });

  it('shows a role change and a disabled person (whose devices are then inactive); only an admin may', async () => {
    const refused = await call(base, 'PATCH', `/v1/users/${director.user.id}`, {
      token: viewer.accessToken,
      body: { disabled: true },
    });
    expect(refused.status).toBe(403);
    const role = await call(base, 'PATCH', `/v1/users/${viewer.user.id}`, {
      token: admin.accessToken,
      body: { role: 'assistant' },
    });
    expect(role.status).toBe(200);
    const off = await call(base, 'PATCH', `/v1/users/${director.user.id}`, {
      token: admin.accessToken,
      body: { disabled: true },
    });
    expect(off.status).toBe(200);
    const r = await team(admin);
    expect(r.body.users.find((u) => u.id === viewer.user.id)?.role).toBe('assistant');
    expect(r.body.users.find((u) => u.id === director.user.id)?.disabled).toBe(true);
    expect(r.body.devices.find((d) => d.userId === director.user.id)?.active).toBe(false);
    expect(r.body.devices.find((d) => d.userId === admin.user.id)?.active).toBe(true);
  });

  it('needs a sign-in', async () => {
    expect((await call(base, 'GET', '/v1/team')).status).toBe(401);
  });
});
