import { describe, expect, it } from 'vitest';
import { CloseCode, readAwarenessUpdate, readMessage, writeAwareness, writeAwarenessUpdate, writeSyncStep1 } from '@tandem/protocol';
import { serverPerTest } from '../../helpers/attack-server.js';
import { HONEST_P99_MS, largeDocState, startHonestCollaborator } from '../../helpers/honest-collaborator.js';
import { makeToken, openRaw, TEST_ADMIN_TOKEN, TEST_SECRET } from '../../helpers/sockets.js';
import { waitFor } from '../../helpers/clients.js';

/** A state vector claiming one client nobody has: its answer is the whole document, every time. */
const claimingOne = writeSyncStep1(new Uint8Array([1, 0x9a, 0x0f, 0]));

/** Issue 13 item 5 (read tokens amplify), against a real server process. */
describe('read-token amplification against a real server process', () => {
  const { start: startWith } = serverPerTest('readers');
  const start = () => startWith({ AUTH_SECRET: TEST_SECRET, ADMIN_TOKEN: TEST_ADMIN_TOKEN, MAX_CONNECTIONS_PER_IP: '1000' });
  const read = (doc: string, sub: string, name?: string) => makeToken({ doc, role: 'read', sub, ...(name ? { name } : {}) });
  const write = (doc: string, sub: string) => makeToken({ doc, role: 'write', sub });

  it('closes readers repeating sync step 1 for the whole document (1008) long before 1 GiB goes out', async () => {
    const s = await start();
    const imported = await fetch(`${s.url}/api/docs/big/import?format=yjs`, {
      method: 'POST',
      body: await largeDocState(770_000),
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(imported.status).toBe(201);
    const honest = await startHonestCollaborator(s.url, 'other', { everyMs: 40, params: { token: write('other', 'alice') } });
    let received = 0;
    const codes = await Promise.all(
      [0, 1].map(async (i) => {
        const reader = await openRaw(s.url, 'big', { token: read('big', `reader-${i}`) });
        reader.ws.on('message', (d: Buffer) => (received += d.length));
        for (let k = 0; k < 200 && reader.ws.readyState === reader.ws.OPEN; k++) {
          reader.ws.send(claimingOne);
          await new Promise((r) => setTimeout(r, 10));
        }
        return Promise.race([reader.closed, new Promise<number>((r) => setTimeout(() => r(-1), 15_000))]);
      }),
    );
    expect(codes).toEqual([CloseCode.policyViolation, CloseCode.policyViolation]);
    expect(received).toBeLessThan(64 << 20);
    const report = await honest.finish();
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
  });

  it("bounds presence per connection and per document, and a reader cannot take over a user's presence id", async () => {
    const s = await start();
    const big = JSON.stringify({ user: { name: 'x' }, junk: 'j'.repeat(60_000) });
    // 20 readers x 16 ids x 60 KB: 18 MiB of presence before; now refused past 64 KiB a connection, 1 MiB a document.
    const readers = [];
    for (let i = 0; i < 20; i++) {
      const r = await openRaw(s.url, 'party', { token: read('party', `r${i}`) });
      for (let k = 0; k < 16; k++) r.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 1000 + i * 16 + k, clock: 1, state: big }])));
      readers.push(r);
    }
    await new Promise((r) => setTimeout(r, 500));
    const newcomer = await openRaw(s.url, 'party', { token: read('party', 'newcomer') });
    await waitFor(() => newcomer.received.length >= 2, 'first frames');
    await new Promise((r) => setTimeout(r, 200));
    const largest = Math.max(...newcomer.received.map((f) => f.length));
    expect(largest).toBeLessThan(1.2 * (1 << 20));

    // Alice shows herself, leaves; a reader without a name sends a newer state for her id.
    const watcher = await openRaw(s.url, 'room', { token: read('room', 'watcher') });
    const alice = await openRaw(s.url, 'room', { token: makeToken({ doc: 'room', role: 'write', sub: 'alice', name: 'Alice' }) });
    alice.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 4242, clock: 1, state: '{"user":{"name":"Alice"}}' }])));
    await new Promise((r) => setTimeout(r, 100));
    alice.ws.close();
    await alice.closed;
    const eve = await openRaw(s.url, 'room', { token: read('room', 'eve') });
    eve.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 4242, clock: 9, state: '{"user":{"name":"Alice"}}' }])));
    eve.ws.send(writeAwareness(writeAwarenessUpdate([{ clientId: 77, clock: 1, state: JSON.stringify({ user: { name: 'N'.repeat(65_000) } }) }])));
    await new Promise((r) => setTimeout(r, 300));
    const states = new Map<number, string>();
    for (const frame of watcher.received) {
      const message = readMessage(frame);
      if (message.type !== 'awareness') continue;
      for (const e of readAwarenessUpdate(message.update)) {
        if (e.state === 'null') states.delete(e.clientId);
        else states.set(e.clientId, e.state);
      }
    }
    expect(states.has(4242)).toBe(false); // eve could not take alice's id
    const shownName = (JSON.parse(states.get(77)!) as { user: { name: string } }).user.name;
    expect(shownName.length).toBeLessThanOrEqual(64);
    for (const r of [...readers, newcomer, eve, watcher]) r.ws.close();
  });
});
