import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childServerEnv } from './child-server.js';

/** The built server (`pnpm build` makes it), run as its own process. */
const MAIN = join(import.meta.dirname, '..', '..', 'apps', 'server', 'dist', 'main.js');

/** A real Tandem server in a child process, for tests whose own environment cannot host one (happy-dom). */
export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  /** Sessions open right now, from /healthz. */
  sessions(): Promise<number>;
  /** Stops the process (SIGTERM, graceful) and deletes its data folder. */
  dispose(): Promise<void>;
}

/** Starts `node apps/server/dist/main.js` on a random loopback port over a fresh data folder. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-proc-'));
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: childServerEnv({ DATA_DIR: dataDir, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const match = /"event":"server.listening"[^\n]*"port":(\d+)/.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    dataDir,
    sessions() {
      // node:http, not fetch: a browser-like test environment would apply CORS to fetch
      return new Promise<number>((resolve, reject) => {
        get(`${url}/healthz`, (res) => {
          let body = '';
          res.on('data', (chunk) => (body += String(chunk)));
          res.on('end', () => resolve((JSON.parse(body) as { sessions: number }).sessions));
        }).on('error', reject);
      });
    },
    async dispose() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
