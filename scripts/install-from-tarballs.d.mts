/** Types of install-from-tarballs.mjs, for the packaging test. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
  manifest: Record<string, any>;
}
export function publicPackages(root?: string): PublicPackage[];
export function packAll(dest: string, root?: string): Record<string, string>;
export function installFromTarballs(dir: string, deps: Record<string, string>, tarballs: Record<string, string>): string;
export function isRegistryHiccup(stderr: string): boolean;
