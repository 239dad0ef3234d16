import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The servers the bench compares. */
export type ServerKind = 'tandem' | 'y-websocket' | 'hocuspocus' | 'relay';

/** Every server kind, in table order. */
export const SERVER_KINDS: readonly ServerKind[] = ['tandem', 'y-websocket', 'hocuspocus', 'relay'];

/** Human names for the table. */
export const SERVER_NAMES: Record<ServerKind, string> = {
  tandem: 'Tandem',
  'y-websocket': 'y-websocket',
  hocuspocus: 'Hocuspocus',
  relay: 'bare ws relay',
};

/** A y-protocols message as a client reads it, whatever the server's framing. */
export type WireMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'other' };

/**
 * How one server kind frames y-protocols messages. y-websocket, Tandem and the relay send the bare
 * message; Hocuspocus prefixes each message with the document name and wants an auth message first.
 */
export class Wire {
  private readonly prefixed: boolean;

  constructor(readonly kind: ServerKind) {
    this.prefixed = kind === 'hocuspocus';
  }

  /** The WebSocket URL of `docName` on a server listening on `port`. */
  url(port: number, docName: string): string {
    if (this.kind === 'tandem') return `ws://127.0.0.1:${port}/sync/${docName}`;
    if (this.kind === 'hocuspocus') return `ws://127.0.0.1:${port}/`;
    return `ws://127.0.0.1:${port}/${docName}`;
  }

  /** Whether the server answers a sync handshake (the relay keeps no document). */
  get syncs(): boolean {
    return this.kind !== 'relay';
  }

  private build(docName: string, body: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    if (this.prefixed) encoding.writeVarString(e, docName);
    body(e);
    return encoding.toUint8Array(e);
  }

  /** Frames a client sends as soon as its socket opens: (auth and) sync step 1. */
  hello(docName: string, stateVector: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    if (this.prefixed) {
      frames.push(
        this.build(docName, (e) => {
          encoding.writeVarUint(e, 2); // auth
          encoding.writeVarUint(e, 0); // token
          encoding.writeVarString(e, '');
        }),
      );
    }
    if (this.syncs) frames.push(this.sync(docName, 0, stateVector));
    return frames;
  }

  /** A sync message: 0 step 1, 1 step 2, 2 update. */
  sync(docName: string, subtype: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
    return this.build(docName, (e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, subtype);
      encoding.writeVarUint8Array(e, payload);
    });
  }

  /** An update frame. */
  update(docName: string, update: Uint8Array): Uint8Array {
    return this.sync(docName, 2, update);
  }

  /** An awareness frame holding one client's state. */
  awareness(docName: string, clientId: number, clock: number, state: unknown): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const payload = encoding.toUint8Array(inner);
    return this.build(docName, (e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, payload);
    });
  }

  /** Reads a received frame. */
  read(data: Uint8Array): WireMessage {
    const d = decoding.createDecoder(data);
    if (this.prefixed) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === 0 || type === 4) {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === 0) return { type: 'sync-step1', stateVector: payload };
      if (sub === 1) return { type: 'sync-step2', update: payload };
      if (sub === 2) return { type: 'update', update: payload };
      return { type: 'other' };
    }
    if (type === 1) return { type: 'awareness', update: decoding.readVarUint8Array(d) };
    return { type: 'other' };
  }
}
