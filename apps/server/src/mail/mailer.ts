import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../config/mail-config.js';

/** Sends mail. One method, so anything that can deliver a message can stand behind it. */
export interface Mailer {
  /** Delivers one message; rejects when the mail server refuses it or cannot be reached. */
  send(to: string, subject: string, text: string, html: string): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

/** How long to wait for the mail server at each step before giving up, ms. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * The mailer for `config` (nodemailer over SMTP_URL), or null when SMTP_URL is unset. nodemailer
 * (about 3 MB of heap) is loaded with the first message, not at start: most servers send none
 * for hours, and many never.
 */
export function createMailer(config: MailConfig): Mailer | null {
  const { smtpUrl } = config;
  if (!smtpUrl) return null;
  let transport: Promise<Transporter> | null = null; // a type-only import: erased, loads nothing
  const open = () =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport(
        { url: smtpUrl, connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS },
        { from: config.from },
      ),
    ));
  return {
    async send(to, subject, text, html) {
      await (await open()).sendMail({ to, subject, text, html });
    },
    // a transport that never opened (nodemailer failed to load) has nothing to close
    close: () => void transport?.then((t) => t.close(), () => {}),
  };
}
