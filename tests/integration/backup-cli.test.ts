import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';

const BACKUP_MAIN = join(dirname(fileURLToPath(import.meta.url)), '../../apps/server/dist/backup-main.js');

function backup(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BACKUP_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const doc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('tandem-backup', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every document, resumes, and restores them into another server', async () => {
    const source = await startTestServer();
    const target = await startTestServer();
    try {
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${source.url}/api/docs/doc-${i}/import`, { method: 'POST', body: JSON.stringify(doc(`text ${i}`)) });
        expect(res.status).toBe(201);
      }
      const attached = await fetch(`${source.url}/api/docs/doc-2/files?name=notes.txt`, { method: 'POST', body: 'attached notes' });
      expect(attached.status).toBe(201);
      const { url: fileUrl } = (await attached.json()) as { url: string };
      const out = join(dir, 'b1');
      const first = await backup(['export', '--server', source.url, '--dir', out]);
      expect(first.code, first.err).toBe(0);
      expect(first.out).toContain('export: 12 done, 0 skipped, 0 failed');
      expect(first.err).toContain('12/12 exported');
      expect(existsSync(join(out, 'doc-3.yjs'))).toBe(true);

      const again = await backup(['export', '--server', source.url, '--dir', out]);
      expect(again.out).toContain('export: 0 done, 12 skipped, 0 failed');

      // an interrupted import (here: one document first) resumes without duplicating anything
      const one = await backup(['import', '--server', target.url, '--dir', out, '--doc', 'doc-0']);
      expect(one.out).toContain('import: 1 done, 0 skipped, 0 failed');
      const all = await backup(['import', '--server', target.url, '--dir', out]);
      expect(all.code, all.err).toBe(0);
      expect(all.out).toContain('import: 11 done, 1 skipped, 0 failed');
      for (const i of [0, 5, 11]) {
        const body = await (await fetch(`${target.url}/api/docs/doc-${i}/export?format=txt`)).text();
        expect(body).toBe(`text ${i}\n`);
      }
      // attached files travel with their document, under the same id
      expect(existsSync(join(out, 'files', 'doc-2', fileUrl.split('/').pop()!))).toBe(true);
      const restored = await fetch(target.url + fileUrl);
      expect(restored.status).toBe(200);
      expect(await restored.text()).toBe('attached notes');

      // a corrupt file fails that document and the run exits non-zero
      writeFileSync(join(out, 'doc-7.yjs'), new Uint8Array([1, 2, 3]));
      const fresh = await startTestServer();
      try {
        const bad = await backup(['import', '--server', fresh.url, '--dir', out]);
        expect(bad.code).toBe(1);
        expect(bad.out).toContain('import: 11 done, 0 skipped, 1 failed');
        expect(bad.err).toMatch(/failed doc-7: .*HTTP 400/);
      } finally {
        await fresh.dispose();
      }
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });

  it('exits 1 when the server cannot be reached and 2 on wrong usage', async () => {
    expect((await backup(['export', '--server', 'http://127.0.0.1:9', '--dir', join(dir, 'x')])).code).toBe(1);
    expect((await backup(['explode'])).code).toBe(2);
  });
});
