import { ASSETS_SCRIPT, DASHBOARD_SCRIPT, LOGIN_SCRIPT, SHELL_SCRIPT } from './web-scripts.ts';

/**
 * The front end's pages as plain HTML: inline CSS, inline script, no external requests
 * (the icon is a data URL, so the browser does not ask for /favicon.ico and log a 404).
 * Pure functions of the API URL, so tests read exactly what a browser gets.
 */
export const NAV = [
  ['Dashboard', '/dashboard'],
  ['Assets', '/assets'],
  ['Compliance Plans', '/compliance-plans'],
  ['Documents', '/documents'],
  ['Reports', '/reports'],
  ['Monitoring', '/monitoring'],
] as const;

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a2733;background:#f4f7fa}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.75rem 1.5rem;background:#0b4f6c;color:#fff}
header a{color:#fff}nav{display:flex;flex-wrap:wrap;gap:1rem;flex:1}main{max-width:60rem;margin:2rem auto;padding:0 1.5rem}
form{display:grid;gap:.5rem;max-width:22rem}input{padding:.5rem;border:1px solid #5b6b78;border-radius:4px;font:inherit}
button,.button{display:inline-block;padding:.6rem 1rem;border:0;border-radius:4px;background:#0b4f6c;color:#fff;font:inherit;cursor:pointer;text-decoration:none}
header button{background:#fff;color:#0b4f6c}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:1rem;margin:0}
.card{background:#fff;padding:1rem;border-radius:6px}.card dd{margin:0;font-size:1.75rem;font-weight:600}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d5dde3}.error{color:#a4161a;min-height:1.5rem}`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: `<` escaped so a value can never close the tag. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(title: string, apiUrl: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="FlowComply: drinking-water compliance management for New Zealand water suppliers.">
<title>${escapeHtml(title)} | FlowComply</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
${body}
<script>window.__API__ = ${scriptJson(apiUrl)};${script}</script>
</body>
</html>
`;
}

function shell(active: string): string {
  const links = NAV.map(([label, href]) => `<a href="${href}"${label === active ? ' aria-current="page"' : ''}>${label}</a>`).join('\n');
  return `<header><strong>FlowComply</strong><nav aria-label="Main">\n${links}\n</nav><button type="button" id="logout">Logout</button></header>`;
}

export function homePage(apiUrl: string): string {
  return page(
    'Drinking-water compliance',
    apiUrl,
    `<main>
<h1>FlowComply</h1>
<p>Compliance management for New Zealand drinking-water suppliers: assets, water safety plans, documents and regulatory reports.</p>
<p><a class="button" href="/login">Sign In</a></p>
</main>`,
  );
}

/** `requiredMarker`: drift — labels carry a required-field asterisk ("Email Address *"). */
export function loginPage(apiUrl: string, requiredMarker = false): string {
  const mark = requiredMarker ? ' *' : '';
  return page(
    'Sign In',
    apiUrl,
    `<main>
<h1>Sign In</h1>
<form id="login-form" novalidate>
<label for="email">Email Address${mark}</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password${mark}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p id="login-error" class="error" role="alert"></p>
<button type="submit">Sign In</button>
</form>
</main>`,
    LOGIN_SCRIPT,
  );
}

const METRICS = [
  ['totalAssets', 'Total assets'],
  ['criticalAssets', 'Critical assets'],
  ['activeDWSPs', 'Active DWSPs'],
  ['pendingReports', 'Pending reports'],
  ['overdueItems', 'Overdue items'],
  ['recentIncidents', 'Recent incidents'],
  ['complianceScore', 'Compliance score'],
] as const;

export function dashboardPage(apiUrl: string): string {
  const cards = METRICS.map(([key, label]) => `<div class="card"><dt>${label}</dt><dd data-metric="${key}">-</dd></div>`).join('\n');
  return page(
    'Dashboard',
    apiUrl,
    `${shell('Dashboard')}
<main>
<h1 id="welcome">Welcome back!</h1>
<p id="status" class="error" role="status"></p>
<h2>Overview</h2>
<dl class="cards">
${cards}
</dl>
</main>`,
    DASHBOARD_SCRIPT,
  );
}

/** The other sections: the assets table is live, the rest are headings under the same shell. */
export function sectionPage(apiUrl: string, label: string): string {
  const assets = label === 'Assets';
  const content = assets
    ? '<table><thead><tr><th>Name</th><th>Type</th><th>Risk</th><th>Location</th></tr></thead><tbody id="asset-rows"></tbody></table>'
    : `<p>${escapeHtml(label)} for your organisation.</p>`;
  return page(
    label,
    apiUrl,
    `${shell(label)}
<main>
<h1>${escapeHtml(label)}</h1>
<p id="status" class="error" role="status"></p>
${content}
</main>`,
    assets ? ASSETS_SCRIPT : SHELL_SCRIPT,
  );
}

export function errorPage(apiUrl: string, status: number, message: string): string {
  return page(message, apiUrl, `<main>\n<h1>${status} ${escapeHtml(message)}</h1>\n<p><a href="/">FlowComply home</a></p>\n</main>`);
}
