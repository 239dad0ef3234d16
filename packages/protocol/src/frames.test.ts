import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
  DecodeError,
  readMessage,
  writeAuthDenied,
  writeAwareness,
  writeQueryAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from './index.js';

function decodeError(frame: Uint8Array): string {
  try {
    readMessage(frame);
  } catch (err) {
    expect(err).toBeInstanceOf(DecodeError);
    return (err as DecodeError).code;
  }
  throw new Error('frame decoded but should not have');
}

describe('y-websocket frames', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello');
  const update = Y.encodeStateAsUpdate(doc);
  const sv = Y.encodeStateVector(doc);

  it('round-trips every message type', () => {
    expect(readMessage(writeSyncStep1(sv))).toEqual({ type: 'sync-step1', stateVector: sv });
    expect(readMessage(writeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
    expect(readMessage(writeUpdate(update))).toEqual({ type: 'sync-update', update });
    expect(readMessage(writeAwareness(new Uint8Array([0])))).toEqual({ type: 'awareness', update: new Uint8Array([0]) });
    expect(readMessage(writeQueryAwareness())).toEqual({ type: 'query-awareness' });
    expect(readMessage(writeAuthDenied('no'))).toEqual({ type: 'auth-denied', reason: 'no' });
  });

  it('reads what y-protocols writes, and y-protocols reads what it writes', () => {
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeSyncStep1(enc, doc);
    expect(readMessage(encoding.toUint8Array(enc))).toEqual({ type: 'sync-step1', stateVector: sv });

    const dec = decoding.createDecoder(writeUpdate(update));
    expect(decoding.readVarUint(dec)).toBe(0);
    const other = new Y.Doc();
    syncProtocol.readSyncMessage(dec, encoding.createEncoder(), other, null);
    expect(other.getText('t').toString()).toBe('hello');
  });

  it('gives typed errors for malformed frames', () => {
    expect(decodeError(new Uint8Array([]))).toBe('empty-frame');
    expect(decodeError(new Uint8Array([9]))).toBe('unknown-message-type');
    expect(decodeError(new Uint8Array([0, 7, 0]))).toBe('unknown-sync-type');
    expect(decodeError(new Uint8Array([0]))).toBe('truncated');
    expect(decodeError(new Uint8Array([0, 2, 0x80]))).toBe('truncated');
    // declares 1 MB of payload in a 4-byte frame
    expect(decodeError(new Uint8Array([0, 2, 0x80, 0x80, 0x40]))).toBe('length-exceeds-frame');
    expect(decodeError(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toBe('varint-overflow');
    const full = writeUpdate(update);
    expect(decodeError(full.subarray(0, full.length - 1))).toBe('length-exceeds-frame');
    expect(decodeError(new Uint8Array([...writeQueryAwareness(), 1]))).toBe('trailing-bytes');
    expect(decodeError(new Uint8Array([2, 0, 2, 0xc3, 0x28]))).toBe('invalid-utf8');
    expect(decodeError(new Uint8Array([2, 5]))).toBe('unknown-auth-type');
  });

  it('never reads past a view that is a slice of a larger buffer', () => {
    const pool = new Uint8Array(64).fill(1);
    pool.set([0, 2, 10], 0); // declares 10 bytes, but the frame is only 3 bytes long
    expect(decodeError(pool.subarray(0, 3))).toBe('length-exceeds-frame');
  });
});
