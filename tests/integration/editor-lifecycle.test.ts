// @vitest-environment happy-dom
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { createEditor, defineTandemEditor, type EditorHandle, FRAGMENT_NAME, type TandemEditorElement } from '@tandem/editor';
import { join } from 'node:path';
import { createSqliteStore } from '@tandem/store-sqlite';
import { waitFor } from '../helpers/clients.js';
import { type ServerProcess, spawnTestServer } from '../helpers/server.js';

/** The real `ws` client, counting the sockets that are open right now. */
const openSockets = new Set<WebSocket>();
class CountingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    openSockets.add(this);
    this.on('close', () => openSockets.delete(this));
  }
}
const platformWebSocket = CountingWebSocket as unknown as typeof globalThis.WebSocket;

/** Every DOM listener and interval currently registered, to see that destroy() removes its own. */
const listeners = new Set<string>();
const intervals = new Set<unknown>();
const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object) => ids.get(o) ?? (ids.set(o, nextId++), nextId - 1);
const key = (target: object, type: string, listener: unknown, capture: unknown) =>
  `${idOf(target)}:${type}:${listener && typeof listener === 'object' ? idOf(listener) : idOf(listener as object)}:${!!(typeof capture === 'object' ? (capture as { capture?: boolean })?.capture : capture)}`;

beforeAll(() => {
  // the prototype that really holds addEventListener for DOM nodes (happy-dom's own EventTarget)
  let proto: EventTarget = document.createElement('div');
  while (!Object.prototype.hasOwnProperty.call(proto, 'addEventListener')) proto = Object.getPrototypeOf(proto);
  const add = proto.addEventListener;
  const remove = proto.removeEventListener;
  proto.addEventListener = function (type: string, listener: unknown, options?: unknown) {
    if (listener) listeners.add(key(this, type, listener, options));
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  };
  proto.removeEventListener = function (type: string, listener: unknown, options?: unknown) {
    if (listener) listeners.delete(key(this, type, listener, options));
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  };
  const setI = globalThis.setInterval;
  const clearI = globalThis.clearInterval;
  globalThis.setInterval = ((fn: () => void, ms?: number) => {
    const id = setI(fn, ms);
    intervals.add(id);
    return id;
  }) as typeof setInterval;
  globalThis.clearInterval = ((id: unknown) => {
    intervals.delete(id);
    clearI(id as NodeJS.Timeout);
  }) as typeof clearInterval;
});

// The server runs as its own process: happy-dom's fetch globals would strip the upgrade headers.
describe('@tandem/editor against a real server (happy-dom)', () => {
  let server: ServerProcess;
  let sessions = 0;
  const pollSessions = (expected: (n: number) => boolean, what: string) =>
    vi.waitFor(
      async () => {
        if (!expected((sessions = await server.sessions()))) throw new Error(`timed out waiting for ${what} (sessions: ${sessions})`);
      },
      { timeout: 10_000, interval: 25 },
    );
  beforeAll(async () => {
    server = await spawnTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const connected = (editor: EditorHandle) => waitFor(() => editor.status.connection === 'connected' && editor.status.saved, 'connected and saved');

  it('create/destroy many times leaves no sockets, listeners, intervals or DOM nodes', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const baseListeners = new Set(listeners);
    const baseIntervals = intervals.size;
    for (let round = 0; round < 12; round++) {
      const editors = [0, 1].map((i) =>
        createEditor(host, { server: server.url, doc: `life-${round % 3}`, user: { name: `U${i}` }, WebSocket: platformWebSocket }),
      );
      await Promise.all(editors.map(connected));
      expect(host.querySelectorAll('.ProseMirror').length).toBe(2);
      expect(document.querySelectorAll('style[data-tandem-editor]').length).toBe(1);
      for (const editor of editors) editor.destroy();
      editors[0]!.destroy(); // a second destroy is harmless
    }
    expect(host.childNodes.length).toBe(0);
    expect(document.querySelectorAll('style[data-tandem-editor]').length).toBe(0);
    expect([...listeners].filter((l) => !baseListeners.has(l))).toEqual([]);
    expect(intervals.size).toBe(baseIntervals);
    await waitFor(() => openSockets.size === 0, 'client sockets closed');
    await pollSessions((n) => n === 0, 'server sessions closed');
    host.remove();
  });

  it('says saved only once the server has stored the change', async () => {
    const host = document.createElement('div');
    const editor = createEditor(host, { server: server.url, doc: 'saved-check', WebSocket: platformWebSocket });
    const seen: string[] = [];
    editor.doc.on('update', () => seen.push(editor.status.saved ? 'saved' : 'pending'));
    await connected(editor);
    const { view } = editor;
    view.dispatch(view.state.tr.insertText('durable words', 1));
    expect(editor.status.saved).toBe(false);
    await waitFor(() => editor.status.saved, 'saved');
    // no flush: "saved" itself must mean the store holds it (read through a second SQLite connection)
    const reader = createSqliteStore({ path: join(server.dataDir, 'tandem.db') });
    const stored = await reader.load('saved-check');
    await reader.close();
    const copy = new Y.Doc();
    for (const update of stored?.updates ?? []) Y.applyUpdate(copy, update);
    expect(copy.getXmlFragment(FRAGMENT_NAME).toString()).toContain('durable words');
    expect(seen).toContain('pending');
    editor.destroy();
  });

  it('the custom element follows its attributes: a new doc switches documents cleanly', async () => {
    defineTandemEditor({ server: server.url });
    defineTandemEditor(); // idempotent
    const previous = globalThis.WebSocket;
    globalThis.WebSocket = platformWebSocket;
    try {
      const el = document.createElement('tandem-editor') as TandemEditorElement;
      const statuses: string[] = [];
      el.addEventListener('tandem-status', (e) => statuses.push((e as CustomEvent<{ doc: string; connection: string }>).detail.doc));
      el.setAttribute('doc', 'attr-a');
      el.setAttribute('user-name', 'Ada');
      document.body.append(el);
      const first = el.editor!;
      expect(first.docId).toBe('attr-a');
      await connected(first);
      first.view.dispatch(first.view.state.tr.insertText('only in a', 1));
      await waitFor(() => first.status.saved, 'a saved');

      el.setAttribute('user-name', 'Ada L.');
      expect(el.editor).toBe(first); // a name change keeps the connection
      expect((first.provider.awareness.getLocalState() as { user: { name: string } }).user.name).toBe('Ada L.');

      el.setAttribute('doc', 'attr-b');
      await Promise.resolve();
      const second = el.editor!;
      expect(second).not.toBe(first);
      expect(second.docId).toBe('attr-b');
      expect(el.shadowRoot!.querySelectorAll('.ProseMirror').length).toBe(1);
      await connected(second);
      expect(second.view.state.doc.textContent).toBe('');
      await pollSessions((n) => n === 1, 'only the session of doc b left');
      expect(statuses).toContain('attr-b');

      el.remove();
      expect(el.editor).toBeNull();
      expect(el.shadowRoot!.querySelectorAll('.ProseMirror').length).toBe(0);
      await waitFor(() => openSockets.size === 0, 'element sockets closed');
    } finally {
      globalThis.WebSocket = previous;
    }
  });
});
