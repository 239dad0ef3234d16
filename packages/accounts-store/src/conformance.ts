import { afterEach, describe, expect, it } from 'vitest';
import type { AccountStore, NewUser } from './types.js';

/** How the suite gets stores: a fresh, empty one, and (optionally) the same data reopened. */
export interface AccountStoreHarness {
  create(): Promise<AccountStore>;
  reopen?(store: AccountStore): Promise<AccountStore>;
}

const person = (email: string, admin = false): NewUser => ({ email, name: email.split('@')[0]!, passwordHash: 'h', admin });

/** The behaviour every AccountStore must have: `describeAccountStore('sqlite', harness)`. */
export function describeAccountStore(name: string, harness: AccountStoreHarness): void {
  describe(`AccountStore conformance: ${name}`, () => {
    let stores: AccountStore[] = [];
    const fresh = async () => {
      const store = await harness.create();
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      for (const s of stores) await s.close().catch(() => {});
      stores = [];
    });

    it('creates people with one account per email, in any case', async () => {
      const store = await fresh();
      expect(await store.countUsers()).toBe(0);
      const ada = await store.createUser(person('Ada@Example.com', true));
      expect(ada).toMatchObject({ email: 'ada@example.com', name: 'Ada', admin: true, disabled: false, passwordHash: 'h' });
      expect(await store.createUser(person('ADA@example.com'))).toBeNull();
      expect((await store.userByEmail('ada@EXAMPLE.com'))?.id).toBe(ada!.id);
      expect((await store.userById(ada!.id))?.email).toBe('ada@example.com');
      expect(await store.userById('nobody')).toBeNull();
      const bob = await store.createUser(person('bob@example.com'));
      expect((await store.listUsers()).map((u) => u.id)).toEqual([ada!.id, bob!.id]);
      expect(await store.countUsers()).toBe(2);
    });

    it('creates the first account only once (onlyIfNone), also when asked at once', async () => {
      const store = await fresh();
      const results = await Promise.all([
        store.createUser(person('a@x.org', true), { onlyIfNone: true }),
        store.createUser(person('b@x.org', true), { onlyIfNone: true }),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.countUsers()).toBe(1);
    });

    it('changes a person', async () => {
      const store = await fresh();
      const u = (await store.createUser(person('c@x.org')))!;
      const changed = await store.updateUser(u.id, { name: 'Cee', admin: true, disabled: true, passwordHash: 'h2' });
      expect(changed).toMatchObject({ name: 'Cee', admin: true, disabled: true, passwordHash: 'h2' });
      expect(await store.updateUser(u.id, {})).toMatchObject({ name: 'Cee' });
      expect(await store.updateUser('nobody', { name: 'x' })).toBeNull();
    });

    it('links external identities', async () => {
      const store = await fresh();
      const u = (await store.createUser({ ...person('d@x.org'), passwordHash: null }))!;
      expect(await store.userByIdentity('oidc', 'sub-1')).toBeNull();
      await store.linkIdentity(u.id, 'oidc', 'sub-1');
      expect((await store.userByIdentity('oidc', 'sub-1'))?.id).toBe(u.id);
      expect(u.passwordHash).toBeNull();
    });

    it('keeps sessions until they expire or end', async () => {
      const store = await fresh();
      const u = (await store.createUser(person('e@x.org')))!;
      await store.createSession({ id: 's1', userId: u.id, createdAt: 1000, expiresAt: 5000 });
      await store.createSession({ id: 's2', userId: u.id, createdAt: 1000, expiresAt: 9000 });
      await store.createSession({ id: 's3', userId: u.id, createdAt: 1000, expiresAt: 9000 });
      expect(await store.session('s1', 4999)).toEqual({ id: 's1', userId: u.id, createdAt: 1000, expiresAt: 5000 });
      expect(await store.session('s1', 5000)).toBeNull();
      await store.deleteSession('s2');
      expect(await store.session('s2', 2000)).toBeNull();
      expect(await store.deleteSessions(u.id)).toBe(2);
      expect(await store.session('s3', 2000)).toBeNull();
    });

    it('grants, changes and revokes roles on documents', async () => {
      const store = await fresh();
      const [a, b] = [(await store.createUser(person('f@x.org')))!, (await store.createUser(person('g@x.org')))!];
      await store.grant({ docId: 'doc', userId: b.id, role: 'viewer' });
      await store.grant({ docId: 'doc', userId: a.id, role: 'owner' });
      await store.grant({ docId: 'other', userId: b.id, role: 'editor' });
      expect(await store.roleOf('doc', b.id)).toBe('viewer');
      await store.grant({ docId: 'doc', userId: b.id, role: 'commenter' });
      expect(await store.roleOf('doc', b.id)).toBe('commenter');
      expect((await store.members('doc')).map((g) => [g.userId, g.role])).toEqual([
        [a.id, 'owner'],
        [b.id, 'commenter'],
      ]);
      expect((await store.docsOf(b.id)).map((g) => [g.docId, g.role])).toEqual([
        ['doc', 'commenter'],
        ['other', 'editor'],
      ]);
      expect(await store.listOwners()).toEqual([{ docId: 'doc', userId: a.id, role: 'owner' }]);
      expect(await store.revoke('doc', b.id)).toBe(true);
      expect(await store.revoke('doc', b.id)).toBe(false);
      expect(await store.roleOf('doc', b.id)).toBeNull();
    });

    it('keeps one share link per document, replaced when rotated', async () => {
      const store = await fresh();
      expect(await store.link('doc')).toBeNull();
      await store.setLink('doc', { role: 'viewer', secret: 's1' });
      await store.setLink('doc', { role: 'editor', secret: 's2' });
      expect(await store.link('doc')).toEqual({ role: 'editor', secret: 's2' });
      await store.setLink('doc', null);
      expect(await store.link('doc')).toBeNull();
    });

    it('keeps invites by token, document and email', async () => {
      const store = await fresh();
      await store.createInvite({ token: 't1', email: 'New@x.org', docId: 'doc', role: 'editor', invitedBy: 'u', createdAt: 1 });
      await store.createInvite({ token: 't2', email: 'new@x.org', docId: null, role: null, invitedBy: 'u', createdAt: 2 });
      expect(await store.invite('t1')).toEqual({ token: 't1', email: 'new@x.org', docId: 'doc', role: 'editor', invitedBy: 'u', createdAt: 1 });
      expect((await store.invitesForDoc('doc')).map((i) => i.token)).toEqual(['t1']);
      expect((await store.invitesForEmail('NEW@x.org')).map((i) => i.token)).toEqual(['t1', 't2']);
      await store.deleteInvite('t1');
      expect(await store.invite('t1')).toBeNull();
    });

    it('forgets a purged document', async () => {
      const store = await fresh();
      const u = (await store.createUser(person('h@x.org')))!;
      await store.grant({ docId: 'gone', userId: u.id, role: 'owner' });
      await store.setLink('gone', { role: 'viewer', secret: 's' });
      await store.createInvite({ token: 't', email: 'z@x.org', docId: 'gone', role: 'viewer', invitedBy: u.id, createdAt: 1 });
      await store.forgetDoc('gone');
      expect(await store.members('gone')).toEqual([]);
      expect(await store.link('gone')).toBeNull();
      expect(await store.invite('t')).toBeNull();
    });

    it('keeps settings', async () => {
      const store = await fresh();
      expect(await store.getSetting('signup')).toBeNull();
      await store.setSetting('signup', 'open');
      await store.setSetting('signup', 'closed');
      expect(await store.getSetting('signup')).toBe('closed');
    });

    it('keeps notifications per person, newest first, idempotent, read one by one or all', async () => {
      const store = await fresh();
      const note = (id: string, userId: string, createdAt: number, docId = 'd1') => ({
        id, userId, kind: 'mention' as const, docId, threadId: 't1', commentId: id, actorName: 'Ada', excerpt: `see ${id}`, createdAt, readAt: null,
      });
      await store.addNotification(note('n1', 'u1', 10));
      await store.addNotification(note('n2', 'u1', 20));
      await store.addNotification(note('n3', 'u2', 30, 'd2'));
      await store.addNotification({ ...note('n1', 'u1', 99), excerpt: 'replayed' });
      expect((await store.notifications('u1')).map((n) => [n.id, n.excerpt])).toEqual([['n2', 'see n2'], ['n1', 'see n1']]);
      expect(await store.notifications('u1', 1)).toMatchObject([{ id: 'n2', docId: 'd1', threadId: 't1', actorName: 'Ada', createdAt: 20, readAt: null }]);
      expect(await store.unreadNotifications('u1')).toBe(2);
      expect(await store.markNotificationsRead('u1', ['n1', 'n3'], 50)).toBe(1); // n3 is not theirs
      expect(await store.unreadNotifications('u1')).toBe(1);
      expect(await store.unreadNotifications('u2')).toBe(1);
      expect((await store.notifications('u1')).find((n) => n.id === 'n1')?.readAt).toBe(50);
      expect(await store.markNotificationsRead('u1', 'all', 60)).toBe(1);
      expect(await store.unreadNotifications('u1')).toBe(0);
      await store.forgetDoc('d2');
      expect(await store.notifications('u2')).toEqual([]);
    });

    if (harness.reopen) {
      it('keeps everything when reopened', async () => {
        const store = await fresh();
        const u = (await store.createUser(person('i@x.org')))!;
        await store.grant({ docId: 'kept', userId: u.id, role: 'owner' });
        await store.setSetting('signup', 'open');
        stores = stores.filter((s) => s !== store);
        const again = await harness.reopen!(store);
        stores.push(again);
        expect((await again.userByEmail('i@x.org'))?.id).toBe(u.id);
        expect(await again.roleOf('kept', u.id)).toBe('owner');
        expect(await again.getSetting('signup')).toBe('open');
      });
    }
  });
}
