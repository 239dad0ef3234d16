import * as Y from 'yjs';
import { CONTENT_FRAGMENT, META_MAP } from './doc-shape.js';

/**
 * Makes `target`'s content and metadata equal to `source`'s, as ordinary edits on top of
 * `target` (so it merges with concurrent work and can be undone by restoring again).
 */
export function replaceContent(target: Y.Doc, source: Y.Doc): void {
  const to = target.getXmlFragment(CONTENT_FRAGMENT);
  const from = source.getXmlFragment(CONTENT_FRAGMENT);
  target.transact(() => {
    to.delete(0, to.length);
    to.insert(
      0,
      from.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText),
    );
    const toMeta = target.getMap(META_MAP);
    const fromMeta = source.getMap(META_MAP);
    for (const key of [...toMeta.keys()]) if (!fromMeta.has(key)) toMeta.delete(key);
    for (const [key, value] of fromMeta) if (toMeta.get(key) !== value) toMeta.set(key, value);
  });
}

/** A fresh Y.Doc holding an encoded state (a version's bytes). */
export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
