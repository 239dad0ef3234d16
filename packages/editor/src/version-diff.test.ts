// @vitest-environment happy-dom
import { DOMSerializer } from 'prosemirror-model';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffSchema } from './diff-schema.js';
import { FRAGMENT_NAME } from './editor.js';
import { createVersionDiff, type VersionDiff } from './version-diff.js';

/** A document edited the way y-prosemirror stores it: paragraphs of XmlText in the shared fragment. */
function paragraphs(doc: Y.Doc, ...texts: string[]): Y.XmlText[] {
  const fragment = doc.getXmlFragment(FRAGMENT_NAME);
  return texts.map((text) => {
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText(text);
    p.insert(0, [t]);
    fragment.push([p]);
    return t;
  });
}

describe('createVersionDiff', () => {
  let diff: VersionDiff | undefined;
  afterEach(() => diff?.destroy());

  it('marks text added since the version and strikes text removed since, from full states', async () => {
    const live = new Y.Doc();
    const [first] = paragraphs(live, 'Hello world');
    const version = Y.encodeStateAsUpdate(live);
    first!.delete(0, 6); // "Hello " removed
    first!.insert(first!.length, ', again'); // added at the end
    paragraphs(live, 'A new line');
    const current = Y.encodeStateAsUpdate(live);

    const host = document.createElement('div');
    document.body.append(host);
    diff = createVersionDiff(host, { before: version, after: current });
    await diff.rendered;

    const dom = host.querySelector('.ProseMirror')!;
    expect(dom.getAttribute('contenteditable')).toBe('false');
    expect([...dom.querySelectorAll('del[data-ychange="removed"]')].map((e) => e.textContent)).toEqual(['Hello ']);
    expect([...dom.querySelectorAll('ins[data-ychange="added"]')].map((e) => e.textContent)).toEqual([', again', 'A new line']);
    expect(dom.querySelector('p[data-ychange="added"]')?.textContent).toBe('A new line');
    expect(dom.textContent).toBe('Hello world, againA new line');
    expect(diff.counts()).toEqual({ added: ', again'.length + 'A new line'.length, removed: 'Hello '.length });
    // the history document is separate: nothing was written into either state
    expect(live.getXmlFragment(FRAGMENT_NAME).toString()).toBe('<paragraph>world, again</paragraph><paragraph>A new line</paragraph>');
  });

  it('shows no changes when both states are the same', async () => {
    const live = new Y.Doc();
    paragraphs(live, 'Same');
    const state = Y.encodeStateAsUpdate(live);
    const host = document.createElement('div');
    diff = createVersionDiff(host, { before: state, after: state });
    await diff.rendered;
    expect(host.querySelector('[data-ychange]')).toBeNull();
    expect(host.querySelector('.ProseMirror')!.textContent).toBe('Same');
    expect(diff.counts()).toEqual({ added: 0, removed: 0 });
  });

  it('destroy removes the view', async () => {
    const live = new Y.Doc();
    paragraphs(live, 'x');
    const host = document.createElement('div');
    const d = createVersionDiff(host, { before: Y.encodeStateAsUpdate(live), after: Y.encodeStateAsUpdate(live) });
    await d.rendered;
    d.destroy();
    expect(host.children.length).toBe(0);
  });
});

describe('diffSchema', () => {
  it('puts the change on the outermost element of every node and renders the mark as ins/del', () => {
    const added = { type: 'added' };
    const doc = diffSchema.node('doc', null, [
      diffSchema.node('heading', { level: 2, ychange: added }, [diffSchema.text('Title')]),
      diffSchema.node('code_block', { ychange: { type: 'removed' } }, [diffSchema.text('x')]),
      diffSchema.node('horizontal_rule', { ychange: added }),
      diffSchema.node('paragraph', null, [diffSchema.text('gone', [diffSchema.mark('ychange', { type: 'removed' })])]),
    ]);
    const div = document.createElement('div');
    div.append(DOMSerializer.fromSchema(diffSchema).serializeFragment(doc.content));
    expect(div.innerHTML).toBe(
      '<h2 data-ychange="added" class="tandem-added">Title</h2>' +
        '<pre data-ychange="removed" class="tandem-removed"><code>x</code></pre>' +
        '<hr data-ychange="added" class="tandem-added">' +
        '<p><del data-ychange="removed" class="tandem-removed">gone</del></p>',
    );
  });
});
