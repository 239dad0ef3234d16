import { createHash, randomBytes } from 'node:crypto';
import type { AccountStore, Invite, User } from '@tandem/accounts-store';
import type { LiveAccess } from './live-access.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { SignInThrottle } from './throttle.js';
import { CloseCode } from '@tandem/protocol';

/** Who may create an account: anyone with an invite (default), anyone, or only those an admin invited. */
export const SIGNUP_POLICIES = ['invite', 'open', 'closed'] as const;
export type SignupPolicy = (typeof SIGNUP_POLICIES)[number];

/** A refused account operation, with the HTTP status the API answers. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429,
    message: string,
    /** For 429: seconds until trying again makes sense. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What the external sign-in (OIDC) knows about a person. */
export interface ExternalIdentity {
  provider: string;
  subject: string;
  email: string;
  name: string;
}

/** A new session: the cookie's secret (given to the browser once) and when it ends. */
export interface NewSession {
  secret: string;
  expiresAt: number;
}

/** How long an invite link lets someone sign up. */
export const INVITE_TTL_MS = 14 * 86_400_000;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const NAME_MAX = 100;

/** The SHA-256 of a session secret: what the store keeps (a leaked table holds no usable cookie). */
export const sessionId = (secret: string) => createHash('sha256').update(secret).digest('hex');

function cleanEmail(raw: unknown): string {
  if (typeof raw !== 'string' || !EMAIL.test(raw.trim())) throw new AccountError(400, 'a valid email address is required');
  return raw.trim().toLowerCase();
}

function cleanName(raw: unknown, email: string): string {
  if (raw === undefined || raw === null || raw === '') return email.split('@')[0]!;
  if (typeof raw !== 'string' || raw.trim().length > NAME_MAX) throw new AccountError(400, `name must be a string of at most ${NAME_MAX} characters`);
  return raw.trim() || email.split('@')[0]!;
}

function checkPassword(raw: unknown): string {
  const problem = passwordProblem(raw);
  if (problem) throw new AccountError(400, problem);
  return raw as string;
}

/** Settings keys in the AccountStore. */
const SIGNUP_KEY = 'signup';

/**
 * People and their sessions: the first account, sign-up under the admin's policy, password
 * sign-in (argon2id, throttled per account and per IP), external sign-in, sessions, password
 * changes and the admin's flags. The HTTP routes (routes/auth-api.ts) are a thin layer over this.
 */
export class Accounts {
  readonly throttle: SignInThrottle;

  constructor(
    readonly store: AccountStore,
    private readonly live: LiveAccess,
    private readonly sessionTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.throttle = new SignInThrottle(now);
  }

  /** True until the first account exists. */
  async needsSetup(): Promise<boolean> {
    return (await this.store.countUsers()) === 0;
  }

  async signupPolicy(): Promise<SignupPolicy> {
    const value = await this.store.getSetting(SIGNUP_KEY);
    return (SIGNUP_POLICIES as readonly string[]).includes(value ?? '') ? (value as SignupPolicy) : 'invite';
  }

  async setSignupPolicy(policy: unknown): Promise<SignupPolicy> {
    if (!(SIGNUP_POLICIES as readonly unknown[]).includes(policy)) throw new AccountError(400, `signup must be one of ${SIGNUP_POLICIES.join(', ')}`);
    await this.store.setSetting(SIGNUP_KEY, policy as string);
    return policy as SignupPolicy;
  }

  /** Creates the first account, an admin; 409 once anyone exists. */
  async setup(body: { email?: unknown; name?: unknown; password?: unknown }): Promise<User> {
    const email = cleanEmail(body.email);
    const user = await this.store.createUser(
      { email, name: cleanName(body.name, email), passwordHash: await hashPassword(checkPassword(body.password)), admin: true },
      { onlyIfNone: true },
    );
    if (!user) throw new AccountError(409, 'this server is already set up: sign in');
    return user;
  }

  /**
   * Creates an account under the sign-up policy: with an invite token (whose email it must use)
   * unless sign-up is open. Every pending invite to that email is then accepted: the invite
   * proves the address was meant.
   */
  async signup(body: { email?: unknown; name?: unknown; password?: unknown; invite?: unknown }): Promise<User> {
    const email = cleanEmail(body.email);
    const password = checkPassword(body.password);
    if (await this.needsSetup()) throw new AccountError(409, 'this server has no account yet: create the first one');
    const policy = await this.signupPolicy();
    let invite: Invite | null = null;
    if (typeof body.invite === 'string' && body.invite) {
      invite = await this.store.invite(body.invite);
      if (invite && invite.createdAt + INVITE_TTL_MS <= this.now()) {
        await this.store.deleteInvite(invite.token);
        invite = null;
      }
      if (!invite) throw new AccountError(404, 'this invite is no longer valid');
      if (invite.email !== email) throw new AccountError(403, `this invite is for ${invite.email}`);
      if (policy === 'closed' && !(await this.store.userById(invite.invitedBy))?.admin) {
        throw new AccountError(403, 'sign-up is closed: ask an admin to invite you');
      }
    } else if (policy !== 'open') {
      throw new AccountError(403, policy === 'closed' ? 'sign-up is closed' : 'sign-up needs an invite');
    }
    const user = await this.store.createUser({ email, name: cleanName(body.name, email), passwordHash: await hashPassword(password), admin: false });
    if (!user) throw new AccountError(409, 'an account with this email exists: sign in');
    if (invite) await this.acceptInvites(user);
    return user;
  }

  /** Turns every pending invite to `user`'s email into a role. */
  private async acceptInvites(user: User): Promise<void> {
    for (const pending of await this.store.invitesForEmail(user.email)) {
      if (pending.docId && pending.role) await this.store.grant({ docId: pending.docId, userId: user.id, role: pending.role });
      await this.store.deleteInvite(pending.token);
    }
  }

  /**
   * Checks an email and password. Refused (429) while the account or the IP has too many recent
   * failures; a wrong email and a wrong password get the same answer in the same time.
   */
  async signIn(body: { email?: unknown; password?: unknown }, ip: string): Promise<User> {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const wait = this.throttle.retryAfter(email, ip);
    if (wait > 0) throw new AccountError(429, 'too many failed sign-ins: try again later', Math.ceil(wait / 1000));
    const user = email ? await this.store.userByEmail(email) : null;
    const ok = await verifyPassword(user?.passwordHash ?? null, password.slice(0, 1024));
    if (!ok || !user) {
      this.throttle.failed(email, ip);
      throw new AccountError(401, 'wrong email or password');
    }
    if (user.disabled) throw new AccountError(403, 'this account is disabled');
    this.throttle.succeeded(email);
    return user;
  }

  /**
   * Signs in a person vouched for by an external identity provider: the account linked to
   * (provider, subject), else the account with that email (then linked), else a new account
   * (the first one on a fresh server is the admin). Then start a session as for any sign-in.
   */
  async signInExternal({ provider, subject, email: rawEmail, name }: ExternalIdentity): Promise<User> {
    const linked = await this.store.userByIdentity(provider, subject);
    if (linked) {
      if (linked.disabled) throw new AccountError(403, 'this account is disabled');
      return linked;
    }
    const email = cleanEmail(rawEmail);
    let user = await this.store.userByEmail(email);
    if (!user) {
      const first = await this.needsSetup();
      user = await this.store.createUser({ email, name: cleanName(name, email), passwordHash: null, admin: first }, { onlyIfNone: first });
      user ??= await this.store.createUser({ email, name: cleanName(name, email), passwordHash: null, admin: false });
      user ??= await this.store.userByEmail(email);
      if (!user) throw new AccountError(409, 'the account could not be created');
      await this.acceptInvites(user);
    }
    if (user.disabled) throw new AccountError(403, 'this account is disabled');
    await this.store.linkIdentity(user.id, provider, subject);
    return user;
  }

  /** Starts a session for `user`; the secret goes into the cookie, its hash into the store. */
  async startSession(user: User): Promise<NewSession> {
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = createdAt + this.sessionTtlMs;
    await this.store.createSession({ id: sessionId(secret), userId: user.id, createdAt, expiresAt });
    return { secret, expiresAt };
  }

  /** The signed-in person a session cookie's secret stands for, or null (unknown, expired, disabled). */
  async sessionUser(secret: string | undefined): Promise<User | null> {
    if (!secret || secret.length > 128) return null;
    const session = await this.store.session(sessionId(secret), this.now());
    if (!session) return null;
    const user = await this.store.userById(session.userId);
    return user && !user.disabled ? user : null;
  }

  /** Signs out this browser. */
  async endSession(secret: string | undefined): Promise<void> {
    if (secret) await this.store.deleteSession(sessionId(secret));
  }

  /** Signs out everywhere: every session ends and every open socket of the person closes (4401). */
  async endAllSessions(user: User): Promise<void> {
    await this.store.deleteSessions(user.id);
    this.live.userChanged(user.id, CloseCode.unauthorized, 'signed out');
  }

  /**
   * Changes a password after checking the current one (none needed for accounts that have none),
   * and ends every session of the person: whoever knew the old password is signed out (the
   * caller starts a new session for this browser).
   */
  async changePassword(user: User, body: { current?: unknown; password?: unknown }): Promise<void> {
    const next = checkPassword(body.password);
    if (user.passwordHash !== null) {
      const ok = await verifyPassword(user.passwordHash, typeof body.current === 'string' ? body.current : '');
      if (!ok) throw new AccountError(403, 'the current password is wrong');
    }
    await this.store.updateUser(user.id, { passwordHash: await hashPassword(next) });
    await this.store.deleteSessions(user.id);
  }

  /** The admin's flags on a person; disabling ends their sessions and closes their sockets. */
  async setFlags(actor: User | null, id: string, body: { admin?: unknown; disabled?: unknown }): Promise<User> {
    const change: { admin?: boolean; disabled?: boolean } = {};
    for (const key of ['admin', 'disabled'] as const) {
      if (body[key] === undefined) continue;
      if (typeof body[key] !== 'boolean') throw new AccountError(400, `${key} must be true or false`);
      change[key] = body[key];
    }
    if (actor && actor.id === id && (change.admin === false || change.disabled === true)) {
      throw new AccountError(400, 'you cannot take away your own admin rights or disable yourself');
    }
    const user = await this.store.updateUser(id, change);
    if (!user) throw new AccountError(404, 'no such person');
    if (change.disabled) {
      await this.store.deleteSessions(id);
      this.live.userChanged(id, CloseCode.unauthorized, 'account disabled');
    }
    return user;
  }
}

/** A person as the API shows them (never the password hash). */
export function publicUser(user: User): { id: string; email: string; name: string; admin: boolean } {
  return { id: user.id, email: user.email, name: user.name, admin: user.admin };
}
