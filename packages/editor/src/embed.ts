/**
 * Entry of the standalone `/embed.js` bundle: registers `<tandem-editor>` with the origin that
 * served this script as its default server, and re-exports the package API.
 */
import { defineTandemEditor } from './element.js';

defineTandemEditor({ server: new URL(import.meta.url).origin });

export * from './index.js';
