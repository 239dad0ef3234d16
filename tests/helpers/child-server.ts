import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built server entry (what `pnpm start` runs). */
export const SERVER_MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../apps/server/dist/main.js');

/** A Tandem server running in its own process, as an operator runs it. */
export interface ChildServer {
  proc: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * The environment of a child server: this process's, without the cluster variables (CI sets
 * DATABASE_URL and REDIS_URL for the tests that want them; every other child server runs on its
 * own SQLite file), plus loopback defaults (AUTH_MODE=open unless `extra` sets it) and `extra`.
 */
export function childServerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  return { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AUTH_MODE: 'open', ...extra };
}

/** Starts `node apps/server/dist/main.js` with `env` and resolves once it listens. */
export async function spawnServer(env: Record<string, string>): Promise<ChildServer> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run \`pnpm build\` first`);
  const proc = spawn(process.execPath, [SERVER_MAIN], {
    env: childServerEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15_000);
    const onData = () => {
      const m = /"event":"server\.listening"[^\n]*"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    proc.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
  return { proc, port, url: `http://127.0.0.1:${port}`, output: () => out, exited };
}
