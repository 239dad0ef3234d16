/**
 * Where a Tandem document keeps its parts inside the Y.Doc. The editor (y-prosemirror) binds the
 * XML fragment; the title lives in the meta map. Shared by the editor, the server and tools.
 */
export const CONTENT_FRAGMENT = 'prosemirror';
export const META_MAP = 'meta';
export const TITLE_KEY = 'title';
/** Set by every version restore to `{ version, at }`: editors clear their undo history on it. */
export const RESTORED_KEY = 'restored';
