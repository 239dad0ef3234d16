import { api, type Me, messageOf, refreshMe } from './api.js';
import { h } from './dom.js';
import { brandMark } from './home.js';
import { externalSignInError, oidcSignIn } from './oidc-button.js';

/** Which form: the first account (fresh server), sign-in, or sign-up (with an invite token when given). */
export type AuthForm = 'setup' | 'signin' | 'signup';

const COPY: Record<AuthForm, { title: string; lede: string; submit: string; endpoint: string }> = {
  setup: {
    title: 'Create the first account',
    lede: 'This Tandem server has no accounts yet. The first account is the administrator: it chooses who else may sign up.',
    submit: 'Create admin account',
    endpoint: '/api/auth/setup',
  },
  signin: { title: 'Sign in', lede: 'Sign in to see your documents and the ones shared with you.', submit: 'Sign in', endpoint: '/api/auth/signin' },
  signup: { title: 'Create your account', lede: 'Choose a password to start writing with the people who invited you.', submit: 'Create account', endpoint: '/api/auth/signup' },
};

/** Where to go after signing in: the `next` parameter when it is a path of this app, else home. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** The sign-in, sign-up and first-account pages: one form, three texts. */
export function renderAuthPage(root: HTMLElement, form: AuthForm, me: Me, navigate: (path: string) => void): () => void {
  const copy = COPY[form];
  document.title = `${copy.title} · Tandem`;
  const params = new URLSearchParams(location.search);
  const invite = form === 'signup' ? params.get('invite') : null;
  const field = (label: string, input: HTMLInputElement) => h('label', { class: 'field' }, h('span', {}, label), input);
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '100', 'data-testid': 'auth-name' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true, 'data-testid': 'auth-email' });
  if (params.get('email')) email.value = params.get('email')!;
  const password = h('input', {
    type: 'password',
    name: 'password',
    required: true,
    minlength: form === 'signin' ? undefined : '8',
    autocomplete: form === 'signin' ? 'current-password' : 'new-password',
    'data-testid': 'auth-password',
  });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'auth-error' }, externalSignInError());
  const submit = h('button', { class: 'button primary wide', type: 'submit', 'data-testid': 'auth-submit' }, copy.submit);
  const fields = form === 'signin' ? [field('Email', email), field('Password', password)] : [field('Name', name), field('Email', email), field('Password (at least 8 characters)', password)];
  const body = h('form', { class: 'auth-form', 'data-testid': `${form}-form` }, ...fields, error, submit);

  const links = h('p', { class: 'auth-links' });
  if (form === 'signin' && me.signup === 'open') {
    const a = h('a', { href: '/signup' }, 'Create an account');
    a.addEventListener('click', (e) => {
      e.preventDefault();
      navigate('/signup');
    });
    links.append('New here? ', a);
  } else if (form === 'signin') {
    links.append(me.signup === 'closed' ? 'Accounts are made by invitation from an administrator.' : 'New here? Ask someone who uses this server to invite you.');
  } else if (form === 'signup') {
    const a = h('a', { href: '/signin' }, 'Sign in');
    a.addEventListener('click', (e) => {
      e.preventDefault();
      navigate('/signin');
    });
    links.append('Already have an account? ', a);
    if (!invite && me.signup !== 'open') error.textContent = 'Sign-up on this server needs an invite link.';
  }

  body.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const answer = await api('POST', copy.endpoint, {
        email: email.value,
        password: password.value,
        ...(form === 'signin' ? {} : { name: name.value }),
        ...(invite ? { invite } : {}),
      });
      if (!answer.ok) {
        error.textContent = answer.status === 429 ? 'Too many failed sign-ins. Wait a few minutes, then try again.' : messageOf(answer);
        return;
      }
      await refreshMe();
      navigate(nextPath());
    } catch {
      error.textContent = 'The server could not be reached.';
    } finally {
      submit.disabled = false;
    }
  });

  root.replaceChildren(
    h('header', { class: 'site-header' }, h('a', { class: 'brand', href: '/' }, brandMark(), 'Tandem')),
    h('main', { class: 'auth' }, h('div', { class: 'auth-card' }, h('h1', {}, copy.title), h('p', { class: 'lede' }, copy.lede), oidcSignIn(me, nextPath()), body, links)),
  );
  (form === 'signin' ? email : name).focus();
  return () => {};
}
