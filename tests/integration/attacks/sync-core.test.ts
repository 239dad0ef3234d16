import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode, writeUpdate } from '@tandem/protocol';
import { serverPerTest } from '../../helpers/attack-server.js';
import { HONEST_P99_MS, startHonestCollaborator } from '../../helpers/honest-collaborator.js';
import { makeToken, openRaw, TEST_SECRET } from '../../helpers/sockets.js';

/** A v1 update with one GC struct of `client` at `clock`, `length` long (7 bytes for small numbers). */
function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, client, clock, 0, length, 0]) encoding.writeVarUint(e, n);
  return encoding.toUint8Array(e);
}

/** A v1 update with one string item of `client` at `clock` in root text `t`, no origins (12 bytes for 'xy'). */
function itemUpdate(client: number, clock: number, text: string): Uint8Array {
  const e = encoding.createEncoder();
  for (const n of [1, 1, client, clock]) encoding.writeVarUint(e, n);
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, text);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** `count` updates of ~`bytes` each from one client, every one depending on an update never sent. */
function danglingUpdates(count: number, bytes: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  doc.getText('t').insert(0, 'the first, never sent');
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, String(i % 10).repeat(bytes));
  return out.slice(1);
}

/** Issue 13 items 3 and 4, against a real server process, watched by an honest collaborator. */
describe('sync core attacks against a real server process', () => {
  const { start } = serverPerTest('sync');

  it('closes a writer whose updates never get their dependency (1008) before it stalls anyone; nothing of it is stored', async () => {
    const s = await start();
    const honest = await startHonestCollaborator(s.url, 'bystander', { everyMs: 40 });
    const attacker = await openRaw(s.url, 'victim-pending');
    const updates = danglingUpdates(150, 60_000);
    let sent = 0;
    const timer = setInterval(() => {
      // 15 a second, 0.9 MB/s: inside the per-connection limits
      if (sent < updates.length && attacker.ws.readyState === attacker.ws.OPEN) attacker.ws.send(writeUpdate(updates[sent++]!));
    }, 66);
    const code = await Promise.race([attacker.closed, new Promise<number>((r) => setTimeout(() => r(-1), 15_000))]);
    clearInterval(timer);
    expect(code).toBe(CloseCode.policyViolation);
    expect(sent).toBeLessThan(40); // closed within the budget (1 MiB waiting), not after 20 s
    const started = performance.now();
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(500);
    const report = await honest.finish();
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
    const exported = await fetch(`${s.url}/api/docs/victim-pending/export?format=txt`);
    expect([200, 404]).toContain(exported.status);
    if (exported.status === 200) expect(await exported.text()).not.toContain('0000');
  });

  it('refuses an update Yjs would throw on (a GC then an item overlapping it) for its sender only: no 1011, collaborators on the document keep editing', async () => {
    const s = await start();
    const honest = await startHonestCollaborator(s.url, 'shared', { everyMs: 40 });
    let restarts = 0;
    for (let i = 0; i < 20; i++) {
      const attacker = await openRaw(s.url, 'shared');
      attacker.ws.send(writeUpdate(gcUpdate(777 + i, 0, 2)));
      attacker.ws.send(writeUpdate(itemUpdate(777 + i, 1, 'xy')));
      const code = await attacker.closed;
      if (code === CloseCode.internalError) restarts++;
      expect(code).toBe(CloseCode.invalidPayload);
    }
    const report = await honest.finish();
    expect(restarts).toBe(0);
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
  });

  it("refuses a writer forging another user's Yjs client id (1008): the victim keeps editing", async () => {
    const s = await start({ AUTH_SECRET: TEST_SECRET });
    const params = { token: makeToken({ doc: 'team', role: 'write', sub: 'alice' }) };
    const honest = await startHonestCollaborator(s.url, 'team', { everyMs: 40, params });
    await new Promise((r) => setTimeout(r, 300)); // alice has typed: her client id is hers
    // Eve knows alice's client id (it is in every update relayed to her) and forges her next clocks.
    const eveToken = makeToken({ doc: 'team', role: 'write', sub: 'eve' });
    const [writerId] = await honest.clientIds();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const eve = await openRaw(s.url, 'team', { token: eveToken });
      eve.ws.send(writeUpdate(gcUpdate(writerId!, 0, 1_000_000)));
      codes.push(await eve.closed);
    }
    const report = await honest.finish();
    expect(codes.every((c) => c === CloseCode.policyViolation)).toBe(true);
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
  });
});
