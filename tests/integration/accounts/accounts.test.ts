import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '@tandem/protocol';
import { accessOf, Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { upgradeStatus } from '../../helpers/sockets.js';

/** Seconds it took a socket to close, with its code. */
async function closesWithin(socket: { closed: Promise<number> }, ms: number): Promise<number> {
  return Promise.race([socket.closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms))]);
}

describe('accounts mode (the default)', () => {
  let server: TestServer;
  let admin: Person;
  let bea: Person;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'accounts' });
    admin = new Person(server.url, 'ada@example.com');
    bea = new Person(server.url, 'bea@example.com');
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('offers the first account to the first visitor, once, as admin', async () => {
    const anonymous = new Person(server.url, 'nobody@example.com');
    expect((await anonymous.api('GET', '/api/auth/me')).json).toEqual({
      mode: 'accounts',
      user: null,
      needsSetup: true,
      signup: 'invite',
      oidc: { enabled: false },
    });
    expect((await anonymous.signup()).status).toBe(409);
    const made = await admin.setup('Ada');
    expect(made.status).toBe(201);
    expect(made.json.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', admin: true });
    const cookie = made.headers.get('set-cookie')!;
    expect(cookie).toMatch(/tandem_session=[A-Za-z0-9_-]{43}/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here
    expect((await new Person(server.url, 'eve@example.com').setup()).status).toBe(409);
    expect((await admin.api('GET', '/api/auth/me')).json).toMatchObject({ user: { email: 'ada@example.com', admin: true }, needsSetup: false });
  });

  it('keeps sign-up invite-only until the admin opens it', async () => {
    expect((await bea.signup()).status).toBe(403);
    expect((await bea.api('PUT', '/api/admin/settings', { signup: 'open' })).status).toBe(401);
    expect((await admin.api('PUT', '/api/admin/settings', { signup: 'sideways' })).status).toBe(400);
    expect((await admin.api('PUT', '/api/admin/settings', { signup: 'open' })).json).toEqual({ signup: 'open' });
    const res = await bea.signup();
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ email: 'bea@example.com', admin: false });
    expect((await new Person(server.url, 'BEA@example.com').signup()).status).toBe(409);
    await admin.api('PUT', '/api/admin/settings', { signup: 'invite' });
  });

  it('lets nobody see or open a document that is not theirs', async () => {
    const id = await admin.createDoc('Private plans');
    const anonymous = new Person(server.url, 'x@example.com');
    expect((await anonymous.api('GET', '/api/recent')).status).toBe(401);
    expect((await anonymous.api('GET', `/api/docs/${id}`)).status).toBe(401);
    expect((await bea.api('GET', `/api/docs/${id}`)).status).toBe(403);
    expect((await bea.api('GET', `/api/docs/${id}/export?format=txt`)).status).toBe(403);
    expect((await bea.api('GET', `/api/docs/never-made`)).status).toBe(403); // same answer: existence is not told
    expect((await bea.api('GET', '/api/recent')).json.docs.map((d: { id: string }) => d.id)).not.toContain(id);
    expect((await bea.api('GET', '/api/docs')).status).toBe(403);
    expect(await upgradeStatus(server.port, `/sync/${id}`)).toBe(401);
    expect(await upgradeStatus(server.port, `/sync/${id}`, { cookie: bea.cookie })).toBe(403);
    const mine = (await admin.api('GET', '/api/recent')).json.docs;
    expect(mine).toContainEqual(expect.objectContaining({ id, title: 'Private plans', role: 'owner' }));
    // Taking a document's id over by "creating" it again is refused.
    expect((await bea.api('POST', '/api/docs', { id })).status).toBe(409);
  });

  it("gives a viewer a read-only socket and refuses a viewer's writes over REST", async () => {
    const id = await admin.createDoc('Shared');
    const shared = await admin.api('POST', `/api/docs/${id}/access/members`, { email: 'bea@example.com', role: 'viewer' });
    expect(shared.status).toBe(201);
    expect(shared.json.member).toMatchObject({ email: 'bea@example.com', role: 'viewer' });
    expect((await bea.api('GET', '/api/recent')).json.docs).toContainEqual(expect.objectContaining({ id, role: 'viewer' }));
    const access = (await bea.api('GET', `/api/docs/${id}/access`)).json;
    expect(access).toMatchObject({ role: 'viewer', owner: { email: 'ada@example.com' }, link: { role: null } });
    expect(access.members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      ['ada@example.com', 'owner'],
      ['bea@example.com', 'viewer'],
    ]);
    expect((await bea.api('PATCH', `/api/docs/${id}`, { title: 'hacked' })).status).toBe(403);
    expect((await bea.api('DELETE', `/api/docs/${id}`)).status).toBe(403);
    expect((await bea.api('POST', `/api/docs/${id}/access/members`, { email: 'x@example.com', role: 'owner' })).status).toBe(403);

    const socket = await bea.socket(id);
    expect(await accessOf(socket)).toMatchObject({ role: 'viewer', user: { id: expect.any(String), name: 'bea' } });
    const evil = new Y.Doc();
    evil.getText('t').insert(0, 'VIEWER EDIT');
    socket.ws.send(writeUpdate(Y.encodeStateAsUpdate(evil)));
    const owner = await admin.socket(id);
    expect((await accessOf(owner)).role).toBe('owner');
    await new Promise((r) => setTimeout(r, 200));
    await server.sync.flush();
    const text = (await admin.api('GET', `/api/docs/${id}/export?format=txt`)).json;
    expect(String(text)).not.toContain('VIEWER EDIT');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);

    // Changing her role closes her socket with 4409 (reconnect to learn it); removing her, 4403.
    const userId = access.members[1].userId;
    expect((await admin.api('PATCH', `/api/docs/${id}/access/members/${userId}`, { role: 'editor' })).status).toBe(200);
    expect(await closesWithin(socket, 1000)).toBe(4409);
    const again = await bea.socket(id);
    expect((await accessOf(again)).role).toBe('editor');
    const t0 = Date.now();
    expect((await admin.api('DELETE', `/api/docs/${id}/access/members/${userId}`)).status).toBe(200);
    expect(await closesWithin(again, 1000)).toBe(4403);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(owner.ws.readyState).toBe(owner.ws.OPEN);
    owner.ws.close();
    // The last owner cannot leave the document ownerless.
    const me = (await admin.api('GET', '/api/auth/me')).json.user.id;
    expect((await admin.api('DELETE', `/api/docs/${id}/access/members/${me}`)).status).toBe(400);
  });

  it('shares by link only while link sharing is on; rotating the link closes its sockets', async () => {
    const id = await admin.createDoc('Linked');
    const anonymous = new Person(server.url, 'anon@example.com');
    expect((await admin.api('GET', `/api/docs/${id}/access`)).json.link).toEqual({ role: null });
    const on = await admin.api('PUT', `/api/docs/${id}/access/link`, { role: 'viewer' });
    expect(on.json.role).toBe('viewer');
    const share = new URL(on.json.url).searchParams.get('share')!;
    expect(on.json.url).toBe(`${server.url}/d/${id}?share=${share}`);
    const viaLink = await anonymous.socket(id, { share });
    expect(await accessOf(viaLink)).toMatchObject({ role: 'viewer', user: null });
    expect((await anonymous.api('GET', `/api/docs/${id}?share=${share}`)).status).toBe(200);
    expect((await anonymous.api('PATCH', `/api/docs/${id}?share=${share}`, { title: 'x' })).status).toBe(403);
    expect(await upgradeStatus(server.port, `/sync/${id}?share=wrong-secret`)).toBe(403);

    const rotated = await admin.api('POST', `/api/docs/${id}/access/link/rotate`);
    expect(await closesWithin(viaLink, 1000)).toBe(4403);
    expect(rotated.json.url).not.toContain(share);
    expect(await upgradeStatus(server.port, `/sync/${id}?share=${share}`)).toBe(403);
    const fresh = new URL(rotated.json.url).searchParams.get('share')!;
    const second = await anonymous.socket(id, { share: fresh });
    await accessOf(second);
    await admin.api('PUT', `/api/docs/${id}/access/link`, { role: null });
    expect(await closesWithin(second, 1000)).toBe(4403);
    expect(await upgradeStatus(server.port, `/sync/${id}?share=${fresh}`)).toBe(403);
  });

  it('invites someone without an account: they sign up with the link (even invite-only) and get the role', async () => {
    const id = await admin.createDoc('Invite');
    const res = await admin.api('POST', `/api/docs/${id}/access/members`, { email: 'cy@example.com', role: 'editor' });
    expect(res.status).toBe(201);
    expect(res.json.pending).toMatchObject({ email: 'cy@example.com', role: 'editor', sent: false });
    const token = new URL(res.json.pending.inviteUrl).searchParams.get('invite')!;
    expect((await admin.api('GET', `/api/docs/${id}/access`)).json.pending).toEqual([
      { email: 'cy@example.com', role: 'editor', inviteUrl: res.json.pending.inviteUrl },
    ]);
    expect((await new Person(server.url, 'other@example.com').signup(token)).status).toBe(403); // another email
    const cy = new Person(server.url, 'cy@example.com');
    expect((await cy.signup(token)).status).toBe(201);
    expect((await cy.api('GET', '/api/recent')).json.docs).toContainEqual(expect.objectContaining({ id, role: 'editor' }));
    expect((await admin.api('GET', `/api/docs/${id}/access`)).json.pending).toEqual([]);
    expect((await new Person(server.url, 'cy2@example.com').signup(token)).status).toBe(404); // used
    // An invite older than 14 days no longer signs anyone up.
    await server.auth.accounts!.store.createInvite({ token: 'old-invite', email: 'old@example.com', docId: id, role: 'viewer', invitedBy: 'x', createdAt: Date.now() - 15 * 86_400_000 });
    expect((await new Person(server.url, 'old@example.com').signup('old-invite')).status).toBe(404);
    expect(await server.auth.accounts!.store.invite('old-invite')).toBeNull();
  });

  it('refuses pages of other sites: no socket with the cookie, no state change over REST', async () => {
    const id = await admin.createDoc('Victim');
    expect(await upgradeStatus(server.port, `/sync/${id}`, { cookie: admin.cookie, origin: 'https://evil.example' })).toBe(403);
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    expect((await admin.api('PATCH', `/api/docs/${id}`, { title: 'pwned' }, crossSite)).status).toBe(403);
    expect((await admin.api('DELETE', `/api/docs/${id}`, undefined, crossSite)).status).toBe(403);
    expect((await admin.api('POST', '/api/auth/signout', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await admin.api('PATCH', `/api/docs/${id}`, { title: 'mine' }, { origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('throttles sign-in per account: after 5 failures even the right password waits', async () => {
    const dan = new Person(server.url, 'dan@example.com');
    await admin.api('PUT', '/api/admin/settings', { signup: 'open' });
    expect((await dan.signup()).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await dan.signin('wrong password')).status).toBe(401);
    const refused = await dan.signin();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A wrong email answers like a wrong password.
    expect((await new Person(server.url, 'ghost@example.com').signin()).json).toEqual({ error: 'wrong email or password' });
    await admin.api('PUT', '/api/admin/settings', { signup: 'invite' });
  });

  it('signs out here or everywhere; everywhere closes open sockets (4401)', async () => {
    const laptop = new Person(server.url, 'bea@example.com');
    const phone = new Person(server.url, 'bea@example.com');
    expect((await laptop.signin()).status).toBe(200);
    expect((await phone.signin()).status).toBe(200);
    const id = await laptop.createDoc('Bea owns this');
    const socket = await phone.socket(id);
    expect((await accessOf(socket)).role).toBe('owner');
    expect((await phone.api('POST', '/api/auth/signout', {})).status).toBe(200);
    expect((await phone.api('GET', '/api/auth/me')).json.user).toBeNull();
    expect((await laptop.api('GET', '/api/auth/me')).json.user).not.toBeNull();
    const again = await laptop.socket(id);
    await accessOf(again);
    expect((await laptop.api('POST', '/api/auth/signout', { everywhere: true })).status).toBe(200);
    expect(await closesWithin(again, 1000)).toBe(4401);
    socket.ws.close();
  });

  it('changes a password after checking the current one', async () => {
    const bea2 = new Person(server.url, 'bea@example.com');
    await bea2.signin();
    const elsewhere = new Person(server.url, 'bea@example.com');
    await elsewhere.signin();
    expect((await bea2.api('POST', '/api/auth/password', { current: 'nope nope', password: 'a brand new one' })).status).toBe(403);
    expect((await bea2.api('POST', '/api/auth/password', { current: bea2.password, password: 'short' })).status).toBe(400);
    expect((await bea2.api('POST', '/api/auth/password', { current: bea2.password, password: 'a brand new one' })).status).toBe(200);
    // This browser stays signed in; every other session of the old password ended.
    expect((await bea2.api('GET', '/api/auth/me')).json.user).toMatchObject({ email: 'bea@example.com' });
    expect((await elsewhere.api('GET', '/api/auth/me')).json.user).toBeNull();
    expect((await new Person(server.url, 'bea@example.com', 'a brand new one').signin()).status).toBe(200);
  });

  it('lets the admin list people and documents, disable someone and make someone admin', async () => {
    const users = (await admin.api('GET', '/api/admin/users')).json.users;
    const beaId = users.find((u: { email: string }) => u.email === 'bea@example.com').id;
    const docs = (await admin.api('GET', '/api/admin/docs')).json.docs;
    expect(docs.length).toBeGreaterThan(0);
    const signedIn = new Person(server.url, 'bea@example.com', 'a brand new one');
    await signedIn.signin();
    const id = await signedIn.createDoc('Before disable');
    const socket = await signedIn.socket(id);
    await accessOf(socket);
    expect((await admin.api('PATCH', `/api/admin/users/${beaId}`, { disabled: true })).json).toMatchObject({ disabled: true });
    expect(await closesWithin(socket, 1000)).toBe(4401);
    expect((await signedIn.api('GET', '/api/auth/me')).json.user).toBeNull();
    expect((await new Person(server.url, 'bea@example.com', 'a brand new one').signin()).status).toBe(403);
    const me = users.find((u: { email: string }) => u.email === 'ada@example.com').id;
    expect((await admin.api('PATCH', `/api/admin/users/${me}`, { admin: false })).status).toBe(400);
    expect((await admin.api('PATCH', `/api/admin/users/${beaId}`, { disabled: false, admin: true })).json).toMatchObject({ admin: true, disabled: false });
  });
});

describe('tokens in accounts mode', () => {
  it('still open the documents they cover, for embedding apps', async () => {
    const { makeToken, TEST_SECRET } = await import('../../helpers/sockets.js');
    const { openRaw } = await import('../../helpers/sockets.js');
    const server = await startTestServer({ AUTH_MODE: 'accounts', AUTH_SECRET: TEST_SECRET });
    try {
      const writer = await openRaw(server.url, 'embedded-doc', { token: makeToken({ doc: 'embedded-doc', role: 'write', name: 'Embed' }) });
      expect(await accessOf(writer)).toMatchObject({ role: 'editor', user: { id: 'test', name: 'Embed' } });
      const reader = await openRaw(server.url, 'embedded-doc', { token: makeToken({ doc: 'embedded-doc', role: 'read' }) });
      expect((await accessOf(reader)).role).toBe('viewer');
      expect(await upgradeStatus(server.port, `/sync/other-doc?token=${makeToken({ doc: 'embedded-doc', role: 'write' })}`)).toBe(403);
      expect(await upgradeStatus(server.port, '/sync/embedded-doc?token=not-a-token')).toBe(401);
      writer.ws.close();
      reader.ws.close();
    } finally {
      await server.dispose();
    }
  });
});

describe('purged documents', () => {
  it("leave no trace in anyone's list once purged from the trash", async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'tandem-purge-'));
    try {
      let server = await startTestServer({ AUTH_MODE: 'accounts' }, dir);
      const ada = new Person(server.url, 'ada@example.com');
      await ada.setup();
      const kept = await ada.createDoc('Kept');
      const gone = await ada.createDoc('Gone');
      expect((await ada.api('DELETE', `/api/docs/${gone}`)).status).toBe(200);
      await server.close();
      server = await startTestServer({ AUTH_MODE: 'accounts', TRASH_RETENTION: '1ms' }, dir);
      try {
        const again = new Person(server.url, 'ada@example.com');
        await again.signin();
        await expect.poll(async () => (await again.api('GET', '/api/recent')).json.docs.map((d: { id: string }) => d.id)).toEqual([kept]);
        expect(await server.auth.accounts!.store.members(gone)).toEqual([]);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the session cookie behind a trusted https proxy', () => {
  it('is Secure when the trusted proxy says https, and only then', async () => {
    const server = await startTestServer({ AUTH_MODE: 'accounts', TRUST_PROXY: '127.0.0.1' });
    try {
      const ada = new Person(server.url, 'ada@example.com');
      const viaHttps = await ada.api('POST', '/api/auth/setup', { email: ada.email, password: ada.password }, { 'x-forwarded-proto': 'https' });
      expect(viaHttps.headers.get('set-cookie')).toMatch(/; Secure/);
      const plain = await ada.api('POST', '/api/auth/signin', { email: ada.email, password: ada.password });
      expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      await server.dispose();
    }
    const untrusted = await startTestServer({ AUTH_MODE: 'accounts' });
    try {
      const bob = new Person(untrusted.url, 'bob@example.com');
      const forged = await bob.api('POST', '/api/auth/setup', { email: bob.email, password: bob.password }, { 'x-forwarded-proto': 'https' });
      expect(forged.status).toBe(201);
      expect(forged.headers.get('set-cookie')).not.toMatch(/Secure/); // no TRUST_PROXY: the header is not believed
    } finally {
      await untrusted.dispose();
    }
  });
});
