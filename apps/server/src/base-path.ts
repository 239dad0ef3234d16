/**
 * The path a mounted Tandem serves under (`/collab`): '' for the root, else one or more segments
 * of letters, digits and `-._~`, with a leading and no trailing slash. Throws RangeError naming
 * what is wrong, so a typo stops the host app at start-up instead of serving the wrong paths.
 */
export function normaliseBasePath(basePath: string | undefined): string {
  if (basePath === undefined || basePath === '' || basePath === '/') return '';
  const path = basePath.replace(/\/+$/, '');
  if (!/^(\/[A-Za-z0-9\-._~]+)+$/.test(path) || path.split('/').some((s) => s === '.' || s === '..')) {
    throw new RangeError(`basePath must look like "/collab" (segments of letters, digits and -._~), got ${JSON.stringify(basePath)}`);
  }
  return path;
}
