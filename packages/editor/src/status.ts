import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { writeSyncStep1 } from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

/** The state of the connection to the server. */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline';

/** What the status line shows: the connection, and whether the server holds every local change. */
export interface EditorStatus {
  connection: ConnectionStatus;
  /** True once the server has durably stored every change made here (false while any is pending). */
  saved: boolean;
}

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;
const SYNC_STEP_2 = 1;
/** Quiet time after the last local change before asking the server whether it holds it. */
const PROBE_DELAY_MS = 250;

/** Live status of one provider; `destroy` removes every listener and timer it added. */
export interface StatusTracker {
  readonly status: EditorStatus;
  destroy(): void;
}

/**
 * Tracks connection and save state. "Saved" is learnt from the server itself: the server answers a
 * sync step 1 only once every update it accepted is stored, and handles a connection's frames in
 * order. So after local updates went out, the tracker sends a sync step 1 of its own on the
 * provider's socket; the matching sync step 2 proves that everything sent before it is stored.
 * Replies are matched in order: the first step 2 on a socket answers the provider's own step 1.
 * Create it before the provider connects.
 */
export function trackStatus(provider: WebsocketProvider, doc: Y.Doc, onChange: (status: EditorStatus) => void): StatusTracker {
  let connection: ConnectionStatus = 'connecting';
  let localVersion = 0;
  let savedVersion = 0;
  let socket: WebSocket | null = null;
  /** Versions whose step 1 is awaiting its step 2, oldest first; -1 stands for the provider's own. */
  let awaiting: number[] = [];
  let answeredServer = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = '';

  const status = (): EditorStatus => ({ connection, saved: savedVersion === localVersion });
  const emit = () => {
    const now = status();
    const key = `${now.connection}/${now.saved}`;
    if (key === last) return;
    last = key;
    onChange(now);
  };

  const probe = () => {
    timer = null;
    const ws = provider.ws;
    if (!ws || ws !== socket || ws.readyState !== ws.OPEN || !answeredServer) return;
    if (Math.max(savedVersion, ...awaiting) >= localVersion) return; // nothing new to confirm
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    writeSyncStep1(encoder, doc);
    ws.send(encoding.toUint8Array(encoder));
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
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const onStatus = ({ status: s }: { status: string }) => {
    if (s === 'connected') {
      detach();
      socket = provider.ws;
      socket?.addEventListener('message', onMessage);
      awaiting = [-1];
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

  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  doc.on('update', onUpdate);
  emit();

  return {
    get status() {
      return status();
    },
    destroy() {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      doc.off('update', onUpdate);
      detach();
    },
  };
}
