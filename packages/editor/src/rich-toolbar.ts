import type { Schema } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { type Media, pickFiles } from './media-plugin.js';
import { tableToolbarItems } from './table-toolbar.js';
import { createToolbar, type Toolbar, type ToolbarItem } from './toolbar.js';

const svg = (body: string) => `<svg viewBox="0 0 24 24" aria-hidden="true">${body}</svg>`;

/** The insert group's items: table (and its editing buttons), image, file attachment. */
export function richToolbarItems(schema: Schema, media: Media): ToolbarItem[] {
  return [
    ...tableToolbarItems(schema),
    {
      id: 'insert_image',
      label: 'Insert image',
      icon: svg('<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m21 16-5-5-9 9"/>'),
      run: pickFiles(media, 'image/png,image/jpeg,image/gif,image/webp,image/avif'),
    },
    {
      id: 'insert_file',
      label: 'Attach file',
      icon: svg('<path d="m21 12-8.5 8.5a5 5 0 0 1-7-7L14 5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.5 8"/>'),
      run: pickFiles(media, ''),
    },
  ];
}

/**
 * A second toolbar beside the formatting one, for tables, images and attachments. The table
 * editing buttons show only while the cursor is in a table.
 */
export function createRichToolbar(view: EditorView, schema: Schema, media: Media): Toolbar {
  const toolbar = createToolbar(view, schema, richToolbarItems(schema, media));
  toolbar.dom.setAttribute('aria-label', 'Insert');
  toolbar.dom.classList.add('tandem-rich-toolbar');
  const update = (state: Parameters<Toolbar['update']>[0]) => {
    toolbar.update(state);
    for (const button of toolbar.dom.querySelectorAll<HTMLButtonElement>('button[data-action^="table-"]')) button.hidden = button.disabled;
  };
  update(view.state);
  return { ...toolbar, update };
}
