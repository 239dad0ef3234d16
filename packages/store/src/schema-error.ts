/**
 * A database whose schema is newer than this build knows: it was written by a newer Tandem.
 * Stores refuse to open it (running old code on a newer schema could lose data); the server's
 * edge turns it into exit 2 with this message.
 */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
  /** What the database is (a file path, or a PostgreSQL table set). */
  readonly database: string;
  /** The schema version the database records. */
  readonly found: number;
  /** The newest schema version this build knows. */
  readonly supported: number;

  constructor(database: string, found: number, supported: number) {
    super(
      `${database} has schema version ${found}, but this Tandem knows versions up to ${supported}: ` +
        'it was written by a newer Tandem. Run that version (or newer), or restore a backup taken with this one ' +
        '(docs/operations.md, "Upgrading").',
    );
    this.database = database;
    this.found = found;
    this.supported = supported;
  }
}
