import { vi } from 'vitest';
import { readAccess, type AccessInfo } from '@tandem/protocol';
import { openRaw, type RawSocket } from './sockets.js';

/** One person talking to a server over REST with their own session cookie (a cookie jar of one). */
export class Person {
  cookie = '';
  constructor(
    readonly baseUrl: string,
    readonly email: string,
    readonly password = 'correct horse battery',
  ) {}

  /** Sends a JSON request as this person; keeps the session cookie it is given. */
  async api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    const match = set ? /tandem_session=([^;]*)/.exec(set) : null;
    if (match) this.cookie = match[1] ? `tandem_session=${match[1]}` : '';
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json, headers: res.headers };
  }

  setup(name = this.email.split('@')[0]) {
    return this.api('POST', '/api/auth/setup', { email: this.email, name, password: this.password });
  }
  signup(invite?: string) {
    return this.api('POST', '/api/auth/signup', { email: this.email, password: this.password, ...(invite ? { invite } : {}) });
  }
  signin(password = this.password) {
    return this.api('POST', '/api/auth/signin', { email: this.email, password });
  }
  async createDoc(title = 'A document'): Promise<string> {
    const res = await this.api('POST', '/api/docs', { title });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.id;
  }

  /** Opens a raw sync socket with this person's cookie (and the server's own Origin unless given). */
  socket(docId: string, options: { share?: string; origin?: string } = {}): Promise<RawSocket> {
    const path = options.share ? `${encodeURIComponent(docId)}?share=${encodeURIComponent(options.share)}` : encodeURIComponent(docId);
    return openRaw(this.baseUrl, path, {
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), origin: options.origin ?? this.baseUrl },
    });
  }
}

/** The access frame a socket received first. */
export async function accessOf(socket: RawSocket): Promise<AccessInfo> {
  await vi.waitFor(
    () => {
      if (socket.received.length === 0) throw new Error('no frame received');
    },
    { timeout: 5000, interval: 10 },
  );
  const access = readAccess(socket.received[0]!);
  if (!access) throw new Error('the first frame is not the access frame');
  return access;
}
