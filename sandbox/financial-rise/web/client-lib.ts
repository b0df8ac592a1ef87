/**
 * The browser-side helper every page shares, as source text (ES2017, no build step).
 *
 * CSRF in the browser: the page is on the web origin and the API on another port, so it asks
 * the API for the token (`GET /auth/csrf` -> `{csrfToken}`, which also sets the XSRF-TOKEN
 * cookie), sends every request with `credentials: 'include'` so that cookie goes back, and
 * echoes the token in `X-CSRF-Token` on unsafe methods. Each API response repeats the token in
 * an exposed `X-CSRF-Token` header, which keeps the page in step with the cookie.
 */
export const CLIENT_LIB = `
var FR = (function () {
  var API = window.__API__, csrf = null;
  function token() { return sessionStorage.getItem('fr_token'); }
  function user() { try { return JSON.parse(sessionStorage.getItem('fr_user') || 'null'); } catch (e) { return null; } }
  async function csrfToken() {
    if (!csrf) { var r = await fetch(API + '/auth/csrf', { credentials: 'include' }); csrf = (await r.json()).csrfToken; }
    return csrf;
  }
  async function api(path, opts) {
    opts = opts || {};
    var method = opts.method || 'GET', headers = { Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.auth !== false && token()) headers.Authorization = 'Bearer ' + token();
    if (method !== 'GET') headers['X-CSRF-Token'] = await csrfToken();
    var res = await fetch(API + path, { method: method, headers: headers, credentials: 'include',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    var fresh = res.headers.get('X-CSRF-Token'); if (fresh) csrf = fresh;
    var data = res.status === 204 ? null : await res.json().catch(function () { return null; });
    if (res.status === 401 && opts.auth !== false && token()) { sessionStorage.clear(); location.assign('/login'); }
    if (!res.ok) throw new Error((data && data.message) || ('Request failed with HTTP ' + res.status));
    return data;
  }
  function signIn(body) { sessionStorage.setItem('fr_token', body.access_token); sessionStorage.setItem('fr_user', JSON.stringify(body.user)); }
  function requireLogin() { if (token()) return true; location.assign('/login'); return false; }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function say(id, text, ok) { var el = document.getElementById(id); el.textContent = text; el.className = ok ? 'ok' : 'error'; }
  return { api: api, signIn: signIn, user: user, requireLogin: requireLogin, esc: esc, say: say };
})();
`;
