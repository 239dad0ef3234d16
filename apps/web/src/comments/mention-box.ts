import { h } from '../dom.js';

/** Someone who can be mentioned (has access to the document). */
export interface Mentionable {
  id: string;
  name: string;
}

/** A comment text box with `@` suggestions of people who have access. */
export interface MentionBox {
  readonly dom: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  /** The text with chosen mentions written as `@[Name](id)` (what the server reads). */
  value(): string;
  /** Sets the text (a stored body: `@[Name](id)` shows as `@Name`). */
  set(body: string): void;
  focus(): void;
}

const MENTION = /@\[([^\]\n]{1,80})\]\(([A-Za-z0-9_:.-]{1,128})\)/g;

/**
 * A textarea where typing `@` and a few letters lists matching people (arrow keys, Enter or Tab
 * to pick, Escape to close). Picked people are kept by name and written out as mentions.
 */
export function mentionBox(people: () => Promise<Mentionable[]>, placeholder: string, onSubmit: () => void): MentionBox {
  const textarea = h('textarea', { class: 'comment-input', rows: '2', placeholder, 'aria-label': placeholder, maxlength: '10000', 'data-testid': 'comment-input' });
  const list = h('ul', { class: 'mention-list', role: 'listbox', hidden: true, 'data-testid': 'mention-list' });
  const dom = h('div', { class: 'mention-box' }, textarea, list);
  const chosen = new Map<string, Mentionable>(); // by name
  let options: Mentionable[] = [];
  let selected = 0;
  let query: { start: number; text: string } | null = null;

  const close = () => {
    list.hidden = true;
    query = null;
  };
  const pick = (person: Mentionable) => {
    if (!query) return;
    const before = textarea.value.slice(0, query.start);
    const after = textarea.value.slice(textarea.selectionStart);
    textarea.value = `${before}@${person.name} ${after}`;
    const caret = before.length + person.name.length + 2;
    textarea.setSelectionRange(caret, caret);
    chosen.set(person.name, person);
    close();
    textarea.focus();
  };
  const render = () => {
    list.replaceChildren(
      ...options.map((p, i) => {
        const item = h('li', { role: 'option', class: i === selected ? 'is-selected' : '', 'aria-selected': String(i === selected), 'data-testid': 'mention-option' }, h('span', { class: 'mention-avatar' }, p.name.slice(0, 1).toUpperCase()), p.name);
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(p);
        });
        return item;
      }),
    );
    list.hidden = options.length === 0;
  };
  const suggest = async () => {
    const caret = textarea.selectionStart;
    const upto = textarea.value.slice(0, caret);
    const m = /(^|\s)@([^\s@]{0,40})$/.exec(upto);
    if (!m) return close();
    query = { start: caret - m[2]!.length - 1, text: m[2]!.toLowerCase() };
    const q = query.text;
    const all = await people().catch(() => []);
    if (!query || query.text !== q) return;
    options = all.filter((p) => p.name.toLowerCase().includes(q)).slice(0, 6);
    selected = 0;
    render();
  };
  textarea.addEventListener('input', () => void suggest());
  textarea.addEventListener('keydown', (e) => {
    if (!list.hidden && options.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        selected = (selected + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
        render();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(options[selected]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onSubmit();
    }
  });
  textarea.addEventListener('blur', () => setTimeout(close, 150));

  return {
    dom,
    textarea,
    value() {
      let text = textarea.value;
      for (const [name, person] of chosen) text = text.split(`@${name}`).join(`@[${name}](${person.id})`);
      return text;
    },
    set(body) {
      chosen.clear();
      textarea.value = body.replace(MENTION, (_all, name: string, id: string) => {
        chosen.set(name, { id, name });
        return `@${name}`;
      });
    },
    focus: () => textarea.focus(),
  };
}
