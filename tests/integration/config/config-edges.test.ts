import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_MAIN, serverProcessEnv, spawnTestServer } from '../../helpers/server.js';

// Issue #19 part 7: configuration that never surprises. Each edge runs the real built server
// (`node apps/server/dist/main.js`, as an operator does) and, for the check, the real
// `check-config` entry; both must stop with exit code 2 and a message naming the variable.

const CHECK_MAIN = join(SERVER_MAIN, '..', 'check-config-main.js');

/** Runs `main` with the test defaults plus `env` until it exits; its code, output and how long it took. */
function runToExit(env: Record<string, string | undefined>, main = SERVER_MAIN, timeoutMs = 20_000) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
  const started = Date.now();
  const proc = spawn(process.execPath, [main], { env: serverProcessEnv(env, dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  return new Promise<{ code: number | string; output: string; ms: number }>((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code: code ?? signal ?? -1, output, ms: Date.now() - started });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-config-files-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
let cert = '';
let key = '';

beforeAll(() => {
  cert = join(dir, 'cert.pem');
  key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a wrong configuration stops the real server with exit code 2, naming the variable', () => {
  it.each<[string, () => Record<string, string>, RegExp]>([
    ['an empty PORT', () => ({ PORT: '' }), /PORT: is set but empty/],
    ['a blank LOG_LEVEL', () => ({ LOG_LEVEL: '   ' }), /LOG_LEVEL: is set but empty/],
    ['DATA_DIR that is a file', () => ({ DATA_DIR: file('not-a-folder', 'x') }), /DATA_DIR: must be a folder, .* is a file/],
    ['DATA_DIR below a file', () => ({ DATA_DIR: join(file('a-file', 'x'), 'sub') }), /DATA_DIR: .* is a file, so .* cannot be a folder/],
    ['DATA_DIR under /proc', () => ({ DATA_DIR: '/proc/nope' }), /DATA_DIR: cannot create the folder "\/proc\/nope"/],
    ['DATABASE_URL without a host', () => ({ DATABASE_URL: 'postgres://' }), /DATABASE_URL: .*host/],
    ['REDIS_URL without a host', () => ({ DATABASE_URL: 'postgres://db.example/x', REDIS_URL: 'redis://' }), /REDIS_URL: .*host/],
    ['TLS_CERT that is not PEM', () => ({ TLS_CERT: file('cert.txt', 'hello'), TLS_KEY: key }), /TLS_CERT: must be a PEM certificate/],
    ['TLS_KEY that is not PEM', () => ({ TLS_CERT: cert, TLS_KEY: file('key.txt', 'hello') }), /TLS_KEY: must be a PEM private key/],
    [
      'TLS_KEY of another certificate',
      () => ({ TLS_CERT: cert, TLS_KEY: file('other.pem', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()) }),
      /TLS_KEY: .* is not the private key of the certificate in TLS_CERT/,
    ],
    ['TLS_CERT that cannot be read', () => ({ TLS_CERT: dir, TLS_KEY: key }), /TLS_CERT: must be a readable PEM certificate file/],
  ])('%s', async (_, env, message) => {
    const run = await runToExit(env());
    expect(run.output).toMatch(message);
    expect(run.output).toContain('tandem: invalid configuration:');
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(15_000); // no spinning: /proc/nope used to loop at 100% CPU, deaf to SIGTERM
  });
});

describe('names that look like ours but are not', () => {
  it('start the server with a warning naming the nearest variable', async () => {
    const server = await spawnTestServer({ AUTH_SECERT: 'x'.repeat(40), MAX_CONNECTION: '5', DATADIR: '/tmp/elsewhere' });
    try {
      const out = server.output();
      expect(out).toContain('tandem: warning: AUTH_SECERT is not a Tandem variable and is ignored: did you mean AUTH_SECRET?');
      expect(out).toContain('MAX_CONNECTION is not a Tandem variable and is ignored: did you mean MAX_CONNECTIONS?');
      expect(out).toContain('DATADIR is not a Tandem variable and is ignored: did you mean DATA_DIR?');
      expect(out).not.toMatch(/warning: (PATH|HOME|NODE_OPTIONS) /);
    } finally {
      await server.dispose();
    }
  });

  it('a deprecated millisecond name works, with a warning naming the new form', async () => {
    const server = await spawnTestServer({ PING_INTERVAL_MS: '45000' });
    try {
      expect(server.output()).toContain('tandem: warning: PING_INTERVAL_MS is deprecated: use PING_INTERVAL=45s');
    } finally {
      await server.dispose();
    }
  });
});

describe('tandem check-config', () => {
  it('says ok (exit 0) for a good configuration, with its warnings, and starts nothing', async () => {
    const target = join(dir, 'fresh', 'data');
    const run = await runToExit({ DATA_DIR: target, AUTH_SECERT: 'x' }, CHECK_MAIN);
    expect(run.output).toContain('did you mean AUTH_SECRET?');
    expect(run.output).toMatch(/configuration ok: port 0, SQLite in .*fresh\/data, AUTH_MODE=open/);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'fresh'))).toBe(false); // checked, not created
  });

  it('names the bad variable and exits 2, like start-up', async () => {
    const run = await runToExit({ DATA_DIR: '/proc/nope' }, CHECK_MAIN);
    expect(run.output).toMatch(/tandem: invalid configuration: DATA_DIR: cannot create the folder "\/proc\/nope"/);
    expect(run.code).toBe(2);
    const empty = await runToExit({ SMTP_URL: '' }, CHECK_MAIN);
    expect(empty.output).toContain('SMTP_URL: is set but empty');
    expect(empty.code).toBe(2);
  });
});
