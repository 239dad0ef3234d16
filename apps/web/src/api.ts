/** The server's JSON API as the web app uses it: who am I, and requests that carry the share secret. */

/** GET /api/auth/me. */
export interface Me {
  mode: 'accounts' | 'open';
  user: { id: string; email: string; name: string; admin: boolean } | null;
  needsSetup: boolean;
  signup: 'invite' | 'open' | 'closed';
  oidc: { enabled: boolean; name?: string };
}

let share: string | null = null;

/** Remembers the share-link secret of the open document (sent with its API requests). */
export function setShareSecret(secret: string | null): void {
  share = secret;
}

/** `init` with the `X-Tandem-Share` header when a share secret is set. */
export function withShare(init: RequestInit = {}): RequestInit {
  if (!share) return init;
  const headers = new Headers(init.headers);
  headers.set('X-Tandem-Share', share);
  return { ...init, headers };
}

/** An answer of the API: status and parsed JSON (null when there was none). */
export interface Answer<T = any> {
  ok: boolean;
  status: number;
  json: T;
}

/** Sends a JSON request (same-origin, with the session cookie) and parses the answer. */
export async function api<T = any>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Answer<T>> {
  const init: RequestInit = { method, signal, credentials: 'same-origin', headers: body === undefined ? {} : { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, withShare(init));
  let json: any = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  return { ok: res.ok, status: res.status, json };
}

/** The error message of an answer, for showing. */
export const messageOf = (answer: Answer, fallback = 'Something went wrong'): string =>
  (answer.json && typeof answer.json.error === 'string' && answer.json.error) || `${fallback} (HTTP ${answer.status})`;

let me: Promise<Me> | null = null;

const ME_KEY = 'tandem.me';
const OPEN: Me = { mode: 'open', user: null, needsSetup: false, signup: 'closed', oidc: { enabled: false } };

/**
 * Who is signed in (asked once, until `refreshMe`). Offline, the last answer is used, so the app
 * shell still opens documents kept on this device.
 */
export function getMe(): Promise<Me> {
  return (me ??= api<Me>('GET', '/api/auth/me').then(
    (a) => {
      const answer = a.ok ? a.json : OPEN;
      if (a.ok) remember(ME_KEY, answer);
      return answer;
    },
    () => recall<Me>(ME_KEY) ?? OPEN,
  ));
}

/** Keeps a small JSON value in localStorage (ignoring a full or blocked storage). */
export function remember(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // not kept
  }
}

/** Reads a value `remember` kept, or null. */
export function recall<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

/** Forgets who is signed in (after signing in or out). */
export function refreshMe(): Promise<Me> {
  me = null;
  return getMe();
}
