import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type RunningServer, startServer } from '@tandem/server';

/**
 * The one test-server fixture: a real Tandem server on a random loopback port over a fresh data
 * folder, either in this process (`startTestServer`) or as its own process running the built
 * entry as an operator does (`spawnTestServer`). Both take any configuration variable in `env`;
 * both run `AUTH_MODE=open` unless `env` says otherwise (accounts tests pass `AUTH_MODE: 'accounts'`).
 */

/** The built server entry (what `pnpm start` runs). */
export const SERVER_MAIN = join(import.meta.dirname, '..', '..', 'apps', 'server', 'dist', 'main.js');

/** The variables every test server starts with, under `env`. */
function testDefaults(dataDir: string): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, AUTH_MODE: 'open' };
}

/** Test variables: a value sets it, `undefined` unsets it (a default included). */
export type TestEnv = Record<string, string | undefined>;

/** `base` with `env` over it, without the variables `env` unsets. */
function withEnv(base: Record<string, string | undefined>, env: TestEnv): Record<string, string> {
  const merged = { ...base, ...env };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A fresh data folder (removed by the fixture's `dispose`) unless the test brings its own. */
function dataFolder(given: string | undefined): { dir: string; owned: boolean } {
  return given ? { dir: given, owned: false } : { dir: mkdtempSync(join(tmpdir(), 'tandem-test-')), owned: true };
}

/** A server started by `startTestServer`, in this process. */
export interface TestServer extends RunningServer {
  url: string;
  dataDir: string;
  /** Stops the server and deletes its data folder (unless the test passed its own). */
  dispose(): Promise<void>;
}

/** Starts a server in this process; `env` adds configuration variables; `dataDir` keeps data across restarts. */
export async function startTestServer(env: TestEnv = {}, dataDir?: string): Promise<TestServer> {
  const { dir, owned } = dataFolder(dataDir ?? env.DATA_DIR);
  // silent like its log: a test that reads the audit stream gives AUDIT_LOG a file
  const server = await startServer(parseConfig(withEnv({ ...testDefaults(dir), LOG_LEVEL: 'silent', AUDIT_LOG: 'off' }, env)));
  return {
    ...server,
    url: `http://127.0.0.1:${server.port}`,
    dataDir: dir,
    async dispose() {
      await server.close();
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A server started by `spawnTestServer`, in its own process. */
export interface ServerProcess {
  proc: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far, parsed. */
  logs(): Record<string, unknown>[];
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** Sends `signal` (SIGTERM: a graceful stop) unless it has ended; resolves with how it ended. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** Sessions open right now, from /healthz. */
  sessions(): Promise<number>;
  /** Stops the process and deletes its data folder (unless the test passed its own). */
  dispose(): Promise<void>;
}

/**
 * The environment of a server process: this process's without the cluster variables (CI sets
 * DATABASE_URL and REDIS_URL for the tests that want them; every other server runs on its own
 * SQLite file), the test defaults, then `env`. Logs at info: the port is read from its
 * `server.listening` line.
 */
export function serverProcessEnv(env: TestEnv, dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  return withEnv({ ...inherited, ...testDefaults(dataDir), LOG_LEVEL: 'info' }, env);
}

/** Starts `node apps/server/dist/main.js` with `env` and resolves once it listens. */
export async function spawnTestServer(env: TestEnv = {}): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` first (\`pnpm test\` does)`);
  const { dir, owned } = dataFolder(env.DATA_DIR);
  const proc = spawn(process.execPath, [SERVER_MAIN], { env: serverProcessEnv(env, dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    const onData = () => {
      const m = /"event":"server\.listening"[^\n]*"port":(\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      resolve(Number(m[1]));
    };
    proc.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    return exited;
  };
  return {
    proc,
    port,
    url,
    dataDir: dir,
    output: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    stop,
    sessions: () =>
      // node:http, not fetch: a browser-like test environment (happy-dom) would apply CORS to fetch
      new Promise<number>((resolve, reject) => {
        get(`${url}/healthz`, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += String(chunk)));
          res.on('end', () => resolve((JSON.parse(body) as { sessions: number }).sessions));
        }).on('error', reject);
      }),
    async dispose() {
      await stop();
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}
