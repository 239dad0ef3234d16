import type * as Y from 'yjs';
import {
  deltaOf,
  diffText,
  editTitle,
  META_MAP,
  moveIndex,
  rawTitle,
  TITLE_KEY,
  titleText,
  type TextDelta,
} from '@tandem/document';

/** What a title field binding needs besides the document and the field. */
export interface TitleInputOptions {
  /** Whether local typing may change the title now (false: the field only shows it). */
  editable: () => boolean;
}

/**
 * Binds a text field to the document's collaborative title. Local typing becomes the smallest
 * insert/delete on the shared text (found from the field's previous value and its caret);
 * changes by others update the field with its caret and selection moved through their edit, so
 * someone typing before your caret does not move you within your word. During IME composition
 * the field is left alone: others' changes wait and the composed text is applied at
 * compositionend. Returns the function that unbinds.
 */
export function bindTitleInput(doc: Y.Doc, input: HTMLInputElement | HTMLTextAreaElement, options: TitleInputOptions): () => void {
  const origin = { titleInput: input }; // tags this binding's own transactions
  const text = titleText(doc);
  const meta = doc.getMap(META_MAP);
  /** The title the field was last made equal to (it differs only by local, unsent typing). */
  let base = rawTitle(doc);
  /** The title after the last change seen, and whether it was the shared text's content. */
  let last = base;
  let lastIsText = text.length > 0;
  /** Others' changes since `base`, held back while an IME composes. */
  let pending: TextDelta[] = [];
  let composing = false;
  let textDelta: TextDelta | null = null;
  input.value = base;

  const through = (index: number, stickRight: boolean) =>
    pending.reduce((at, delta) => moveIndex(at, delta, stickRight), index);

  const settle = () => {
    pending = [];
    base = last = rawTitle(doc);
    lastIsText = text.length > 0;
  };

  /** Shows the document's title, moving the caret and selection through `pending`. */
  const showPending = () => {
    const now = rawTitle(doc);
    if (input.value !== now) {
      const focused = input.ownerDocument.activeElement === input;
      const start = input.selectionStart ?? 0;
      const end = input.selectionEnd ?? 0;
      const direction = input.selectionDirection ?? 'none';
      input.value = now;
      // a collapsed caret stays left of text inserted right at it; a selection does not grow
      if (focused) input.setSelectionRange(through(start, start !== end), through(end, false), direction);
    }
    settle();
  };

  /** Sends the field's edit since `base` to the document (or undoes it when not editable). */
  const pushLocal = () => {
    if (composing) return;
    const edit = diffText(base, input.value, input.selectionEnd ?? input.value.length);
    if (!edit || !options.editable()) {
      if (!edit) showPending();
      else {
        input.value = rawTitle(doc);
        settle();
      }
      return;
    }
    const from = through(edit.index, false);
    const to = Math.max(from, through(edit.index + edit.remove, false));
    editTitle(doc, { index: from, remove: to - from, insert: edit.insert }, origin);
    const now = rawTitle(doc);
    if (pending.length > 0 || now !== input.value) {
      // others typed during a composition, or the insert was cut to MAX_TITLE_CHARS
      const caret = Math.min(now.length, from + edit.insert.length);
      input.value = now;
      input.setSelectionRange(caret, caret);
    }
    settle();
  };

  const onText = (event: Y.YTextEvent) => {
    if (event.transaction.origin !== origin) textDelta = event.delta as TextDelta;
  };
  const onTransaction = (transaction: Y.Transaction) => {
    const delta = textDelta;
    textDelta = null;
    if (transaction.origin === origin) return;
    const legacyChanged = transaction.changed.get(meta as never)?.has(TITLE_KEY) ?? false;
    if (delta === null && !legacyChanged) return;
    const now = rawTitle(doc);
    // the text's delta applies to `last` only if `last` was that text (not a legacy title)
    const change = delta !== null && lastIsText ? delta : deltaOf(diffText(last, now) ?? { index: 0, remove: 0, insert: '' });
    pending.push(change);
    last = now;
    lastIsText = text.length > 0;
    if (!composing) showPending();
  };

  const onInput = (event: Event) => {
    if ((event as InputEvent).isComposing) return;
    pushLocal();
  };
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
    pushLocal();
  };

  text.observe(onText);
  doc.on('afterTransaction', onTransaction);
  input.addEventListener('input', onInput);
  input.addEventListener('compositionstart', onCompositionStart);
  input.addEventListener('compositionend', onCompositionEnd);
  return () => {
    text.unobserve(onText);
    doc.off('afterTransaction', onTransaction);
    input.removeEventListener('input', onInput);
    input.removeEventListener('compositionstart', onCompositionStart);
    input.removeEventListener('compositionend', onCompositionEnd);
  };
}
