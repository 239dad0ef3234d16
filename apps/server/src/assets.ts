import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Folder of the built web app (apps/web/dist), or null when the package cannot be found. */
export function webDistDir(): string | null {
  try {
    return join(dirname(require.resolve('@tandem/web/package.json')), 'dist');
  } catch {
    return null;
  }
}

/** Path of the built standalone editor bundle (packages/editor/dist/embed.js), or null. */
export function embedBundlePath(): string | null {
  try {
    return join(dirname(require.resolve('@tandem/editor/package.json')), 'dist', 'embed.js');
  } catch {
    return null;
  }
}
