import { escapeHtml as h, HOW_TO_READ } from '../format.ts';
import { renderLatencyChart } from '../latency-chart.ts';
import type { RunReport } from '../report-doc.ts';
import type { CurrentState, SignOff } from '../../current-state.ts';
import { statusBadge } from './badge.ts';
import { checklistSection } from './checklist-section.ts';
import { checksTable, gateHealthSection, waiverSection } from './checks-table.ts';
import { evidenceSection, NO_ASSETS, type EvidenceAssets } from './evidence-section.ts';
import { metricsSection } from './metrics-section.ts';
import { rollbackBlock, type RollbackFacts } from './rollback-block.ts';
import { manifestBox, timelineSection } from './run-facts.ts';
import { signOffSection } from './signoffs.ts';
import { SCRIPT, STYLE } from './style.ts';
import { topCard } from './top-card.ts';
import { plainWords, whyLines } from './why.ts';

/**
 * index.html: ONE self-contained file (inline style, SVG and script; images as data URIs; no
 * font, no CDN) that opens from file:// on a meeting-room laptop or from a CI artifact store.
 * Everything from the run is escaped: a check message is data, never markup. Pure: what the
 * run folder holds besides verdict.json (current state, sign-offs, images) is passed in.
 */

export interface PageInputs {
  current?: CurrentState;
  signOffs?: readonly SignOff[];
  assets?: EvidenceAssets;
  rollback?: RollbackFacts;
}

/** The shared footer names statuses with emoji (for Markdown); this page uses the words alone. */
const withoutEmoji = (text: string) => text.replace(/(?:\p{Extended_Pictographic}|\u{FE0F})\s?/gu, '');

function whySection(report: RunReport): string {
  const lines = whyLines(report);
  const failing = new Set(lines.map((l) => l.id));
  // The verdict's other reasons (waivers, flaky, gate), minus the per-check lines shown above.
  const others = report.reasons.filter((r) => ![...failing].some((id) => r.startsWith(`${id} `))).map(plainWords);
  const items = [
    ...lines.map(
      (l) =>
        `<li id="why-${h(l.id)}">${statusBadge(l.status)} <a href="#check-${h(l.id)}"><code>${h(l.id)}</code></a>: ${h(l.text)}${l.status === 'fail' ? ` <a href="#evidence-${h(l.id)}">evidence</a>` : ''}</li>`,
    ),
    ...[...new Set(others)].map((r) => `<li>${h(r)}</li>`),
  ];
  return `<section id="why"><h2>Why</h2><ul>${items.join('')}</ul></section>`;
}

export function renderPage(report: RunReport, inputs: PageInputs = {}): string {
  const { run, decision } = report;
  const title = `${decision} — ${run.appName} ${run.release ?? ''} on ${run.env} — postflight`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${h(title)}</title><style>${STYLE}</style></head>
<body>
<main>
${topCard(report, inputs.current)}
${gateHealthSection(report)}
${whySection(report)}
${rollbackBlock(report, inputs.rollback, inputs.current)}
${checklistSection(report, inputs.signOffs)}
${signOffSection(inputs.signOffs ?? [])}
${evidenceSection(report, inputs.assets ?? NO_ASSETS)}
${metricsSection(report)}
${renderLatencyChart(report.checks)}
${timelineSection(report)}
${waiverSection(report)}
${checksTable(report)}
${manifestBox(report, inputs.current)}
<section id="how-to-read"><h2>How to read this</h2><ul>${HOW_TO_READ.map((l) => `<li>${h(withoutEmoji(l))}</li>`).join('')}</ul></section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
