import { escapeHtml as h } from '../format.ts';
import type { SignOff } from '../../current-state.ts';

/** Who signed what and when (signoff.jsonl, written by `postflight signoff`); nothing when nobody signed. */
export function signOffSection(signOffs: readonly SignOff[]): string {
  if (!signOffs.length) return '';
  const rows = signOffs.map(
    (s) =>
      `<tr><td>${h(s.role)}</td><td>${h(s.name)}</td><td>${h(s.decision ?? '—')}</td><td>${h((s.items ?? []).join(', ') || '—')}</td><td>${h(s.note ?? '')}</td><td>${h(s.at)}</td><td><code>${h((s.hash ?? '').slice(0, 12))}</code></td></tr>`,
  );
  return `<section id="signoffs"><h2>Sign-offs</h2><table><thead><tr><th>role</th><th>name</th><th>decision</th><th>checklist items</th><th>note</th><th>at</th><th>hash</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
