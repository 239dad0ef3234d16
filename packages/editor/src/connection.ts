import { CloseCode } from '@tandem/protocol';
import type { WebsocketProvider } from 'y-websocket';
import type { StatusState } from './status.js';

/** A token, or a function giving one (called on every connection and when the token expired). */
export type TokenSource = string | (() => string | Promise<string>);

/** Close codes after which reconnecting is pointless, and the state each one means. */
const FINAL_CLOSES: ReadonlyMap<number, StatusState> = new Map([
  [CloseCode.unauthorized, 'signed-out'],
  [CloseCode.forbidden, 'no-access'],
  [CloseCode.notFound, 'deleted'],
  [CloseCode.tokenExpired, 'token-expired'],
  [CloseCode.tooLarge, 'too-large'],
  [CloseCode.messageTooBig, 'too-large'],
]);

/** What an HTTP status of the document's REST resource says about a socket the server refused. */
const REFUSALS: ReadonlyMap<number, StatusState> = new Map([
  [401, 'signed-out'],
  [403, 'no-access'],
  [404, 'deleted'],
]);

/** Failed socket attempts in a row (never opened) before asking the REST API why. */
const FAILURES_BEFORE_PROBE = 2;

/** y-websocket's `shouldReconnect`: every close but the final ones (4409 "access changed" reconnects). */
export const shouldReconnect = (event: CloseEvent): boolean => !FINAL_CLOSES.has(event.code);

/** How the connection policy reaches the rest of the editor. */
export interface ConnectionPolicyOptions {
  provider: WebsocketProvider;
  /** The server's http(s) base URL and the document id, for the REST probe. */
  server: string;
  doc: string;
  token: TokenSource | undefined;
  /** Enters a final state (the provider is already stopped). */
  fail(state: StatusState): void;
  /** Leaves a final state (reconnecting with a new token). */
  resume(): void;
  fetch?: typeof fetch;
}

/** Running policy: `start` connects (after the first token), `reconnect` drops the socket and connects again. */
export interface ConnectionPolicy {
  start(): void;
  reconnect(): void;
  /** Calls the token source again, then reconnects (after 4408, or a page's own refresh). */
  refresh(): void;
  /** Uses another token (or token function) from now on, and reconnects with it. */
  setToken(token: TokenSource | undefined): void;
  destroy(): void;
}

/**
 * Decides when the editor connects and when it stops: the token (a string or a function called on
 * every connection), final close codes (4401/4403/4404/4413/1009 stop; 4408 asks the token
 * function for a new token and reconnects, or stops when there is none), and sockets the server
 * refuses at the HTTP upgrade, which a browser only sees as a failed socket: after a few failures
 * in a row it asks `GET /api/docs/:id` with the same credentials, and 401/403/404 there stop it.
 */
export function connectionPolicy(options: ConnectionPolicyOptions): ConnectionPolicy {
  const { provider } = options;
  let token = options.token;
  /** A token function's token was refused once since the last open socket: a second refusal stops. */
  let refusedOnce = false;
  const doFetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  let destroyed = false;
  let failures = 0;
  let opened = false;
  let probing = false;
  let currentToken: string | undefined = typeof token === 'string' ? token : undefined;

  const setToken = (value: string | undefined) => {
    currentToken = value;
    if (value) provider.params.token = value;
    else delete provider.params.token;
  };

  const nextToken = async (): Promise<boolean> => {
    if (typeof token !== 'function') return true;
    try {
      const value = await token();
      if (destroyed) return false;
      setToken(value || undefined);
      return Boolean(value);
    } catch {
      return false;
    }
  };

  const stop = (state: StatusState) => {
    provider.disconnect();
    options.fail(state);
  };

  const connect = async () => {
    if (typeof token === 'function' && !(await nextToken())) {
      if (!destroyed) stop('signed-out');
      return;
    }
    if (!destroyed) provider.connect();
  };

  const probe = async () => {
    if (probing || !doFetch) return;
    probing = true;
    try {
      const headers: Record<string, string> = currentToken ? { authorization: `Bearer ${currentToken}` } : {};
      const base = options.server.replace(/\/+$/, '');
      // the same credentials as the socket: token, session cookie, share-link secret
      const share = provider.params.share;
      const query = share ? `?share=${encodeURIComponent(share)}` : '';
      const res = await doFetch(`${base}/api/docs/${encodeURIComponent(options.doc)}${query}`, { headers, credentials: 'include', cache: 'no-store' });
      const state = REFUSALS.get(res.status);
      // the socket may have opened meanwhile: then the server took it after all
      if (state && !destroyed && !opened) {
        if (state === 'signed-out' && retryRefused()) return;
        stop(state);
      }
    } catch {
      // unreachable or not our server (CORS): offline, keep retrying
    } finally {
      probing = false;
    }
  };

  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') {
      opened = true;
      failures = 0;
      refusedOnce = false;
    } else if (status === 'connecting') {
      opened = false;
    }
  };

  const onConnectionClose = (event: CloseEvent | null) => {
    if (destroyed || event === null) return;
    if (!opened) {
      failures++;
      if (failures >= FAILURES_BEFORE_PROBE) void probe();
    }
    opened = false;
    // a token function gives a fresh token before y-websocket's backoff ends
    if (typeof token === 'function' && shouldReconnect(event)) void nextToken();
  };

  const onClosed = ({ code }: { code: number }) => {
    if (destroyed) return;
    const state = FINAL_CLOSES.get(code);
    if (!state) return;
    if (code === CloseCode.unauthorized && retryRefused()) return;
    if (code === CloseCode.tokenExpired && typeof token === 'function') {
      options.fail('token-expired');
      void connect().then(() => {
        if (!destroyed && provider.shouldConnect) options.resume();
      });
      return;
    }
    options.fail(state);
  };

  /**
   * A refused token (4401, or 401 from the REST probe) with a token function: ask it once more
   * (the backend may have rotated its key or the session); refused again, the editor stops.
   */
  function retryRefused(): boolean {
    if (typeof token !== 'function' || refusedOnce) return false;
    refusedOnce = true;
    provider.disconnect();
    failures = 0;
    void connect();
    return true;
  }

  provider.on('status', onStatus);
  provider.on('connection-close', onConnectionClose);
  provider.on('closed', onClosed);

  return {
    start: () => void connect(),
    reconnect() {
      if (destroyed || !provider.shouldConnect) return;
      provider.disconnect();
      provider.connect();
    },
    refresh() {
      if (destroyed) return;
      provider.disconnect();
      options.resume();
      void connect();
    },
    setToken(next) {
      if (destroyed) return;
      token = next;
      refusedOnce = false;
      if (typeof next !== 'function') setToken(next || undefined);
      provider.disconnect();
      options.resume();
      void connect();
    },
    destroy() {
      destroyed = true;
      provider.off('status', onStatus);
      provider.off('connection-close', onConnectionClose);
      provider.off('closed', onClosed);
    },
  };
}
