import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, REPO_ROOT } from './paths.js';
import type { ProbeReading } from './servers/probe.js';
import type { ServerKind } from './wire.js';

/** Whether `taskset` can pin processes to cores here (Linux with at least two cores). */
export const canPin: boolean = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return availableParallelism() >= 2;
  } catch {
    return false;
  }
})();

/**
 * Pins this process (the load generator) and all its threads to core 1; false when it cannot (a
 * thread that ends while `taskset -a` walks them fails the call: the run goes on unpinned).
 */
export function pinLoadGenerator(): boolean {
  if (!canPin) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A server under test, running in its own process. */
export interface BenchServer {
  kind: ServerKind;
  port: number;
  pid: number;
  /** Heap after a full GC, RSS and CPU time of the server process. */
  probe(): Promise<ProbeReading>;
  stop(): Promise<void>;
}

/**
 * This process's environment without the cluster variables: the comparison is of single servers,
 * Tandem on its embedded SQLite store (CI sets DATABASE_URL and REDIS_URL for the cluster tests).
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = process.env;
  return rest;
}

function command(kind: ServerKind): { script: string; env: Record<string, string> } {
  if (kind === 'tandem') {
    // BENCH_TANDEM_ENV="SQLITE_SYNCHRONOUS=normal ..." adds configuration (for experiments).
    const extra = Object.fromEntries((process.env.BENCH_TANDEM_ENV ?? '').split(' ').filter(Boolean).map((kv) => kv.split('=', 2) as [string, string]));
    // The per-connection and per-IP limits (SECURITY.md) protect a server from one client; a load
    // generator is one client on one IP by design, so they are lifted here as an operator would for
    // a load test. The peers have no such limits at all.
    const loadTest = {
      MAX_MESSAGES_PER_SECOND: '1000000',
      MAX_BYTES_PER_SECOND: '1073741824',
      MAX_CONNECTIONS: '1000000',
      MAX_CONNECTIONS_PER_IP: '1000000',
      MAX_FRAME_BYTES: '268435456',
    };
    // The peers have no sign-in either: Tandem runs open (AUTH_MODE=open) like them.
    return {
      script: join(REPO_ROOT, 'apps', 'server', 'dist', 'main.js'),
      env: { LOG_LEVEL: 'info', HOST: '127.0.0.1', AUTH_MODE: 'open', ...loadTest, ...extra },
    };
  }
  return { script: join(BENCH_DIR, 'dist', 'servers', `${kind}.js`), env: {} };
}

/**
 * Starts `kind` in a child process (pinned to core 0 where possible) on a free loopback port.
 * Tandem runs its built CLI with a fresh DATA_DIR, so its durable SQLite store is on; `extraEnv`
 * adds configuration (the cluster scenario's DATABASE_URL and REDIS_URL).
 */
export async function startServer(kind: ServerKind, extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  const { script, env } = command(kind);
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []; // e.g. --cpu-prof, for profiling
  const nodeArgs = [...extra, '--expose-gc', '--import', join(BENCH_DIR, 'dist', 'servers', 'probe.js'), script];
  const [file, args] = canPin ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child: ChildProcess = spawn(file, args as string[], {
    cwd: REPO_ROOT,
    env: { ...inheritedEnv(), ...env, ...extraEnv, PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const plain = /BENCH_LISTENING (\d+)/.exec(out);
      const json = /"event":"server\.listening"[^\n]*"port":(\d+)/.exec(out);
      const m = plain ?? json;
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code} before listening: ${stderr}`)));
    setTimeout(() => reject(new Error(`${kind} server did not listen within 20 s: ${stderr}`)), 20_000).unref();
  });
  let probeId = 0;
  const probe = () =>
    new Promise<ProbeReading>((resolve, reject) => {
      const id = ++probeId;
      const onMessage = (msg: { type?: string; id?: number; reading?: ProbeReading }) => {
        if (msg?.type === 'probe' && msg.id === id) {
          child.off('message', onMessage);
          resolve(msg.reading!);
        }
      };
      child.on('message', onMessage);
      child.send({ type: 'probe', id }, (err) => err && reject(err));
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { kind, port, pid: child.pid!, probe, stop };
}
