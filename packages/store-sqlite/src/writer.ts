import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { type AppendItem, packBatch } from './batch-wire.ts';
import type { WriterReply, WriterRequest } from './writer-protocol.ts';
import type { WriterThreadData } from './writer-thread.ts';
import type { WalSync } from './wal-sync.ts';
import { prepareWrites } from './writes.ts';

/** Whoever writes the update log of a SQLite store; every call is one transaction, done in call order. */
export interface SqliteWriter {
  /** Appends the batch; resolves with the clock of each item's last update once durable. */
  commit(batch: readonly AppendItem[], t: number): Promise<number[]>;
  /** Replaces entries up to `through` with `snapshot` (nothing when the document is gone). */
  compact(docId: string, snapshot: Uint8Array, through: number): Promise<void>;
  /** Deletes a document, its versions and trash entry; true when it existed. */
  remove(docId: string): Promise<boolean>;
  /** Stores a version (`authors` as JSON); resolves with its id. */
  saveVersion(docId: string, kind: string, label: string | null, authors: string, createdAt: number, state: Uint8Array): Promise<number>;
  /** Moves a document to the trash; true when it was not there yet. */
  trash(docId: string, deletedAt: number): Promise<boolean>;
  /** Takes a document out of the trash; true when it was there. */
  untrash(docId: string): Promise<boolean>;
  /** Resolves once every request made so far has been answered (so reads after it see them). */
  settled(): Promise<void>;
  /** Finishes the requests made so far and lets go of the writer's resources. */
  close(): Promise<void>;
}

/**
 * Writes on the caller's connection, on its thread: for `:memory:` databases (no thread can share
 * them) and for `writer: 'inline'` (a process with one core, where the thread handoff costs more).
 * With `wal`, the connection commits with `synchronous = NORMAL` and each write resolves once the
 * WAL sync after it has returned (see WalSync): the event loop is blocked only while SQLite writes
 * the transaction to the WAL, not while the disk syncs it.
 */
export function createInlineWriter(db: Database, wal?: WalSync): SqliteWriter {
  const writes = prepareWrites(db);
  /** Runs one write transaction and resolves with its result once it is durable. */
  const write = async <T>(run: () => T): Promise<T> => {
    if (!wal) return run();
    if (wal.failure) throw wal.failure;
    const value = run();
    await wal.durable();
    return value;
  };
  return {
    commit: (batch, t) => write(() => writes.commit(batch, t)),
    compact: (docId, snapshot, through) => write(() => writes.compact(docId, snapshot, through)),
    remove: (docId) => write(() => writes.remove(docId)),
    saveVersion: (...args) => write(() => writes.saveVersion(...args)),
    trash: (docId, deletedAt) => write(() => writes.trash(docId, deletedAt)),
    untrash: (docId) => write(() => writes.untrash(docId)),
    // reads on this connection see every write as soon as it ran
    settled: async () => {},
    close: async () => {
      await wal?.close();
    },
  };
}

/** A failed write: a commit SQLite refused, or the writer thread gone. */
export class SqliteWriteError extends Error {
  /** SQLite's error code (`SQLITE_FULL`, `SQLITE_BUSY`...) when it gave one. */
  readonly code?: string;

  constructor(message: string, code?: string) {
    super(message);
    this.name = 'SqliteWriteError';
    this.code = code;
  }
}

/**
 * The writer thread's file, beside this module with its extension: `writer-thread.js` in dist/,
 * `writer-thread.ts` in src/ (tests, which Node runs by stripping the types). A path, not
 * `new URL(..., import.meta.url)`: bundlers (vite under a DOM test environment) rewrite that form.
 */
const HERE = fileURLToPath(import.meta.url);
const WRITER_THREAD = join(dirname(HERE), `writer-thread${extname(HERE)}`);

type Request = WriterRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Waiting {
  op: string;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes on a connection of its own in a worker thread, so the disk sync of a commit never stalls
 * the event loop. The thread starts with the store; if it dies, the requests it held fail with a
 * SqliteWriteError and the next write starts a new one. It keeps the process alive only
 * while it holds requests.
 */
export function createThreadWriter(path: string, synchronous: 'full' | 'normal' | undefined): SqliteWriter {
  /** The running thread and the requests it holds (each thread its own: a dead one fails only its own). */
  let thread: { worker: Worker; waiting: Map<number, Waiting> } | null = null;
  let nextId = 0;
  let closing = false;
  let last: Promise<void> = Promise.resolve();
  const ignore = () => {};

  const start = () => {
    const workerData: WriterThreadData = { path, synchronous };
    const worker = new Worker(WRITER_THREAD, { workerData });
    const waiting = new Map<number, Waiting>();
    const running = { worker, waiting };
    const failAll = (err: SqliteWriteError) => {
      if (thread === running) thread = null;
      const held = [...waiting.values()];
      waiting.clear();
      for (const w of held) w.reject(err);
    };
    worker.on('message', (reply: WriterReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      waiting.delete(reply.id);
      if (waiting.size === 0 && !closing) worker.unref(); // closing: stay alive until the thread exits
      if (reply.ok) entry.resolve(reply.value);
      else entry.reject(new SqliteWriteError(`SQLite ${entry.op} failed: ${reply.message}`, reply.code));
    });
    worker.on('error', (err) => failAll(new SqliteWriteError(`SQLite writer thread failed: ${err.message}`)));
    worker.on('exit', (code) => failAll(new SqliteWriteError(`SQLite writer thread exited (code ${code})`)));
    worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
    return running;
  };

  const send = <T>(req: Request, transfer?: ArrayBuffer[]): Promise<T> => {
    const answer = new Promise<T>((resolve, reject) => {
      const { worker, waiting } = (thread ??= start());
      const id = nextId++;
      worker.postMessage({ ...req, id }, transfer); // throws (rejecting this call) when req cannot be copied
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { op: req.op, resolve: resolve as (v: unknown) => void, reject });
    });
    last = answer.then(ignore, ignore);
    return answer;
  };

  // Start now, not on the first write: booting a thread and opening the file takes tens of ms,
  // which the first edits would otherwise wait for. Idle, it does not keep the process alive.
  thread = start();

  return {
    commit(batch, t) {
      const packed = packBatch(batch);
      return send<number[]>({ op: 'commit', batch: packed, t }, [packed.bytes.buffer as ArrayBuffer]);
    },
    compact: (docId, snapshot, through) => send<void>({ op: 'compact', docId, snapshot, through }),
    remove: (docId) => send<boolean>({ op: 'delete', docId }),
    saveVersion: (docId, kind, label, authors, createdAt, state) =>
      send<number>({ op: 'saveVersion', docId, kind, label, authors, createdAt, state }),
    trash: (docId, deletedAt) => send<boolean>({ op: 'trash', docId, deletedAt }),
    untrash: (docId) => send<boolean>({ op: 'untrash', docId }),
    settled: () => last,
    async close() {
      if (!thread) return;
      const { worker } = thread;
      closing = true;
      const exited = new Promise((r) => worker.once('exit', r));
      await send<void>({ op: 'close' });
      await exited;
    },
  };
}
