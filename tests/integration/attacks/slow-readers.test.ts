import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { writeSyncStep1 } from '@tandem/protocol';
import { serverPerTest } from '../../helpers/attack-server.js';
import { HONEST_P99_MS, largeDocState, startHonestCollaborator } from '../../helpers/honest-collaborator.js';

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/** Sessions open on the server, from /healthz. */
async function sessions(url: string): Promise<number> {
  return ((await (await fetch(`${url}/healthz`)).json()) as { sessions: number }).sessions;
}

/**
 * Issue 13 item 2: read-only sockets that never read, each asking for a large document again and
 * again, made the server queue ~41 MiB per socket (4.2 GiB for 100). Now a connection's queue is
 * bounded, its input is paused past half of it, and it is closed if it never drains.
 */
describe('sockets that never read, against a real server process', () => {
  const { start } = serverPerTest('slow');

  it('bounds what each holds queued (paused, then closed) while an honest collaborator keeps editing', async () => {
    const s = await start({ MAX_BUFFERED_BYTES: String(4 << 20) });
    // A ~770 KB document.
    const imported = await fetch(`${s.url}/api/docs/big/import?format=yjs`, { method: 'POST', body: await largeDocState(770_000) });
    expect(imported.status).toBe(201);
    const honest = await startHonestCollaborator(s.url, 'elsewhere', { everyMs: 40 });
    const before = rssMiB(s.proc.pid!);
    const readers: WebSocket[] = [];
    const ask = writeSyncStep1(Y.encodeStateVector(new Y.Doc()));
    for (let i = 0; i < 20; i++) {
      const ws = new WebSocket(`${s.url.replace('http', 'ws')}/sync/big`);
      ws.on('error', () => {});
      await new Promise((resolve) => ws.once('open', resolve));
      (ws as unknown as { _socket: { pause(): void } })._socket.pause(); // never read again
      for (let k = 0; k < 50; k++) ws.send(ask);
      readers.push(ws);
    }
    await new Promise((r) => setTimeout(r, 3000));
    const grown = rssMiB(s.proc.pid!) - before;
    console.log(`20 sockets that never read, 50 requests of a 770 KB document each: server RSS grew ${grown.toFixed(0)} MiB`);
    // Each holds at most its 4 MiB budget (plus the kernel's socket buffers), not 50 answers of 770 KB.
    expect(grown).toBeLessThan(250); // main: ~660 MiB (50 answers of 770 KB queued per socket)
    // They never drain: closed within the slow-reader time (10 s), leaving the honest pair.
    const deadline = Date.now() + 30_000;
    while ((await sessions(s.url)) > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await sessions(s.url)).toBe(2);
    const report = await honest.finish();
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
    for (const ws of readers) ws.terminate();
  }, 60_000);
});
