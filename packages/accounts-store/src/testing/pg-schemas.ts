import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll } from 'vitest';

/**
 * PostgreSQL schemas for one test file: `next(prefix)` names a fresh schema, and every schema
 * named is dropped once the file's tests are done. Test support only (not built, not published).
 */
export function testSchemas(url: string | undefined): { next(prefix: string): string } {
  const made: string[] = [];
  afterAll(async () => {
    if (!url || made.length === 0) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const s of made) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await client.end();
  });
  return {
    next(prefix) {
      const schema = `${prefix}${randomBytes(6).toString('hex')}`;
      made.push(schema);
      return schema;
    },
  };
}
