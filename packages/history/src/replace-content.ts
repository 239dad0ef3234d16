import * as Y from 'yjs';
import { CONTENT_FRAGMENT, getTitle, META_MAP, setTitle, TITLE_KEY } from '@tandem/document';

/**
 * Makes `target`'s content, title and metadata equal to `source`'s, as ordinary edits on top of
 * `target` (so it merges with concurrent work and can be undone by restoring again). Top-level
 * blocks that are equal at the start and at the end are kept as they are, so only the blocks
 * that differ are replaced: collaborators' cursors there stay put and later diffs stay small.
 */
export function replaceContent(target: Y.Doc, source: Y.Doc): void {
  const to = target.getXmlFragment(CONTENT_FRAGMENT);
  const from = source.getXmlFragment(CONTENT_FRAGMENT);
  target.transact(() => {
    const have = to.toArray().map((n) => n.toString());
    const want = from.toArray();
    const wanted = want.map((n) => n.toString());
    let head = 0;
    while (head < have.length && head < wanted.length && have[head] === wanted[head]) head++;
    let tail = 0;
    while (
      tail < have.length - head &&
      tail < wanted.length - head &&
      have[have.length - 1 - tail] === wanted[wanted.length - 1 - tail]
    ) {
      tail++;
    }
    to.delete(head, have.length - head - tail);
    to.insert(
      head,
      want.slice(head, want.length - tail).map((node) => node.clone() as Y.XmlElement | Y.XmlText),
    );
    const toMeta = target.getMap(META_MAP);
    const fromMeta = source.getMap(META_MAP);
    for (const key of [...toMeta.keys()]) if (key !== TITLE_KEY && !fromMeta.has(key)) toMeta.delete(key);
    for (const [key, value] of fromMeta) if (key !== TITLE_KEY && toMeta.get(key) !== value) toMeta.set(key, value);
    setTitle(target, getTitle(source));
  });
}

/** A fresh Y.Doc holding an encoded state (a version's bytes). */
export function docFromState(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}
