import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Folder of the built web app: this package's `web/`, copied from apps/web/dist by the build
 * (scripts/copy-web.mjs), so the published package carries it. Null before a build.
 */
export function webDistDir(): string | null {
  const dir = fileURLToPath(new URL('../web', import.meta.url));
  return existsSync(dir) ? dir : null;
}

/** Path of the built standalone editor bundle (packages/editor/dist/embed.js), or null. */
export function embedBundlePath(): string | null {
  try {
    return join(dirname(require.resolve('@tandem/editor/package.json')), 'dist', 'embed.js');
  } catch {
    return null;
  }
}
