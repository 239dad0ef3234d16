import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role } from '@tandem/protocol';
import { writeSyncStep1 } from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

/** The state of the connection to the server. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/**
 * What the editor tells its user, one word each:
 * - `connecting`: first connection under way;
 * - `saved`: the server has stored every change made here;
 * - `saving`: connected, changes on their way;
 * - `offline`: no connection, changes are kept on this device and sent later;
 * - `no-access`: the server refuses this document to this user (4403 / HTTP 403);
 * - `signed-out`: the user is not signed in, or the token is not valid (4401 / HTTP 401);
 * - `token-expired`: the token expired and no new one could be had (4408);
 * - `deleted`: the document was deleted (4404 / HTTP 404);
 * - `too-large`: a change here is too large for the server to store (4413 / 1009).
 * The last five are final: the editor stops reconnecting.
 */
export type StatusState =
  | 'connecting'
  | 'saved'
  | 'saving'
  | 'offline'
  | 'no-access'
  | 'signed-out'
  | 'token-expired'
  | 'deleted'
  | 'too-large';

/** States after which the editor no longer reconnects by itself. */
export const FINAL_STATES: ReadonlySet<StatusState> = new Set(['no-access', 'signed-out', 'token-expired', 'deleted', 'too-large']);

/** What the status line shows: one state, plus the connection, the save state and the role. */
export interface EditorStatus {
  state: StatusState;
  connection: ConnectionStatus;
  /** True once the server has durably stored every change made here (false while any is pending). */
  saved: boolean;
  /** The role the server gave this connection (null until it said). */
  role: Role | null;
}

const MESSAGE_SYNC = 0;
const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
/** Quiet time after the last local change before asking the server whether it holds it. */
const PROBE_DELAY_MS = 250;
/** With nothing received for this long, ask the server for a sign of life. */
export const HEARTBEAT_MS = 4000;
/** An asked-for sign of life that does not come in this long means the connection is dead. */
export const HEARTBEAT_TIMEOUT_MS = 3000;
/** How often the heartbeat looks at the socket. */
const BEAT_MS = 1000;

/** Live status of one provider; `destroy` removes every listener and timer it added. */
export interface StatusTracker {
  readonly status: EditorStatus;
  /** Enters a final state (the caller stops the provider). */
  fail(state: StatusState): void;
  /** Leaves a final state (a new token arrived: reconnecting). */
  resume(): void;
  setRole(role: Role): void;
  /** A frame arrived on the current socket. */
  alive(): void;
  destroy(): void;
}

/**
 * Tracks connection and save state. "Saved" is learnt from the server itself: the server answers a
 * sync step 1 only once every update it accepted is stored, and handles a connection's frames in
 * order. So after local updates went out, the tracker sends a sync step 1 of its own on the
 * provider's socket; the matching sync step 2 proves that everything sent before it is stored.
 * Replies are matched in order: the first step 2 on a socket answers the provider's own step 1.
 *
 * The connection is known lost within seconds: at once when the browser goes offline, and by a
 * heartbeat (a query-awareness frame when nothing was received for HEARTBEAT_MS, which the server
 * answers) instead of y-websocket's 30 s silence timeout; `onDead` is then called so the caller
 * can drop the socket and reconnect. Create it before the provider connects.
 */
export function trackStatus(
  provider: WebsocketProvider,
  doc: Y.Doc,
  onChange: (status: EditorStatus) => void,
  onDead: () => void = () => {},
): StatusTracker {
  let connection: ConnectionStatus = 'connecting';
  let final: StatusState | null = null;
  let role: Role | null = null;
  let localVersion = 0;
  let savedVersion = 0;
  let socket: WebSocket | null = null;
  /** Versions whose step 1 is awaiting its step 2, oldest first; -1 stands for the provider's own. */
  let awaiting: number[] = [];
  let answeredServer = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastReceived = Date.now();
  let heartbeatSent = 0;
  let last = '';
  const win = globalThis as unknown as { navigator?: Navigator; addEventListener?: Window['addEventListener']; removeEventListener?: Window['removeEventListener'] };
  const browserOffline = () => win.navigator?.onLine === false;

  const status = (): EditorStatus => {
    const saved = savedVersion === localVersion;
    const shown: ConnectionStatus = connection === 'connected' && browserOffline() ? 'offline' : connection;
    let state: StatusState;
    if (final) state = final;
    else if (shown === 'offline') state = 'offline';
    else if (shown === 'connecting') state = 'connecting';
    else state = saved ? 'saved' : 'saving';
    return { state, connection: shown, saved, role };
  };
  const emit = () => {
    const now = status();
    const key = `${now.state}/${now.connection}/${now.saved}/${now.role}`;
    if (key === last) return;
    last = key;
    onChange(now);
  };

  const sendNow = (frame: Uint8Array) => {
    const ws = provider.ws;
    if (ws && ws === socket && ws.readyState === ws.OPEN) ws.send(frame);
  };

  const probe = () => {
    timer = null;
    const ws = provider.ws;
    if (!ws || ws !== socket || ws.readyState !== ws.OPEN || !answeredServer) return;
    // a role that cannot write sends no changes: asking would wrongly confirm them as saved
    if (role !== null && role !== 'editor' && role !== 'owner') return;
    if (Math.max(savedVersion, ...awaiting) >= localVersion) return; // nothing new to confirm
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    writeSyncStep1(encoder, doc);
    sendNow(encoding.toUint8Array(encoder));
    awaiting.push(localVersion);
  };
  const scheduleProbe = (delay: number) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(probe, delay);
  };

  const onMessage = (event: MessageEvent) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const kind = decoding.readVarUint(decoder);
      if (kind === SYNC_STEP_1) {
        // the provider answers the server's step 1 (with our offline changes) before we probe
        answeredServer = true;
        scheduleProbe(0);
      } else if (kind === SYNC_STEP_2) {
        const version = awaiting.shift();
        if (version !== undefined && version > savedVersion) savedVersion = version;
        emit();
      }
    } catch {
      // a frame we cannot read is the provider's business
    }
  };

  const detach = () => {
    socket?.removeEventListener('message', onMessage);
    socket = null;
    awaiting = [];
    answeredServer = false;
    heartbeatSent = 0;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const onStatus = ({ status: s }: { status: string }) => {
    if (s === 'connected') {
      detach();
      socket = provider.ws;
      socket?.addEventListener('message', onMessage);
      awaiting = [-1];
      lastReceived = Date.now();
      connection = 'connected';
    } else if (s === 'disconnected') {
      detach();
      connection = 'offline';
    } else if (s === 'connecting' && connection !== 'offline') {
      connection = 'connecting';
    }
    emit();
  };

  /** A socket that closed, also one that never opened: the server is unreachable for now. */
  const onClose = () => {
    detach();
    connection = 'offline';
    emit();
  };

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    localVersion++;
    emit();
    if (answeredServer) scheduleProbe(PROBE_DELAY_MS);
  };

  let lastBeat = Date.now();
  /** Every second: ask for a sign of life when the socket was quiet, give up on it when none came. */
  const beat = () => {
    const now = Date.now();
    // this thread was blocked (a long task: a huge paste on a slow machine), so an answer that came
    // meanwhile may still wait in the task queue behind this timer: the wait for it starts again
    const stalled = now - lastBeat > 2 * BEAT_MS;
    lastBeat = now;
    if (connection !== 'connected' || !socket || final) return;
    if (stalled && heartbeatSent > lastReceived) heartbeatSent = now;
    if (heartbeatSent > 0 && lastReceived < heartbeatSent && now - heartbeatSent > HEARTBEAT_TIMEOUT_MS) {
      detach();
      connection = 'offline';
      emit();
      onDead();
      return;
    }
    if (heartbeatSent <= lastReceived && now - lastReceived > HEARTBEAT_MS) {
      heartbeatSent = now;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_QUERY_AWARENESS);
      sendNow(encoding.toUint8Array(encoder));
    }
  };
  const heartbeat = setInterval(beat, BEAT_MS);

  const onOffline = () => {
    emit();
    if (connection === 'connected') {
      detach();
      connection = 'offline';
      emit();
      onDead();
    }
  };
  const onOnline = () => {
    emit();
    if (connection !== 'connected' && !final) onDead(); // reconnect now rather than after the backoff
  };
  win.addEventListener?.('offline', onOffline);
  win.addEventListener?.('online', onOnline);

  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  doc.on('update', onUpdate);
  emit();

  return {
    get status() {
      return status();
    },
    fail(state) {
      final = state;
      emit();
    },
    resume() {
      final = null;
      emit();
    },
    setRole(next) {
      role = next;
      emit();
    },
    alive() {
      lastReceived = Date.now();
    },
    destroy() {
      clearInterval(heartbeat);
      win.removeEventListener?.('offline', onOffline);
      win.removeEventListener?.('online', onOnline);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      doc.off('update', onUpdate);
      detach();
    },
  };
}
