import { randomBytes } from 'node:crypto';
import type { AccountStore, User } from '@tandem/accounts-store';
import { isRole, type Role } from '@tandem/protocol';
import { AccountError, type SignupPolicy } from './accounts.js';
import type { LiveAccess } from './live-access.js';

/** Roles a share link may give (never owner). */
export const LINK_ROLES = ['viewer', 'commenter', 'editor'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

/** What the mail seam gets for one invite. */
export interface InviteMessage {
  email: string;
  /** The link that lets them sign up (or sign in) and open the document. */
  url: string;
  inviter: { name: string; email: string };
  docId: string | null;
  role: Role | null;
}

/**
 * Sends an invite (the tokens helper plugs SMTP in here). Returns the link to show to the
 * inviter, and whether it was mailed. The default mails nothing: the inviter copies the link.
 */
export type SendInvite = (invite: InviteMessage) => Promise<{ url: string; sent: boolean }>;

/** The default invite seam: nothing is mailed, the link is handed back to copy. */
export const copyInviteLink: SendInvite = async ({ url }) => ({ url, sent: false });

/** GET /api/docs/:id/access, as the shared contract names it. */
export interface AccessDescription {
  role: Role;
  owner: { id: string; email: string; name: string } | null;
  members: { userId: string; email: string; name: string; role: Role }[];
  pending: { email: string; role: Role; inviteUrl?: string }[];
  link: { role: LinkRole | null; url?: string };
}

const secret = () => randomBytes(24).toString('base64url');

function roleParam(raw: unknown, allowed: readonly string[]): Role {
  if (!isRole(raw) || !allowed.includes(raw)) throw new AccountError(400, `role must be one of ${allowed.join(', ')}`);
  return raw;
}

/**
 * A document's owners and access list: describing it, sharing with people by email (a role for
 * those with an account, an invite link for the others), changing and removing roles, and the
 * share link (off by default; rotating it gives a new secret). Every change is announced so open
 * sockets of people who lost access close at once.
 */
export class Sharing {
  constructor(
    private readonly store: AccountStore,
    private readonly live: LiveAccess,
    private readonly sendInvite: SendInvite,
    private readonly signupPolicy: () => Promise<SignupPolicy>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A document was created by `user`: they own it. */
  async created(docId: string, user: User): Promise<void> {
    await this.store.grant({ docId, userId: user.id, role: 'owner' });
  }

  /** True when anyone has a role on `docId` (then it cannot be created again). */
  async hasMembers(docId: string): Promise<boolean> {
    return (await this.store.members(docId)).length > 0;
  }

  /** The access list as `role` sees it: invite links and the share link only for owners. */
  async describe(docId: string, role: Role, base: string): Promise<AccessDescription> {
    const grants = await this.store.members(docId);
    const members: AccessDescription['members'] = [];
    for (const g of grants) {
      const u = await this.store.userById(g.userId);
      if (u) members.push({ userId: u.id, email: u.email, name: u.name, role: g.role });
    }
    const ownerGrant = members.find((m) => m.role === 'owner');
    const owns = role === 'owner';
    const link = await this.store.link(docId);
    return {
      role,
      owner: ownerGrant ? { id: ownerGrant.userId, email: ownerGrant.email, name: ownerGrant.name } : null,
      members,
      pending: (await this.store.invitesForDoc(docId)).map((i) => ({
        email: i.email,
        role: i.role ?? 'viewer',
        ...(owns ? { inviteUrl: inviteUrl(base, i.token) } : {}),
      })),
      link: { role: link?.role ?? null, ...(owns && link ? { url: shareUrl(base, docId, link.secret) } : {}) },
    };
  }

  /**
   * Shares `docId` with `email` as `role`: someone with an account gets the role at once (their
   * open sockets learn it, 4409); anyone else gets an invite, through the mail seam.
   */
  async share(docId: string, inviter: User, body: { email?: unknown; role?: unknown }, base: string) {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email)) throw new AccountError(400, 'a valid email address is required');
    const role = roleParam(body.role ?? 'editor', ['viewer', 'commenter', 'editor', 'owner']);
    const existing = await this.store.userByEmail(email);
    if (existing) {
      await this.store.grant({ docId, userId: existing.id, role });
      this.live.docChanged(docId);
      return { member: { userId: existing.id, email: existing.email, name: existing.name, role } };
    }
    if ((await this.signupPolicy()) === 'closed' && !inviter.admin) {
      throw new AccountError(403, `${email} has no account and sign-up is closed: ask an admin to invite them`);
    }
    const pending = (await this.store.invitesForDoc(docId)).find((i) => i.email === email);
    if (pending) await this.store.deleteInvite(pending.token);
    const token = secret();
    await this.store.createInvite({ token, email, docId, role, invitedBy: inviter.id, createdAt: this.now() });
    const sent = await this.sendInvite({ email, url: inviteUrl(base, token), inviter: { name: inviter.name, email: inviter.email }, docId, role });
    return { pending: { email, role, inviteUrl: sent.url, sent: sent.sent } };
  }

  /** Invites `email` to the server only (the admin page). */
  async inviteToServer(inviter: User, rawEmail: unknown, base: string) {
    const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
    if (!/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email)) throw new AccountError(400, 'a valid email address is required');
    if (await this.store.userByEmail(email)) throw new AccountError(409, `${email} already has an account`);
    const token = secret();
    await this.store.createInvite({ token, email, docId: null, role: null, invitedBy: inviter.id, createdAt: this.now() });
    return this.sendInvite({ email, url: inviteUrl(base, token), inviter: { name: inviter.name, email: inviter.email }, docId: null, role: null });
  }

  /** Changes a member's role; the last owner cannot step down. */
  async setRole(docId: string, userId: string, rawRole: unknown): Promise<void> {
    const role = roleParam(rawRole, ['viewer', 'commenter', 'editor', 'owner']);
    const current = await this.store.roleOf(docId, userId);
    if (!current) throw new AccountError(404, 'this person has no role on the document');
    if (current === 'owner' && role !== 'owner') await this.keepAnOwner(docId);
    await this.store.grant({ docId, userId, role });
    this.live.docChanged(docId);
  }

  /** Takes a member's role away (their open sockets close, 4403). */
  async remove(docId: string, userId: string): Promise<void> {
    const current = await this.store.roleOf(docId, userId);
    if (!current) throw new AccountError(404, 'this person has no role on the document');
    if (current === 'owner') await this.keepAnOwner(docId);
    await this.store.revoke(docId, userId);
    this.live.docChanged(docId);
  }

  /** Cancels a pending invite by email. */
  async cancelInvite(docId: string, email: string): Promise<void> {
    const pending = (await this.store.invitesForDoc(docId)).find((i) => i.email === email.trim().toLowerCase());
    if (!pending) throw new AccountError(404, 'no pending invite for this email');
    await this.store.deleteInvite(pending.token);
  }

  /** Turns link sharing on with a role (keeping the secret when it was on), or off (null). */
  async setLink(docId: string, rawRole: unknown): Promise<void> {
    if (rawRole === null) {
      await this.store.setLink(docId, null);
    } else {
      const role = roleParam(rawRole, LINK_ROLES) as LinkRole;
      const current = await this.store.link(docId);
      await this.store.setLink(docId, { role, secret: current?.secret ?? secret() });
    }
    this.live.docChanged(docId);
  }

  /** Gives the link a new secret: the old link stops working and its open sockets close (4403). */
  async rotateLink(docId: string): Promise<void> {
    const current = await this.store.link(docId);
    if (!current) throw new AccountError(404, 'link sharing is off');
    await this.store.setLink(docId, { role: current.role, secret: secret() });
    this.live.docChanged(docId);
  }

  private async keepAnOwner(docId: string): Promise<void> {
    const owners = (await this.store.members(docId)).filter((m) => m.role === 'owner');
    if (owners.length <= 1) throw new AccountError(400, 'a document needs an owner: make someone else owner first');
  }
}

/** The sign-up link of an invite. */
export const inviteUrl = (base: string, token: string) => `${base}/signup?invite=${encodeURIComponent(token)}`;
/** A document's share link. */
export const shareUrl = (base: string, docId: string, secretValue: string) =>
  `${base}/d/${encodeURIComponent(docId)}?share=${encodeURIComponent(secretValue)}`;
