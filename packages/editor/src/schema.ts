/**
 * The document schema, from its home in @tandem/document (so the server reads the same schema
 * without the editor). Re-exported here because the editor's public API always offered it.
 */
export { schema, nodes, marks, safeHref, safeSrc, formatSize } from '@tandem/document/schema';
