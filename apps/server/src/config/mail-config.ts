import { ConfigError, type Env } from './env-readers.js';

/** Outgoing mail (invites, later mentions): where to send it and who it is from. */
export interface MailConfig {
  /** The SMTP server (`SMTP_URL`, `smtp://user:pass@host:587` or `smtps://...:465`); null: nothing is mailed, links are shown to copy. */
  smtpUrl: string | null;
  /** The sender (`MAIL_FROM`, default `Tandem <tandem@HOST>` with the PUBLIC_URL's or SMTP server's host). */
  from: string;
}

const ADDRESS = /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/;

function readSmtpUrl(env: Env): string | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !/^smtps?:$/.test(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL like smtp://user:password@mail.example.com:587 (the value is not shown: it may hold a password)');
  }
  return raw;
}

function readFrom(env: Env, smtpUrl: string | null): string {
  const raw = env.MAIL_FROM?.trim();
  if (raw) {
    const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
    if (!ADDRESS.test(address) || raw.length > 320 || /[\r\n]/.test(raw)) {
      throw new ConfigError('MAIL_FROM', `must be an address like tandem@example.com or "Tandem <tandem@example.com>", got ${JSON.stringify(raw)}`);
    }
    return raw;
  }
  const hostOf = (value: string | undefined) => {
    try {
      return value ? new URL(value).hostname : null;
    } catch {
      return null;
    }
  };
  return `Tandem <tandem@${hostOf(env.PUBLIC_URL?.trim()) ?? hostOf(smtpUrl ?? undefined) ?? 'localhost'}>`;
}

/** Reads the mail settings; throws ConfigError naming the first bad variable. */
export function parseMailConfig(env: Env): MailConfig {
  const smtpUrl = readSmtpUrl(env);
  return { smtpUrl, from: readFrom(env, smtpUrl) };
}
