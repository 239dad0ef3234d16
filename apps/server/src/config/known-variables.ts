/**
 * Every environment variable the server reads, the README's configuration table in code. A
 * variable set but empty is refused (`checkEmptyValues`), and one that is not listed here but
 * looks like ours gets a "did you mean" warning (`unknownVariableWarnings`). A feature that adds
 * a variable adds it here and to the README table; config/known-variables.test.ts holds the two
 * together and checks parseConfig reads nothing else.
 */
export const KNOWN_VARIABLES: readonly string[] = [
  // server
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'LOG_THROTTLE_WINDOW',
  'METRICS_TOKEN',
  'TRASH_RETENTION',
  'VERSION_SETTLE',
  'VERSION_INTERVAL',
  // storage
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_SCHEMA',
  'SQLITE_SYNCHRONOUS',
  'SQLITE_WRITER',
  // cluster
  'REDIS_URL',
  'REDIS_PREFIX',
  'NODE_ID',
  'NODE_TTL',
  // accounts and tokens
  'AUTH_MODE',
  'SESSION_TTL',
  'PUBLIC_URL',
  'AUTH_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_PUBLIC_KEY_FILE',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'MAX_TOKEN_TTL',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_NAME',
  'OIDC_SCOPES',
  'SMTP_URL',
  'MAIL_FROM',
  'ADMIN_TOKEN',
  // security and limits
  'ALLOWED_HOSTS',
  'ALLOWED_ORIGINS',
  'TRUST_PROXY',
  'MAX_FRAME_BYTES',
  'MAX_MESSAGES_PER_SECOND',
  'MAX_BYTES_PER_SECOND',
  'MAX_CONNECTIONS',
  'MAX_CONNECTIONS_PER_IP',
  'MAX_DOCUMENTS',
  'MAX_AWARENESS_BYTES',
  'MAX_BUFFERED_BYTES',
  'MAX_OUTBOUND_BYTES',
  'HANDSHAKE_TIMEOUT',
  'MAX_IMPORT_BYTES',
  'MAX_BODY_BYTES',
  'PING_INTERVAL',
  'TLS_CERT',
  'TLS_KEY',
  // files
  'MAX_UPLOAD_BYTES',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_PREFIX',
  'S3_FORCE_PATH_STYLE',
  // webhooks
  'WEBHOOK_URL',
  'WEBHOOK_SECRET',
  'WEBHOOK_EVENTS',
  'WEBHOOK_DEBOUNCE',
  'WEBHOOK_TIMEOUT',
  'WEBHOOK_MAX_ATTEMPTS',
  'WEBHOOK_RETRY_BASE',
  'WEBHOOK_ALLOW_PRIVATE',
  // audit log
  'AUDIT_LOG',
  'AUDIT_RETENTION_DAYS',
];

/** Read by Tandem's other tools, not the server (the web app's dev server): never warned about. */
export const OTHER_TOOLS_VARIABLES: readonly string[] = ['TANDEM_SERVER'];

/** Old names that still work (with a deprecation warning): not unknown, not suggested. */
export const DEPRECATED_VARIABLES: readonly string[] = ['PING_INTERVAL_MS', 'HANDSHAKE_TIMEOUT_MS'];

/**
 * Prefixes that mark a variable as meant for Tandem: one of them on a name we do not know is a
 * likely typo. `NODE_` is not among them (Node.js reads NODE_OPTIONS, NODE_ENV...), nor `AWS_`
 * (the S3 client's own chain reads those).
 */
export const OUR_PREFIXES: readonly string[] = [
  'TANDEM_',
  'AUTH_',
  'OIDC_',
  'SMTP_',
  'MAIL_',
  'SQLITE_',
  'MAX_',
  'S3_',
  'REDIS_',
  'DATABASE_',
  'DATA_',
  'TLS_',
  'ALLOWED_',
  'SESSION_',
  'VERSION_',
  'TRASH_',
  'PING_',
  'HANDSHAKE_',
  'TRUST_',
  'PUBLIC_',
  'ADMIN_',
  'LOG_',
  'WEBHOOK_',
  'AUDIT_',
];
