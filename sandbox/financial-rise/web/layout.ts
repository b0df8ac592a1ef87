import { CLIENT_LIB } from './client-lib.ts';

/**
 * The HTML shell every page shares. Deliberately tiny (inline CSS, a few KB of inline script
 * at the end of the body, no external requests) so a healthy /login scores ~100 in
 * Lighthouse; the `fr:heavy-page` fault is the only thing that adds weight.
 */
export interface Page {
  title: string;
  /** Markup inside <main>. */
  body: string;
  /** Page script, run after the shared client library. */
  script?: string;
  /** Extra tags for <head> (stylesheets, blocking scripts). */
  head?: string;
}

const CSS = `*{box-sizing:border-box}[hidden]{display:none!important}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#0b3d5c;color:#fff;padding:.75rem 1.25rem;display:flex;gap:1rem;align-items:center}header a{color:#fff}
main{max-width:52rem;margin:1.5rem auto;padding:0 1rem}h1{font-size:1.75rem;margin:.5rem 0 1rem}
form,section{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:1.25rem;margin-bottom:1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input,textarea,select{width:100%;padding:.5rem;border:1px solid #8a949e;border-radius:4px;font:inherit}
fieldset{border:1px solid #d8dde3;border-radius:6px;margin:0 0 1rem;padding:.75rem}legend{font-weight:600}
.opt{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.25rem 0}.opt input{width:auto}
button,.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#0b5c8a;color:#fff;font:inherit;cursor:pointer;text-decoration:none}
button[disabled]{background:#6b7785}.error{color:#a4161a}.ok{color:#1b6e20}table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #e3e6ea}`;

/** JSON for an inline <script>: `</script>` and friends cannot break out. */
export const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderPage(page: Page, apiBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Financial RISE: financial readiness assessments for small businesses">
<title>${escapeHtml(page.title)} | Financial RISE</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
${page.head ?? ''}
</head>
<body>
<header><strong>Financial RISE</strong><nav><a href="/">Home</a></nav></header>
<main>
${page.body}
</main>
<script>window.__API__=${inlineJson(apiBase)};${CLIENT_LIB}</script>
${page.script ? `<script>${page.script}</script>` : ''}
</body>
</html>`;
}
