/**
 * Where a Tandem document keeps its parts inside the Y.Doc. The editor (y-prosemirror) binds the
 * XML fragment; the title is a shared text; the restore marker lives in the meta map. Every
 * package that reads or writes a document's content (editor, history, server, tools) uses these
 * names.
 */
export const CONTENT_FRAGMENT = 'prosemirror';
/** Name of the shared map holding the document's metadata. */
export const META_MAP = 'meta';
/**
 * Name of the shared text (Y.Text) holding the title: people typing in it at once keep each
 * other's characters. Read and write it through getTitle/setTitle/observeTitle (title.ts).
 */
export const TITLE_TEXT = 'title';
/**
 * Key of the legacy title in the meta map: a plain string, last writer wins. Documents written
 * before the title became a shared text keep it there until their first title edit moves it
 * into TITLE_TEXT (see migrateTitle); readers fall back to it while TITLE_TEXT is empty.
 */
export const TITLE_KEY = 'title';
/** The longest title kept; longer ones are cut (readers see at most this many characters). */
export const MAX_TITLE_CHARS = 200;
/**
 * Key of the meta map the server sets on every version restore (`{ version, at }`). A restore is
 * an undo boundary: editors clear their undo history when they see this key change.
 */
export const RESTORED_KEY = 'restored';
