import { it } from 'vitest';
import * as Y from 'yjs';
import { readMessage } from '@tandem/protocol';
import { assertBoundedUpdate } from '../../packages/sync/src/update-bounds.js';
import { realFrames } from './corpus.js';
import { mutateFrame } from './mutate.js';
import { Prng } from './prng.js';

it('diag2', () => {
  const corpus = realFrames();
  const errs = new Map<string, string>();
  const rng = new Prng(5);
  let doc = new Y.Doc();
  doc.getText('t').insert(0, 'abc');
  for (const f of corpus) { const m = readMessage(f); if (m.type === 'sync-update') Y.applyUpdate(doc, m.update); }
  const base = Y.encodeStateAsUpdate(doc);
  let passed = 0;
  for (let i = 0; i < 200000; i++) {
    const f = mutateFrame(rng, corpus);
    let m;
    try { m = readMessage(f); } catch { continue; }
    if (m.type !== 'sync-update' && m.type !== 'sync-step2') continue;
    const u = m.update.slice();
    try { assertBoundedUpdate(u); Y.decodeUpdate(u); } catch { continue; }
    passed++;
    const d = new Y.Doc(); Y.applyUpdate(d, base);
    try { Y.applyUpdate(d, u); } catch (e) {
      const k = String(e).slice(0, 60) + ' ' + ((e as Error).stack ?? '').split('\n')[1];
      if (!errs.has(k)) errs.set(k, Buffer.from(u).toString('hex'));
    }
  }
  console.log('passed', passed); for (const [k, v] of errs) console.log(k, '\n   ', v);
}, 120000);
