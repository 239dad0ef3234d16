import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../../helpers/attack-server.js';
import { HONEST_P99_MS, startHonestCollaborator } from '../../helpers/honest-collaborator.js';
import { upgradeStatus } from '../../helpers/sockets.js';

/** One HTTP request with the given headers (Host included); resolves with the status. */
function status(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Issue 13 items 5 and 6: DNS rebinding and cross-site REST writes on an open server, as shipped. */
describe('DNS rebinding and cross-site writes against a real server process', () => {
  const { start } = serverPerTest('rebind');

  it('refuses a Host that is not the server (upgrade and REST, 421) and keeps localhost working', async () => {
    const s = await start({ MAX_DOCUMENTS: '100' });
    const honest = await startHonestCollaborator(s.url, 'honest', { everyMs: 40 });
    const evil = { host: `evil.example:${s.port}`, origin: `http://evil.example:${s.port}` };
    // A page on evil.example whose name now points here: Host and Origin agree, so the origin check alone passed.
    expect(await upgradeStatus(s.port, '/sync/honest', { Host: evil.host, Origin: evil.origin })).toBe(421);
    expect(await status(s.port, 'GET', '/api/docs/honest/export?format=txt', { Host: evil.host })).toBe(421);
    expect(await status(s.port, 'POST', '/api/docs/planted/import?format=md', { Host: evil.host, Origin: evil.origin }, '# planted')).toBe(421);
    expect(await status(s.port, 'GET', '/', { Host: evil.host })).toBe(421);
    // The names a server is reached under out of the box still work.
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`, `app.localhost:${s.port}`]) {
      expect(await status(s.port, 'GET', '/api/docs/honest/export?format=txt', { Host: host }), host).toBe(200);
    }
    expect(await upgradeStatus(s.port, '/sync/honest', { Host: `localhost:${s.port}`, Origin: `http://localhost:${s.port}` })).toBe(101);
    const report = await honest.finish();
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
  });

  it('answers to the names in ALLOWED_HOSTS and PUBLIC_URL', async () => {
    const s = await start({ ALLOWED_HOSTS: 'docs.example.com', PUBLIC_URL: 'https://team.example.org' });
    expect(await status(s.port, 'GET', '/healthz', { Host: 'docs.example.com' })).toBe(200);
    expect(await status(s.port, 'GET', '/healthz', { Host: 'team.example.org:443' })).toBe(200);
    expect(await status(s.port, 'GET', '/healthz', { Host: 'other.example.com' })).toBe(421);
  });

  it("refuses another site's page writing through REST on an open server (no-cors fetch), 403, nothing created", async () => {
    const s = await start();
    const host = `127.0.0.1:${s.port}`;
    const crossSite = { Host: host, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' };
    expect(await status(s.port, 'POST', '/api/docs/planted/import?format=md', crossSite, '# planted')).toBe(403);
    expect(await status(s.port, 'POST', '/api/docs', crossSite, '{"id":"planted2"}')).toBe(403);
    expect(await status(s.port, 'GET', '/api/docs/planted/export?format=txt', { Host: host })).toBe(404);
    // The server's own pages still write.
    const own = { Host: host, Origin: `http://${host}`, 'Sec-Fetch-Site': 'same-origin' };
    expect(await status(s.port, 'POST', '/api/docs/mine/import?format=md', own, '# mine')).toBe(201);
  });
});
