/**
 * The browser scripts of the front end, as strings inlined into each page: one request per
 * page and no render-blocking script file, which keeps Lighthouse performance near 1.
 * They never write to the console, so a healthy page has no console errors to report.
 * `window.__API__` is the backend's base URL, injected by the page template.
 */

/** The sign-in form: POST the credentials, keep the token for this tab, open the dashboard. */
export const LOGIN_SCRIPT = `
const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    const res = await fetch(window.__API__ + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: form.email.value, password: form.password.value }),
    });
    const body = await res.json();
    if (!res.ok || !body.success) { error.textContent = body.error || 'Sign in failed (' + res.status + ')'; return; }
    sessionStorage.setItem('fc_token', body.data.accessToken || body.data.jwt);
    location.assign('/dashboard');
  } catch (err) {
    error.textContent = 'Cannot reach the server. Please try again.';
  }
});`;

/**
 * Every signed-in page: without a token go to /login; `api()` adds the bearer token and
 * sends a 401 back to /login; the Logout button forgets the token.
 */
export const SHELL_SCRIPT = `
const token = sessionStorage.getItem('fc_token');
if (!token) location.replace('/login');
const status = document.getElementById('status');
const api = async (path) => {
  const res = await fetch(window.__API__ + path, { headers: { Authorization: 'Bearer ' + token } });
  if (res.status === 401) { sessionStorage.removeItem('fc_token'); location.replace('/login'); throw new Error('Signed out'); }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || 'Request failed (' + res.status + ')');
  return body;
};
const showError = (err) => { status.textContent = err.message; };
document.getElementById('logout').addEventListener('click', () => {
  sessionStorage.removeItem('fc_token');
  location.assign('/login');
});`;

/** The dashboard: greet the user by first name and fill the overview numbers. */
export const DASHBOARD_SCRIPT = `${SHELL_SCRIPT}
if (token) {
  api('/api/v1/auth/me').then((b) => {
    document.getElementById('welcome').textContent = 'Welcome back, ' + b.data.firstName + '!';
  }).catch(showError);
  api('/api/v1/analytics/dashboard').then((b) => {
    for (const [key, value] of Object.entries(b.data.overview)) {
      const cell = document.querySelector('[data-metric="' + key + '"]');
      if (cell) cell.textContent = String(value);
    }
  }).catch(showError);
}`;

/** The asset register: one row per asset. */
export const ASSETS_SCRIPT = `${SHELL_SCRIPT}
if (token) {
  api('/api/v1/assets?limit=100').then((b) => {
    const rows = document.getElementById('asset-rows');
    for (const a of b.data.assets) {
      const tr = document.createElement('tr');
      for (const value of [a.name, a.type, a.riskLevel, a.location || '']) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    status.textContent = b.data.total + ' assets';
  }).catch(showError);
}`;
