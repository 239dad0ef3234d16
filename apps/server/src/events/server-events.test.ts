import { describe, expect, it } from 'vitest';
import type { Logger } from '@tandem/sync';
import { type ServerEvent, ServerEvents } from './server-events.js';

function recordingLogger(): Logger & { errors: Record<string, unknown>[] } {
  const errors: Record<string, unknown>[] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (event, fields) => void errors.push({ event, ...fields }) };
}

describe('ServerEvents', () => {
  it('delivers an event to its type and to "*", stamped with the time, in subscription order', () => {
    const events = new ServerEvents({ now: () => 1234 });
    const seen: string[] = [];
    events.on('document.deleted', (e) => void seen.push(`deleted:${e.docId}:${e.at}`));
    events.on('*', (e) => void seen.push(`any:${e.type}`));
    events.on('document.created', () => void seen.push('created'));
    const sent = events.emit({ type: 'document.deleted', docId: 'd1', actor: { kind: 'account', id: 'u1' } });
    expect(sent).toEqual({ type: 'document.deleted', docId: 'd1', actor: { kind: 'account', id: 'u1' }, at: 1234 });
    expect(seen).toEqual(['deleted:d1:1234', 'any:document.deleted']);
  });

  it('keeps a time the emitter gave', () => {
    const events = new ServerEvents({ now: () => 1 });
    let got: ServerEvent | null = null;
    events.on('export', (e) => void (got = e));
    events.emit({ type: 'export', docId: 'x', at: 99 });
    expect(got!.at).toBe(99);
  });

  it('stops delivering after unsubscribe', () => {
    const events = new ServerEvents();
    let count = 0;
    const off = events.on('*', () => void count++);
    events.emit({ type: 'document.changed', docId: 'a' });
    off();
    events.emit({ type: 'document.changed', docId: 'a' });
    expect(count).toBe(1);
  });

  it('logs a listener that throws or rejects, and still reaches the others', async () => {
    const logger = recordingLogger();
    const events = new ServerEvents({ logger });
    const reached: string[] = [];
    events.on('document.renamed', () => {
      throw new Error('boom');
    });
    events.on('document.renamed', async () => {
      throw new Error('later');
    });
    events.on('document.renamed', () => void reached.push('third'));
    expect(() => events.emit({ type: 'document.renamed', docId: 'a' })).not.toThrow();
    expect(reached).toEqual(['third']);
    await new Promise((r) => setTimeout(r, 0));
    expect(logger.errors.map((e) => e.error)).toEqual(['Error: boom', 'Error: later']);
  });
});
