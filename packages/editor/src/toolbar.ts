import { toggleMark } from 'prosemirror-commands';
import type { Schema } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { redoCommand, undoCommand } from 'y-prosemirror';
import {
  activeLink,
  findAncestor,
  insertHorizontalRule,
  isBlockActive,
  isMarkActive,
  setLink,
  toggleBlockquote,
  toggleCodeBlock,
  toggleHeading,
  toggleList,
} from './commands.js';
import { normalizeLink } from './link-url.js';
import { listen } from './listen.js';

/** One toolbar button: what it does, and when it shows as active or is unavailable. */
export interface ToolbarItem {
  /** Stable identifier, also set as `data-action` on the button. */
  id: string;
  /** Accessible name (aria-label), with the shortcut in the tooltip. */
  label: string;
  shortcut?: string;
  /** Inline SVG markup or a short text. */
  icon: string;
  run: Command;
  active?: (state: EditorState) => boolean;
  /** Starts a group separated from the previous one. */
  group?: boolean;
}

const svg = (body: string) => `<svg viewBox="0 0 24 24" aria-hidden="true">${body}</svg>`;
const ICONS = {
  bullet: svg('<path d="M9 6h11M9 12h11M9 18h11"/><circle cx="4" cy="6" r="1"/><circle cx="4" cy="12" r="1"/><circle cx="4" cy="18" r="1"/>'),
  ordered: svg('<path d="M10 6h10M10 12h10M10 18h10M4 4h1v4M4 8h2M4 14.5a1 1 0 0 1 2 .5L4 18h2"/>'),
  task: svg('<rect x="3" y="4" width="6" height="6" rx="1"/><path d="m4.5 16 1.5 1.5 3-3M13 7h8M13 16h8"/>'),
  quote: svg('<path d="M6 17c-1.5 0-2.5-1-2.5-3 0-3 2-6 5-7M15 17c-1.5 0-2.5-1-2.5-3 0-3 2-6 5-7"/>'),
  codeBlock: svg('<path d="m8 8-4 4 4 4M16 8l4 4-4 4M13.5 5l-3 14"/>'),
  rule: svg('<path d="M3 12h18"/>'),
  link: svg('<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>'),
  undo: svg('<path d="M9 14 4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>'),
  redo: svg('<path d="m15 14 5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>'),
};

/** The default toolbar: marks, headings, lists, blocks, link, undo/redo. */
export function defaultToolbarItems(schema: Schema): ToolbarItem[] {
  const m = schema.marks;
  const n = schema.nodes;
  const mark = (id: string, label: string, shortcut: string, icon: string, type = m[id]!, group = false): ToolbarItem => ({
    id, label, shortcut, icon, group, run: toggleMark(type), active: (s) => isMarkActive(s, type),
  });
  const inList = (type = n.bullet_list!) => (s: EditorState) =>
    findAncestor(s, [n.bullet_list!, n.ordered_list!, n.task_list!])?.node.type === type;
  return [
    mark('strong', 'Bold', 'Mod-B', '<b>B</b>'),
    mark('em', 'Italic', 'Mod-I', '<i style="font-family:Georgia,serif">I</i>'),
    mark('underline', 'Underline', 'Mod-U', '<u>U</u>'),
    mark('strike', 'Strikethrough', 'Mod-Shift-S', '<s>S</s>'),
    mark('code', 'Inline code', 'Mod-E', '<span style="font-family:monospace">&lt;/&gt;</span>'),
    ...[1, 2, 3].map((level, i) => ({
      id: `h${level}`, label: `Heading ${level}`, shortcut: `Mod-Alt-${level}`, icon: `H${level}`, group: i === 0,
      run: toggleHeading(schema, level), active: (s: EditorState) => isBlockActive(s, n.heading!, { level }),
    })),
    { id: 'bullet_list', label: 'Bulleted list', shortcut: 'Mod-Shift-8', icon: ICONS.bullet, group: true, run: toggleList(schema, n.bullet_list!), active: inList(n.bullet_list) },
    { id: 'ordered_list', label: 'Numbered list', shortcut: 'Mod-Shift-7', icon: ICONS.ordered, run: toggleList(schema, n.ordered_list!), active: inList(n.ordered_list) },
    { id: 'task_list', label: 'Task list', shortcut: 'Mod-Shift-9', icon: ICONS.task, run: toggleList(schema, n.task_list!), active: inList(n.task_list) },
    { id: 'blockquote', label: 'Quote', icon: ICONS.quote, group: true, run: toggleBlockquote(schema), active: (s) => !!findAncestor(s, [n.blockquote!]) },
    { id: 'code_block', label: 'Code block', icon: ICONS.codeBlock, run: toggleCodeBlock(schema), active: (s) => isBlockActive(s, n.code_block!) },
    { id: 'horizontal_rule', label: 'Horizontal rule', icon: ICONS.rule, run: insertHorizontalRule(schema) },
    { id: 'link', label: 'Link', shortcut: 'Mod-K', icon: ICONS.link, group: true, run: () => true, active: (s) => activeLink(s, schema) !== null },
    { id: 'undo', label: 'Undo', shortcut: 'Mod-Z', icon: ICONS.undo, group: true, run: undoCommand },
    { id: 'redo', label: 'Redo', shortcut: 'Mod-Shift-Z', icon: ICONS.redo, run: redoCommand },
  ];
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iP(hone|ad|od)/.test(navigator.platform);
const shortcutText = (s: string) => s.replace('Mod', isMac() ? '⌘' : 'Ctrl').replace('Alt', isMac() ? '⌥' : 'Alt').replace(/-/g, '+');

/** A toolbar bound to a view. */
export interface Toolbar {
  dom: HTMLElement;
  /** Refreshes active and disabled states; call after every state change. */
  update(state: EditorState): void;
  /** Opens the link field (Mod-K). */
  openLinkForm(): void;
  destroy(): void;
}

/**
 * A keyboard-reachable formatting toolbar (`role="toolbar"`, one tab stop, arrow keys move
 * between buttons) whose buttons show their state with `aria-pressed`.
 */
export function createToolbar(view: EditorView, schema: Schema, items = defaultToolbarItems(schema)): Toolbar {
  const doc = view.dom.ownerDocument;
  const dom = doc.createElement('div');
  dom.className = 'tandem-toolbar';
  dom.setAttribute('role', 'toolbar');
  dom.setAttribute('aria-label', 'Formatting');
  const buttons: HTMLButtonElement[] = [];
  for (const item of items) {
    if (item.group && buttons.length > 0) {
      const sep = doc.createElement('span');
      sep.className = 'tandem-sep';
      sep.setAttribute('role', 'separator');
      dom.append(sep);
    }
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'tandem-button';
    button.dataset.action = item.id;
    button.setAttribute('aria-label', item.label);
    button.title = item.shortcut ? `${item.label} (${shortcutText(item.shortcut)})` : item.label;
    button.innerHTML = item.icon;
    button.tabIndex = buttons.length === 0 ? 0 : -1;
    if (item.active) button.setAttribute('aria-pressed', 'false');
    buttons.push(button);
    dom.append(button);
  }

  const form = doc.createElement('form');
  form.className = 'tandem-link-form';
  form.hidden = true;
  const input = doc.createElement('input');
  // text, not url: a browser's url validation refuses scheme-less addresses like example.com/page
  input.type = 'text';
  input.inputMode = 'url';
  input.autocomplete = 'off';
  input.placeholder = 'Paste or type a link';
  input.setAttribute('aria-label', 'Link address');
  const apply = doc.createElement('button');
  apply.type = 'submit';
  apply.className = 'tandem-button';
  apply.textContent = 'Apply';
  const remove = doc.createElement('button');
  remove.type = 'button';
  remove.className = 'tandem-button';
  remove.textContent = 'Remove';
  const error = doc.createElement('span');
  error.className = 'tandem-link-error';
  error.setAttribute('role', 'alert');
  form.append(input, apply, remove, error);
  dom.append(form);

  const showError = (message: string) => {
    error.textContent = message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const closeForm = () => {
    form.hidden = true;
    showError('');
    view.focus();
  };
  const openLinkForm = () => {
    if (!view.editable) return;
    input.value = activeLink(view.state, schema) ?? '';
    showError('');
    form.hidden = false;
    input.focus();
    input.select();
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    // the same rule as the link bubble and URL paste: example.com/page gets https://, scripts are refused
    const href = input.value.trim() ? normalizeLink(input.value) : '';
    if (href === null) {
      showError('Not a link address (https://…, example.com, name@example.com)');
      input.focus();
      return;
    }
    setLink(schema, href)(view.state, view.dispatch);
    closeForm();
  };
  const onRemove = () => {
    setLink(schema, '')(view.state, view.dispatch);
    closeForm();
  };
  const onInputKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeForm();
    }
  };

  const onMouseDown = (event: MouseEvent) => {
    // keep the editor's selection while clicking a button
    if ((event.target as Element).closest('.tandem-button') && !(event.target as Element).closest('form')) event.preventDefault();
  };
  const onClick = (event: MouseEvent) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const item = items.find((i) => i.id === button.dataset.action);
    if (!item) return;
    if (item.id === 'link') return openLinkForm();
    item.run(view.state, view.dispatch, view);
    view.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    const enabled = buttons.filter((b) => !b.disabled);
    const at = enabled.indexOf(buttons[index]!);
    let next: HTMLButtonElement | undefined;
    if (event.key === 'ArrowRight') next = enabled[(at + 1) % enabled.length];
    else if (event.key === 'ArrowLeft') next = enabled[(at - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  };
  const unlisten = [
    listen(dom, 'mousedown', onMouseDown),
    listen(dom, 'click', onClick),
    listen(dom, 'keydown', onKeyDown),
    listen(form, 'submit', onSubmit),
    listen(remove, 'click', onRemove),
    listen(input, 'keydown', onInputKey),
  ];

  const update = (state: EditorState) => {
    items.forEach((item, i) => {
      const button = buttons[i]!;
      const enabled = view.editable && (item.id === 'link' || item.run(state, undefined, view));
      button.disabled = !enabled;
      if (item.active) button.setAttribute('aria-pressed', String(enabled && item.active(state)));
    });
    if (!buttons.some((b) => b.tabIndex === 0 && !b.disabled)) {
      const first = buttons.find((b) => !b.disabled);
      for (const b of buttons) b.tabIndex = b === first ? 0 : -1;
    }
  };
  update(view.state);

  return {
    dom,
    update,
    openLinkForm,
    destroy() {
      for (const off of unlisten) off();
      dom.remove();
    },
  };
}
