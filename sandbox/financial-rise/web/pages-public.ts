import type { RuntimeFaults } from '../faults.ts';
import type { Page } from './layout.ts';

/** The pages a visitor sees before signing in: home, sign in, sign up, email verification. */

export const SITE_CSS = 'header nav a{margin-right:1rem}.hero{padding:2rem 1.25rem}';
export const SITE_CSS_PATH = '/assets/site.css';
/** A fingerprinted name the server does not have: what a half-finished CDN upload looks like. */
export const MISSING_CSS_PATH = '/assets/site.3f9a2c1e.css';
export const HEAVY_SCRIPT_PATH = '/assets/vendor.bundle.js';
/** `fr:css-late[=<ms>]`: a render-blocking stylesheet the server answers that much later. */
export const LATE_CSS_PATH = '/assets/theme.css';

/** How long after load `fr:frontend-late-error` throws (the gate's settle window is 3 s by default). */
export const LATE_ERROR_MS = 2000;

export function homePage(faults: RuntimeFaults): Page {
  const css = faults.on('frontend-404-asset') ? MISSING_CSS_PATH : SITE_CSS_PATH;
  // fr:frontend-console-error: start-up code reads a config object the build forgot to emit.
  // Like a React root, it reports the error on the console and lets it escape uncaught, so it
  // shows both as a console error and as a page error.
  const script = faults.on('frontend-console-error')
    ? `try { var features = window.__APP_CONFIG__.features; document.title = features.title; }
catch (e) { console.error('The above error occurred while starting the app:', e); throw e; }`
    : // fr:frontend-late-error: a widget that starts after load throws 2 s later, while a person
      // would be reading the page; a check that listens only during load misses it.
      faults.on('frontend-late-error')
      ? `setTimeout(function () { var w = window.__WIDGETS__; w.start(); }, ${LATE_ERROR_MS});`
      : undefined;
  return {
    title: 'Home',
    head: `<link rel="stylesheet" href="${css}">`,
    body: `<section class="hero"><h1>Financial readiness for small businesses</h1>
<p>Run the RISE assessment with your clients and get consultant and client reports in minutes.</p>
<p><a class="button" href="/login">Sign In</a> <a class="button" href="/register">Create Account</a></p></section>`,
    script,
  };
}

export function loginPage(faults: RuntimeFaults): Page {
  return {
    title: 'Sign In',
    // fr:heavy-page: a 3 MB render-blocking bundle in <head>.
    head: faults.on('heavy-page')
      ? `<script src="${HEAVY_SCRIPT_PATH}"></script>`
      : faults.on('css-late')
        ? `<link rel="stylesheet" href="${LATE_CSS_PATH}">`
        : undefined,
    body: `<h1>Sign In</h1>
<form id="login" novalidate>
<label for="email">Email${faults.on('drift-labels-required') ? ' *' : ''}</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password${faults.on('drift-labels-required') ? ' *' : ''}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign In</button>
<p id="msg" role="alert"></p>
</form>
<p>No account yet? <a href="/register">Create one</a>.</p>`,
    script: `document.getElementById('login').addEventListener('submit', async function (e) {
  e.preventDefault();
  try {
    var body = await FR.api('/auth/login', { method: 'POST', auth: false,
      body: { email: document.getElementById('email').value, password: document.getElementById('password').value } });
    FR.signIn(body); location.assign('/dashboard');
  } catch (err) { FR.say('msg', err.message); }
});`,
  };
}

export function registerPage(): Page {
  const field = (id: string, label: string, type: string, auto: string): string =>
    `<label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}" autocomplete="${auto}" required>`;
  return {
    title: 'Create Account',
    body: `<h1>Create Account</h1>
<form id="register" novalidate>
${field('first_name', 'First Name', 'text', 'given-name')}
${field('last_name', 'Last Name', 'text', 'family-name')}
${field('email', 'Email', 'email', 'email')}
${field('password', 'Password', 'password', 'new-password')}
<p>8-128 characters with an uppercase letter, a lowercase letter, a digit and one of @$!%*?&amp;#.</p>
<button type="submit">Create Account</button>
<p id="msg" role="alert"></p>
</form>
<p>Already registered? <a href="/login">Sign in</a>.</p>`,
    script: `document.getElementById('register').addEventListener('submit', async function (e) {
  e.preventDefault();
  var v = function (id) { return document.getElementById(id).value; };
  try {
    var body = await FR.api('/auth/register', { method: 'POST', auth: false,
      body: { first_name: v('first_name'), last_name: v('last_name'), email: v('email'), password: v('password') } });
    FR.signIn(body); FR.say('msg', 'Account created. Check your inbox to verify your email.', true);
    setTimeout(function () { location.assign('/dashboard'); }, 1500);
  } catch (err) { FR.say('msg', err.message); }
});`,
  };
}

export function verifyEmailPage(): Page {
  return {
    title: 'Verify Email',
    body: '<h1>Verify Email</h1><p id="msg" role="status">Verifying your email address...</p><p><a href="/login">Go to sign in</a></p>',
    script: `(async function () {
  var token = new URLSearchParams(location.search).get('token');
  if (!token) return FR.say('msg', 'This link has no verification token.');
  try { var r = await FR.api('/auth/verify-email?token=' + encodeURIComponent(token), { auth: false }); FR.say('msg', r.message, true); }
  catch (err) { FR.say('msg', err.message); }
})();`,
  };
}
