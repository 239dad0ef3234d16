import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/clients.js';
import { Person } from '../../helpers/people.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { type Received, startSmtpReceiver, type SmtpReceiver } from '../../helpers/smtp-receiver.js';

describe('invites by mail (SMTP_URL, nodemailer, a real SMTP receiver)', () => {
  let smtp: SmtpReceiver;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer({ AUTH_MODE: 'accounts', SMTP_URL: smtp.url, MAIL_FROM: 'Tandem <docs@example.com>' });
  });
  afterAll(async () => {
    await server?.dispose();
    await smtp?.close();
  });

  it('mails the invite to the invitee; the link in the mail signs them up into the document', async () => {
    const ada = new Person(server.url, 'ada@example.com');
    expect((await ada.setup('Ada Lovelace')).status).toBe(201);
    const docId = await ada.createDoc('Plans');
    const shared = await ada.api('POST', `/api/docs/${docId}/access/members`, { email: 'Bob@Example.com', role: 'editor' });
    expect(shared.status).toBe(201);
    expect(shared.json.pending).toMatchObject({ email: 'bob@example.com', role: 'editor', sent: true });

    await waitFor(() => smtp.inbox.length === 1, 'the invite mail');
    const [{ from, to, mail }] = smtp.inbox as [Received];
    expect(to).toEqual(['bob@example.com']);
    expect(from).toBe('docs@example.com');
    expect(mail.subject).toBe('Ada Lovelace shared a document with you on Tandem');
    const link = /(http:\/\/\S+\/signup\?invite=\S+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBe(shared.json.pending.inviteUrl);
    expect(mail.html).toContain(`href="${link!.replace(/&/g, '&#38;')}"`);

    // the link opens the web app's sign-up page, and its invite signs Bob up straight into the document
    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const bob = new Person(server.url, 'bob@example.com');
    expect((await bob.api('GET', `/api/docs/${docId}/access`)).status).toBe(401);
    expect((await bob.signup(new URL(link!).searchParams.get('invite')!)).status).toBe(201);
    const access = await bob.api('GET', `/api/docs/${docId}/access`);
    expect(access.status).toBe(200);
    expect(access.json.role).toBe('editor');
  });

  it('hands the link to copy when the mail server cannot be reached', async () => {
    const closed = await startSmtpReceiver();
    await closed.close(); // nothing listens there any more
    const offline = await startTestServer({ AUTH_MODE: 'accounts', SMTP_URL: closed.url });
    try {
      const ada = new Person(offline.url, 'ada@example.com');
      await ada.setup();
      const docId = await ada.createDoc();
      const shared = await ada.api('POST', `/api/docs/${docId}/access/members`, { email: 'carol@example.com', role: 'viewer' });
      expect(shared.status).toBe(201);
      expect(shared.json.pending).toMatchObject({ email: 'carol@example.com', sent: false, inviteUrl: expect.stringContaining('/signup?invite=') });
    } finally {
      await offline.dispose();
    }
  });

  it('mails nothing without SMTP_URL: the inviter copies the link', async () => {
    const plain = await startTestServer({ AUTH_MODE: 'accounts' });
    try {
      const ada = new Person(plain.url, 'ada@example.com');
      await ada.setup();
      const docId = await ada.createDoc();
      const shared = await ada.api('POST', `/api/docs/${docId}/access/members`, { email: 'dan@example.com', role: 'viewer' });
      expect(shared.json.pending).toMatchObject({ sent: false, inviteUrl: expect.stringContaining('/signup?invite=') });
    } finally {
      await plain.dispose();
    }
    expect(smtp.inbox).toHaveLength(1);
  });
});
