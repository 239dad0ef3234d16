import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPrivateAddress } from './ssrf.js';

/** The outcome of one attempt: the receiver's status, or why there was none. */
export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** What one attempt needs. */
export interface Attempt {
  url: string;
  secret: string;
  /** The `webhook-id`: the same on every attempt of one event. */
  eventId: string;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborts the attempt (the server is stopping). */
  signal?: AbortSignal;
}

/**
 * Signs a body the Standard Webhooks way (https://www.standardwebhooks.com): headers `webhook-id`,
 * `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">`, keyed with the secret's base64 part.
 */
export function signatureHeaders(secret: string, eventId: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(secret).sign(eventId, new Date(timestamp * 1000), body),
  };
}

/**
 * Resolves the receiver's host once and checks every address (private ones refused unless
 * allowed); the request then connects to the checked address only, so a DNS answer cannot change
 * between the check and the connection.
 */
async function checkedAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true });
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  if (!allowPrivate) {
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked) throw new Error(`${host} is a private address (${blocked.address}); set WEBHOOK_ALLOW_PRIVATE=true to allow it`);
  }
  return addresses[0]!;
}

/** POSTs one signed delivery; never throws (a failure is a result). 2xx counts as delivered. */
export async function sendWebhook(attempt: Attempt): Promise<AttemptResult> {
  let url: URL;
  try {
    url = new URL(attempt.url);
  } catch {
    return { ok: false, status: null, error: 'invalid URL' };
  }
  let pinned: { address: string; family: number };
  try {
    pinned = await checkedAddress(url.hostname, attempt.allowPrivate);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  const lookupPinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const body = Buffer.from(attempt.body);
  const headers = {
    'content-type': 'application/json',
    'content-length': String(body.length),
    'user-agent': 'Tandem-Webhooks/1',
    ...signatureHeaders(attempt.secret, attempt.eventId, attempt.body),
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    const req = send(url, { method: 'POST', headers, lookup: lookupPinned, timeout: attempt.timeoutMs, ...(attempt.signal ? { signal: attempt.signal } : {}) }, (res) => {
      res.resume(); // the answer's body is not needed; read it so the socket is freed
      res.on('error', () => {});
      const status = res.statusCode ?? 0;
      resolve({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${attempt.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, status: null, error: err.message }));
    req.end(body);
  });
}

/** Why a receiver URL cannot be sent to (its host does not resolve, or is private and not allowed), or null. */
export async function receiverProblem(raw: string, allowPrivate: boolean): Promise<string | null> {
  try {
    await checkedAddress(new URL(raw).hostname, allowPrivate);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
