import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Wire } from './wire.js';

/** Options of a bench client. */
export interface BenchClientOptions {
  /** A real Y.Doc to keep in sync (a sample client); without it the client only counts. */
  doc?: Y.Doc;
  /** Called with every update the server relays (not the sync answer). */
  onUpdate?: (update: Uint8Array) => void;
  /** Called with the sync answer (step 2). */
  onSynced?: (update: Uint8Array) => void;
  /** Called for every frame received, before it is read. */
  onFrame?: () => void;
}

const REMOTE = Symbol('remote');

/**
 * One connection speaking y-protocols to a server through its Wire. A load-generator client sends
 * pre-encoded frames and counts what arrives; a sample client (with `doc`) is a real Yjs peer that
 * answers the handshake and applies everything, for convergence checks.
 */
export class BenchClient {
  readonly ws: WebSocket;
  bytesIn = 0;
  bytesOut = 0;
  framesIn = 0;
  /** performance.now() when the socket was asked to open, and when the sync answer arrived. */
  readonly startedAt = performance.now();
  syncedAt = 0;
  readonly opened: Promise<void>;
  readonly synced: Promise<void>;
  closedCode: number | null = null;
  private resolveSynced!: () => void;

  constructor(
    readonly wire: Wire,
    port: number,
    readonly docName: string,
    private readonly options: BenchClientOptions = {},
  ) {
    this.ws = new WebSocket(wire.url(port, docName), { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.synced = new Promise<void>((resolve) => (this.resolveSynced = resolve));
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.ws.on('error', () => {});
    this.ws.on('close', (code) => {
      this.closedCode = code;
    });
    this.ws.on('open', () => {
      const sv = options.doc ? Y.encodeStateVector(options.doc) : new Uint8Array([0]);
      for (const f of wire.hello(docName, sv)) this.send(f);
      if (!wire.syncs) this.markSynced();
    });
    this.ws.on('message', (data: Buffer) => this.receive(data));
    const doc = options.doc;
    if (doc) {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE && this.ws.readyState === WebSocket.OPEN) this.send(wire.update(docName, update));
      });
    }
  }

  private markSynced(): void {
    if (this.syncedAt) return;
    this.syncedAt = performance.now();
    this.resolveSynced();
  }

  private receive(data: Buffer): void {
    this.bytesIn += data.length;
    this.framesIn++;
    this.options.onFrame?.();
    const msg = this.wire.read(data);
    const doc = this.options.doc;
    switch (msg.type) {
      case 'sync-step1':
        if (doc) this.send(this.wire.sync(this.docName, 1, Y.encodeStateAsUpdate(doc, msg.stateVector)));
        return;
      case 'sync-step2':
        if (doc) Y.applyUpdate(doc, msg.update, REMOTE);
        this.options.onSynced?.(msg.update);
        this.markSynced();
        return;
      case 'update':
        if (doc) Y.applyUpdate(doc, msg.update, REMOTE);
        this.options.onUpdate?.(msg.update);
        return;
      default:
        return;
    }
  }

  /** Sends one frame (pre-encoded by the caller). */
  send(frame: Uint8Array): void {
    this.bytesOut += frame.length;
    this.ws.send(frame);
  }

  /** Bytes queued in this client's socket. */
  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  /** Closes the socket and resolves once it is closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 2000).unref();
    });
  }
}

/** Opens `count` clients made by `make`, at most `parallel` connecting at once; resolves once all synced. */
export async function openMany(count: number, make: (i: number) => BenchClient, parallel = 50): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const c = make(i);
      clients[i] = c;
      await c.opened;
      await withTimeout(c.synced, 30_000, `client ${i} of ${c.docName} to sync`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return clients;
}

/** Resolves like `p`, or rejects after `ms` naming `what`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Resolves when `check` holds (polled every 5 ms); rejects after `ms` naming `what`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Waits `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Closes every client. */
export async function closeAll(clients: readonly (BenchClient | undefined)[]): Promise<void> {
  await Promise.all(clients.map((c) => c?.close()));
}
