import type { Artifact, CheckResult } from '../../../core/types.ts';
import { escapeHtml as h, evidenceHref } from '../format.ts';
import type { RunReport } from '../report-doc.ts';
import { statusBadge } from './badge.ts';
import { plainWords } from './why.ts';

/**
 * The evidence of every check that did not pass, inline: screenshots embedded (the page's
 * edge read them from the run folder as data URIs, so the file stays self-contained), the
 * downloaded file that failed (a link to the copy in the run folder), text excerpts of
 * responses and logs, and the command that opens a Playwright trace.
 */

/** What the page's edge read from the run folder: `path` -> data URI (images) or excerpt (text). */
export interface EvidenceAssets {
  images: Record<string, string>;
  excerpts: Record<string, string>;
}

export const NO_ASSETS: EvidenceAssets = { images: {}, excerpts: {} };

function artifact(a: Artifact, assets: EvidenceAssets): string {
  const href = evidenceHref(a.path);
  const link = href ? `<a href="${h(href)}">${h(a.path)}</a>` : `<code>${h(a.path)}</code>`;
  const image = assets.images[a.path];
  if (a.kind === 'screenshot' && image)
    return `<figure><img src="${image}" alt="${h(a.title)} (${h(a.path)})" width="480"><figcaption>${h(a.title)}: ${link}</figcaption></figure>`;
  if (a.kind === 'trace') return `<p>Trace: ${link}. Open it with <code class="cmd">npx playwright show-trace ${h(a.path)}</code> (run in this folder).</p>`;
  if (a.kind === 'pdf') return `<p>The downloaded file: ${link} (open it: is it a PDF at all?)</p>`;
  const excerpt = assets.excerpts[a.path];
  return `<p>${h(a.title || a.kind)}: ${link}</p>${excerpt ? `<pre class="excerpt">${h(excerpt)}</pre>` : ''}`;
}

/** Failed assertions in plain words, one per line, without repeating the check's message. */
function failedAssertions(c: CheckResult): string {
  const failed = c.assertions.filter((a) => !a.passed);
  if (!failed.length) return '';
  return `<ul class="asserts">${failed.map((a) => `<li>${h(plainWords(a.message))}</li>`).join('')}</ul>`;
}

export function evidenceSection(report: RunReport, assets: EvidenceAssets = NO_ASSETS): string {
  const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error' || c.status === 'inconclusive');
  if (!bad.length) return '';
  const blocks = bad.map((c) => {
    const seen = new Set<string>();
    const files = c.evidence.filter((a) => !a.path.endsWith('error-context.md') && !seen.has(a.path) && seen.add(a.path));
    return (
      `<article class="ev" id="evidence-${h(c.id)}"><h3>${statusBadge(c.status)} <code>${h(c.id)}</code> ${h(c.title)}</h3>` +
      `${failedAssertions(c)}${files.map((a) => artifact(a, assets)).join('') || '<p class="muted">No evidence file for this check: the assertions above are the evidence.</p>'}</article>`
    );
  });
  return `<section id="evidence"><h2>Failure evidence</h2>${blocks.join('')}</section>`;
}
