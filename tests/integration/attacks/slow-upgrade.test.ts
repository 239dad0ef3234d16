import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { serverPerTest } from '../../helpers/attack-server.js';
import { HONEST_P99_MS, startHonestCollaborator } from '../../helpers/honest-collaborator.js';

/**
 * Issue 13 item 6: upgrades sent one byte every 2 s were held without limit (1,500 held for 62 s).
 * A client now has HANDSHAKE_TIMEOUT to send its request headers.
 */
describe('slow upgrades against a real server process', () => {
  const { start } = serverPerTest('slowloris');

  it('drops upgrades that trickle their headers after HANDSHAKE_TIMEOUT, while an honest collaborator edits', async () => {
    const s = await start({ HANDSHAKE_TIMEOUT: '2s' });
    const honest = await startHonestCollaborator(s.url, 'honest', { everyMs: 40 });
    const request = `GET /sync/honest HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    const closedAt: number[] = [];
    const started = performance.now();
    const sockets: Socket[] = [];
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < 200; i++) {
      const socket = connect(s.port, '127.0.0.1');
      socket.on('error', () => {});
      socket.on('close', () => closedAt.push(performance.now() - started));
      let sent = 0;
      timers.push(
        setInterval(() => {
          if (!socket.destroyed && sent < request.length) socket.write(request[sent++]!);
        }, 500),
      );
      sockets.push(socket);
    }
    await new Promise((r) => setTimeout(r, 6000));
    for (const t of timers) clearInterval(t);
    // Every trickling upgrade was dropped within the timeout (plus the server's check interval).
    expect(closedAt.length).toBe(200);
    expect(Math.max(...closedAt)).toBeLessThan(5000);
    for (const socket of sockets) socket.destroy();
    const report = await honest.finish();
    expect(report.closeCodes).toEqual([]);
    expect(report.nothingLost).toBe(true);
    expect(report.p99).toBeLessThan(HONEST_P99_MS);
  });
});
