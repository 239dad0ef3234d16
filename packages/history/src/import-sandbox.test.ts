import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createImportSandbox, type ImportSandbox, ImportError, toProseMirrorJSON } from './index.js';

/** The sandbox runs the built worker (dist/import-worker.js): `pnpm build` first, as `pnpm test` does. */
describe('import sandbox', () => {
  let sandbox: ImportSandbox | null = null;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = null;
  });

  const docOf = (state: Uint8Array) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    return toProseMirrorJSON(doc);
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) => (err instanceof ImportError ? { status: err.status, message: err.message } : { status: 0, message: String(err) }),
    );

  it('builds a document from each format', async () => {
    sandbox = createImportSandbox();
    const html = docOf(await sandbox.build({ format: 'html', content: '<p>hi <b>there</b></p>' }));
    expect(html.content?.[0]?.content?.map((n) => n.text)).toEqual(['hi ', 'there']);
    const md = docOf(await sandbox.build({ format: 'md', content: '# Title\n\ntext' }));
    expect(md.content?.[0]?.type).toBe('heading');
    const json = docOf(await sandbox.build({ format: 'json', content: JSON.stringify({ type: 'doc', content: [{ type: 'paragraph' }] }) }));
    expect(json.content).toEqual([{ type: 'paragraph' }]);
    const yjs = docOf(await sandbox.build({ format: 'yjs', content: await sandbox.build({ format: 'md', content: 'again' }) }));
    expect(yjs.content?.[0]?.content?.[0]?.text).toBe('again');
  });

  it('refuses deep nesting with 400 without parsing it, and a Yjs update whose dependencies are missing', async () => {
    sandbox = createImportSandbox();
    expect(await failure(sandbox.build({ format: 'html', content: '<div>'.repeat(3000) }))).toEqual({
      status: 400,
      message: 'HTML nests elements deeper than 128 levels',
    });
    const source = new Y.Doc();
    source.getText('t').insert(0, 'a');
    const before = Y.encodeStateVector(source);
    source.getText('t').insert(1, 'b');
    const dangling = Y.encodeStateAsUpdate(source, before); // 'b' without the 'a' it follows
    expect((await failure(sandbox.build({ format: 'yjs', content: dangling })))?.status).toBe(400);
  });

  it('ends a thread that runs out of heap or time with 413, and the next import gets a fresh one', async () => {
    sandbox = createImportSandbox({ maxHeapMb: 48 });
    const huge = '<p>' + 'word <b>bold</b> '.repeat(280_000) + '</p>';
    expect(await failure(sandbox.build({ format: 'html', content: huge }))).toMatchObject({ status: 413 });
    expect(docOf(await sandbox.build({ format: 'md', content: 'after' })).content?.[0]?.content?.[0]?.text).toBe('after');
    await sandbox.close();

    sandbox = createImportSandbox({ timeoutMs: 1 });
    expect(await failure(sandbox.build({ format: 'md', content: 'slow enough' }))).toEqual({ status: 413, message: 'content took longer than 1 ms to import' });
  });

  it('answers 503 past its queue', async () => {
    sandbox = createImportSandbox({ maxQueued: 1 });
    const first = sandbox.build({ format: 'md', content: 'one' });
    const second = sandbox.build({ format: 'md', content: 'two' });
    expect(await failure(sandbox.build({ format: 'md', content: 'three' }))).toMatchObject({ status: 503 });
    await Promise.all([first, second]);
  });
});
