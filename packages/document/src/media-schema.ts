import type { DOMOutputSpec, NodeSpec } from 'prosemirror-model';

/** What the parse rules read of an element (declared here so the schema also runs on a server). */
interface ParsedElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): ParsedElement | null;
  textContent: string | null;
}

/**
 * Image and attachment sources rendered as such: http(s), relative paths (the server's stored
 * files), `blob:` and image `data:` URIs (shown while uploading). Anything else renders nothing.
 */
export function safeSrc(src: unknown): string {
  const s = typeof src === 'string' ? src.trim() : '';
  if (/^(https?:|\/|blob:|data:image\/(png|jpeg|gif|webp|avif);)/i.test(s)) return s;
  return '';
}

/** A file size for people: 532 B, 14 KB, 3.2 MB (the attachment view and the exports). */
export function formatSize(bytes: unknown): string {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n < 1024) return `${Math.max(0, Math.round(n || 0))} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Width as a share of the text column, 10-100 (percent), or null for the image's own size. */
const toWidth = (raw: string | null | undefined): number | null => {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n >= 10 && n <= 100 ? n : null;
};

const imageAttrs = (img: ParsedElement, caption: string) => ({
  src: img.getAttribute('src') ?? '',
  alt: img.getAttribute('alt') ?? '',
  caption,
  width: toWidth(img.getAttribute('data-width')),
});

/**
 * `image`: a block image with alt text, a caption and a width (percent of the column). `src` is
 * the stored file (`/api/docs/<doc>/files/<id>`) or, until uploaded, empty with `pending` naming
 * the copy kept in this browser. `attachment`: any file as a block, with name, size and type.
 */
export const mediaNodeSpecs: Record<string, NodeSpec> = {
  image: {
    group: 'block',
    atom: true,
    draggable: true,
    attrs: {
      src: { default: '' },
      alt: { default: '' },
      caption: { default: '' },
      width: { default: null },
      pending: { default: null },
    },
    parseDOM: [
      {
        tag: 'figure',
        getAttrs: (dom) => {
          const el = dom as unknown as ParsedElement;
          const img = el.querySelector('img');
          if (!img) return false;
          return imageAttrs(img, el.querySelector('figcaption')?.textContent?.trim() ?? '');
        },
      },
      { tag: 'img[src]', getAttrs: (dom) => imageAttrs(dom as unknown as ParsedElement, '') },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { src, alt, caption, width } = node.attrs as { src: string; alt: string; caption: string; width: number | null };
      const img = ['img', { src: safeSrc(src), alt, loading: 'lazy', ...(width ? { 'data-width': String(width) } : {}) }];
      return caption ? ['figure', { class: 'tandem-image' }, img, ['figcaption', caption]] : ['figure', { class: 'tandem-image' }, img];
    },
  },
  attachment: {
    group: 'block',
    atom: true,
    draggable: true,
    attrs: {
      src: { default: '' },
      name: { default: 'file' },
      size: { default: 0 },
      type: { default: '' },
      pending: { default: null },
    },
    parseDOM: [
      {
        tag: 'div[data-attachment]',
        getAttrs: (dom) => {
          const el = dom as unknown as ParsedElement;
          return {
            src: el.querySelector('a')?.getAttribute('href') ?? '',
            name: el.getAttribute('data-name') ?? el.textContent?.trim() ?? 'file',
            size: Number(el.getAttribute('data-size')) || 0,
            type: el.getAttribute('data-type') ?? '',
          };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => {
      const { src, name, size, type } = node.attrs as { src: string; name: string; size: number; type: string };
      return [
        'div',
        { 'data-attachment': '', 'data-name': name, 'data-size': String(size), 'data-type': type, class: 'tandem-attachment' },
        ['a', { href: safeSrc(src) || '#', download: name }, name],
      ];
    },
  },
};
