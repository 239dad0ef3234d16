import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { vi } from 'vitest';
import { writeUpdate } from '@tandem/protocol';
import type { Connection, SyncServer } from '../index.js';

/** A client speaking y-protocols to the core through an in-memory Connection (no sockets). */
export class PeerClient {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  received: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  session;
  readonly conn: Connection = {
    send: (frame) => {
      this.received.push(frame);
      this.handle(frame);
    },
    close: (code, reason) => {
      this.closed = { code, reason };
    },
  };

  constructor(server: SyncServer, docId: string, readOnly = false, doc = new Y.Doc(), user: string | null = null) {
    this.doc = doc;
    this.awareness = new awarenessProtocol.Awareness(doc);
    const access = user === null ? undefined : { role: readOnly ? ('viewer' as const) : ('editor' as const), user: { id: user, name: user } };
    this.session = server.connect(this.conn, { docId, readOnly, access });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') this.session.receive(writeUpdate(update));
    });
  }

  private handle(frame: Uint8Array) {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, 'server');
      if (encoding.length(reply) > 1) this.session.receive(encoding.toUint8Array(reply));
    } else if (type === 1) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'server');
    }
  }

  /** Sends sync step 1, as the y-websocket client does on open. */
  hello() {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, this.doc);
    this.session.receive(encoding.toUint8Array(e));
  }

  text() {
    return this.doc.getText('t').toString();
  }
}

/** Waits a few ms (lets the core's promise chains run). */
export const tick = () => new Promise((r) => setTimeout(r, 5));
/** Resolves once `check` holds (vitest's `vi.waitFor`, every 5 ms); fails naming `what` after 2 s. */
export function until(check: () => boolean, what: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 2000, interval: 5 },
  );
}
