// Part of the server's build: copies the built web app (apps/web/dist) into this package's `web/`
// folder, so the published @tandem/server serves it without depending on the private @tandem/web.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const from = join(dirname(require.resolve('@tandem/web/package.json')), 'dist');
const to = join(import.meta.dirname, '..', 'web');
if (!existsSync(join(from, 'index.html'))) {
  process.stderr.write(`copy-web: ${from} has no index.html: build @tandem/web first (turbo does)\n`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
