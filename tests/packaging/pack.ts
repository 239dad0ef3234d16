import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Reading packed tarballs (packing and installing them: scripts/install-from-tarballs.mjs). */
export { installFromTarballs, packAll, publicPackages, type PublicPackage } from '../../scripts/install-from-tarballs.mjs';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The file names inside a tarball (`package/...` stripped). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
}

/** The manifest inside a tarball, as it would be published. */
export function tarballManifest(tarball: string): Record<string, any> {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, any>;
}
