import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { vi } from 'vitest';

/** A stock y-websocket client (unmodified) with its document. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  destroy(): void;
}

/** Connects the stock y-websocket client to `/sync/<docId>` on `baseUrl` (http://host:port). */
export function connectClient(
  baseUrl: string,
  docId: string,
  options: { params?: Record<string, string>; connect?: boolean; doc?: Y.Doc; WebSocketPolyfill?: new (url: string, protocols?: string | string[]) => WebSocket } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/sync`, docId, doc, {
    WebSocketPolyfill: (options.WebSocketPolyfill ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    params: options.params ?? {},
    connect: options.connect ?? true,
    disableBc: true,
    resyncInterval: -1,
  });
  return {
    doc,
    provider,
    text: doc.getText('t'),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once `check` holds (vitest's `vi.waitFor`, every 10 ms); fails naming `what` after `ms`. */
export function waitFor(check: () => boolean, what = 'condition', ms = 10_000): Promise<void> {
  return vi.waitFor(
    () => {
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: ms, interval: 10 },
  );
}

/** Resolves once the provider has completed its first sync with the server. */
export function synced(client: TestClient): Promise<void> {
  return waitFor(() => client.provider.synced, 'sync');
}
