import type { Node as PMNode } from 'prosemirror-model';

/** Words (runs of letters, digits, apostrophes and hyphens) and characters (without line breaks) of a document. */
export function countWords(doc: PMNode): { words: number; characters: number } {
  const text = doc.textBetween(0, doc.content.size, '\n', ' ');
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
  return { words, characters: text.replace(/\n/g, '').length };
}

/**
 * A live word count in `el`: recounted on idle a moment after the document changes (counting a
 * 1 MB document takes a few milliseconds, too much for every keystroke). `destroy` clears its timer.
 */
export function createWordCount(el: HTMLElement): { update(doc: PMNode): void; destroy(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: PMNode | null = null;
  let shown: PMNode | null = null;
  const render = () => {
    timer = null;
    if (!pending || pending === shown) return;
    shown = pending;
    const { words, characters } = countWords(pending);
    el.textContent = `${words.toLocaleString('en')} ${words === 1 ? 'word' : 'words'}`;
    el.title = `${words.toLocaleString('en')} words, ${characters.toLocaleString('en')} characters`;
  };
  return {
    update(doc) {
      pending = doc;
      if (shown === null) render();
      else if (timer === null) timer = setTimeout(render, 400);
    },
    destroy() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
