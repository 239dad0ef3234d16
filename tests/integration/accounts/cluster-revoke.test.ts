import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, TestCluster, type NodeProcess } from '../../helpers/cluster.js';
import { accessOf, Person } from '../../helpers/people.js';

const runs = services ? describe : describe.skip;

async function closesWithin(socket: { closed: Promise<number> }, ms: number): Promise<number> {
  return Promise.race([socket.closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms))]);
}

runs('accounts across two nodes (PostgreSQL + Redis)', () => {
  const cluster = new TestCluster({ AUTH_MODE: 'accounts' });
  let n0: NodeProcess;
  let n1: NodeProcess;
  beforeAll(async () => {
    n0 = await cluster.start('acc-n0');
    n1 = await cluster.start('acc-n1');
  });
  afterAll(() => cluster.dispose());

  it('shares sessions and access lists; removing someone on one node closes their socket on the other within a second', async () => {
    const ada = new Person(n0.url, 'ada@example.com');
    expect((await ada.setup('Ada')).status).toBe(201);
    expect((await ada.api('PUT', '/api/admin/settings', { signup: 'open' })).status).toBe(200);
    const bea = new Person(n1.url, 'bea@example.com');
    expect((await bea.signup()).status).toBe(201); // on the other node: one account store
    const id = await ada.createDoc('Two nodes');
    const shared = await ada.api('POST', `/api/docs/${id}/access/members`, { email: 'bea@example.com', role: 'editor' });
    expect(shared.status).toBe(201);

    const socket = await bea.socket(id);
    expect((await accessOf(socket)).role).toBe('editor');
    const t0 = Date.now();
    expect((await ada.api('DELETE', `/api/docs/${id}/access/members/${shared.json.member.userId}`)).status).toBe(200);
    expect(await closesWithin(socket, 1000)).toBe(4403);
    expect(Date.now() - t0).toBeLessThan(1000);

    // A share link rotated on n0 closes the link's socket on n1.
    const on = await ada.api('PUT', `/api/docs/${id}/access/link`, { role: 'viewer' });
    const secret = new URL(on.json.url).searchParams.get('share')!;
    const anonymous = new Person(n1.url, 'anon@example.com');
    const viaLink = await anonymous.socket(id, { share: secret });
    expect((await accessOf(viaLink)).role).toBe('viewer');
    await ada.api('POST', `/api/docs/${id}/access/link/rotate`);
    expect(await closesWithin(viaLink, 1000)).toBe(4403);
  });
});
