import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportJob } from './import-build.js';
import { ImportError } from './import-json.js';
import type { SandboxReply } from './import-worker.js';

/** Limits of the import sandbox. */
export interface ImportSandboxOptions {
  /** Longest one import may take before its thread is ended and the import refused with 413 (default 30 s). */
  timeoutMs?: number;
  /** Heap the thread may use, in MiB, before it is ended and the import refused with 413 (default 256). */
  maxHeapMb?: number;
  /** Imports waiting for the thread beyond the one it works on; past it, 503 (default 8). */
  maxQueued?: number;
}

/** Builds documents from untrusted import content on a thread of its own (see buildImportState). */
export interface ImportSandbox {
  /** The Yjs state of the document the content describes; rejects with ImportError (its status says why). */
  build(job: ImportJob): Promise<Uint8Array>;
  /** Ends the thread; imports still waiting fail with 503. */
  close(): Promise<void>;
}

/**
 * The thread's compiled file: beside this module in dist/; from src/ (tests run the sources) the
 * built one in ../dist, since a worker thread cannot load TypeScript sources with .js imports.
 */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'import-worker.js');
  return existsSync(beside) ? beside : join(here, '..', 'dist', 'import-worker.js');
}

interface Pending {
  job: ImportJob;
  resolve: (state: Uint8Array) => void;
  reject: (err: unknown) => void;
}

/**
 * Runs imports one at a time in a worker thread with a bounded heap and stack and a time limit:
 * a parse that crashes, exhausts its heap or runs too long ends that thread (the import gets a
 * clear error) and the next import starts a fresh one. The event loop never parses import content.
 */
export function createImportSandbox(options: ImportSandboxOptions = {}): ImportSandbox {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxHeapMb = options.maxHeapMb ?? 256;
  const maxQueued = options.maxQueued ?? 8;
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let current: (Pending & { id: number; timer: NodeJS.Timeout }) | null = null;
  let nextId = 0;
  let closed = false;

  const start = (): Worker => {
    const w = new Worker(workerFile(), {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true, // a parsing library's console output stays in the sandbox
      stderr: true,
      // the built worker imports built packages: never a `source` condition a test runner passed
      // down (it would point the worker at TypeScript files whose .js imports do not exist)
      execArgv: process.execArgv.filter((arg, i, all) => !/^(--conditions|-C)(=|$)/.test(arg) && !/^(--conditions|-C)$/.test(all[i - 1] ?? '')),
    });
    w.unref();
    w.on('message', (reply: SandboxReply) => {
      if (!current || reply.id !== current.id) return;
      const done = current;
      finish();
      if (reply.ok) done.resolve(reply.state);
      else done.reject(new ImportError(reply.message, reply.status));
    });
    const lost = (why: ImportError) => {
      if (worker !== w) return;
      worker = null;
      const done = current;
      finish();
      done?.reject(why);
    };
    w.on('error', (err) => {
      const heap = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      lost(heap ? new ImportError('content needs too much memory to import', 413) : new ImportError('content could not be imported'));
    });
    w.on('exit', () => lost(new ImportError('content could not be imported')));
    return w;
  };

  const finish = () => {
    if (current) clearTimeout(current.timer);
    current = null;
    worker?.unref();
    queueMicrotask(next);
  };

  const next = () => {
    if (current || closed) return;
    const item = queue.shift();
    if (!item) return;
    const w = (worker ??= start());
    const id = nextId++;
    const timer = setTimeout(() => {
      const done = current;
      if (!done || done.id !== id) return;
      worker = null;
      finish();
      void w.terminate();
      done.reject(new ImportError(`content took longer than ${timeoutMs} ms to import`, 413));
    }, timeoutMs);
    current = { ...item, id, timer };
    w.ref();
    try {
      w.postMessage({ ...item.job, id });
    } catch {
      finish();
      item.reject(new ImportError('content could not be imported'));
    }
  };

  return {
    build(job) {
      if (closed) return Promise.reject(new ImportError('the server is shutting down', 503));
      if (queue.length >= maxQueued) return Promise.reject(new ImportError('too many imports at once; try again shortly', 503));
      return new Promise<Uint8Array>((resolve, reject) => {
        queue.push({ job, resolve, reject });
        next();
      });
    },
    async close() {
      closed = true;
      for (const item of queue.splice(0)) item.reject(new ImportError('the server is shutting down', 503));
      const w = worker;
      worker = null;
      if (current) {
        const done = current;
        finish();
        done.reject(new ImportError('the server is shutting down', 503));
      }
      await w?.terminate();
    },
  };
}
