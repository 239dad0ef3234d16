/**
 * Where a Tandem document keeps its parts inside the Y.Doc. The editor (y-prosemirror) binds the
 * XML fragment; the title and the restore marker live in the meta map. Every package that reads
 * or writes a document's content (editor, history, server, tools) uses these names.
 */
export const CONTENT_FRAGMENT = 'prosemirror';
/** Name of the shared map holding the document's metadata. */
export const META_MAP = 'meta';
/** Key of the title (a string, at most MAX_TITLE_CHARS) in the meta map. */
export const TITLE_KEY = 'title';
/** The longest title kept; longer ones are cut. */
export const MAX_TITLE_CHARS = 200;
/**
 * Key of the meta map the server sets on every version restore (`{ version, at }`). A restore is
 * an undo boundary: editors clear their undo history when they see this key change.
 */
export const RESTORED_KEY = 'restored';
