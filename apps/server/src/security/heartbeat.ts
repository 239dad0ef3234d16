import type { Socket } from 'node:net';
import type { WebSocket, WebSocketServer } from 'ws';

/** The TCP socket under a `ws` WebSocket (ws keeps it as `_socket`; absent once it is closed). */
function tcpOf(ws: WebSocket): Socket | undefined {
  return (ws as unknown as { _socket?: Socket | null })._socket ?? undefined;
}

/** What a socket had done at the previous round. */
interface Round {
  /** Bytes read from the peer. */
  read: number;
  /** Bytes written and taken by the kernel (what Node still buffers is not counted). */
  flushed: number;
  /** Whether Node held bytes the kernel had no room for (the socket was backed up). */
  backedUp: boolean;
}

/**
 * Bytes the kernel must take in one round for a socket whose queue was not backed up to count as
 * alive: a reader of a large answer takes pieces of 256 KiB; presence and pings to a vanished peer
 * are far less, and once they fill the kernel's buffer the queue backs up and stops.
 */
const READER_BYTES_PER_ROUND = 64 * 1024;

/** Whether the peer showed life since `last`: it sent a byte, or took what it was sent. */
function alive(tcp: Socket, last: Round): boolean {
  if (tcp.bytesRead > last.read) return true;
  // Taking bytes off a queue that was backed up: the kernel had no room, so it takes more only as
  // the peer acknowledges what it holds. Small writes to an idle queue (presence, the ping
  // itself) go into the kernel's buffer whether or not anyone is there, so they do not count.
  const taken = tcp.bytesWritten - tcp.writableLength - last.flushed;
  return taken > 0 && (last.backedUp || taken >= READER_BYTES_PER_ROUND);
}

/** Records what `tcp` has done so far into `round`. */
function record(tcp: Socket, round: Round): void {
  round.read = tcp.bytesRead;
  round.flushed = tcp.bytesWritten - tcp.writableLength;
  round.backedUp = tcp.writableLength > 0;
}

/**
 * Finds dead connections (a peer that vanished without closing, a half-open TCP link): every
 * `intervalMs` each socket is pinged, and a socket that showed no life since the previous round
 * is terminated: not one byte arrived (no pong, no message, no part of one), and the bytes queued
 * to it did not move (a backed-up queue) or hardly (READER_BYTES_PER_ROUND). A dead socket is
 * closed within two intervals, or once the kernel's buffer for it is full when it is sent more
 * than that each round.
 *
 * Any byte counts as a sign of life, not only the pong, both ways: a client uploading a large
 * document sends its pong behind megabytes of its own updates, and a client joining one reads the
 * server's ping behind megabytes of the sync answer; waiting for the pong alone would kill the
 * very sockets that are busiest. Returns a stop function.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  // Each socket's previous round, one small record reused every round; no per-socket listener.
  const rounds = new WeakMap<WebSocket, Round>();
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      const tcp = tcpOf(ws);
      if (!tcp) continue; // closing: ws ends it
      const last = rounds.get(ws);
      if (last && !alive(tcp, last)) {
        ws.terminate();
        continue;
      }
      try {
        ws.ping();
      } catch {
        ws.terminate();
        continue;
      }
      if (last) record(tcp, last);
      else {
        const round: Round = { read: 0, flushed: 0, backedUp: false };
        record(tcp, round);
        rounds.set(ws, round);
      }
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
