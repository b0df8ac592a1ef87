/**
 * The page's one stylesheet (inline; no font, no url()). The first screen is kept compact so
 * decision, advice, counts and current state fit in 1280x720; print hides the filters and
 * keeps sections whole.
 */
export const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:1240px;margin:0 auto;padding:8px 16px 48px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:10px 0;padding:10px 16px}
h2{font-size:18px;margin:4px 0 8px}h3{font-size:15px;margin:8px 0 4px}
.top{border-top:10px solid #6e7781;padding:10px 16px}.top-GO{border-top-color:#1a7f37}.top-NO-GO{border-top-color:#cf222e}.top-INCONCLUSIVE{border-top-color:#9a6700}
.headline{display:flex;gap:16px;align-items:center}
.decision{display:inline-flex;align-items:center;gap:8px;font-size:30px;font-weight:700;color:#fff;padding:4px 14px;border-radius:6px;white-space:nowrap}
.d-GO{background:#1a7f37}.d-NO-GO{background:#cf222e}.d-INCONCLUSIVE{background:#9a6700}
.advice{font-size:16px;font-weight:600;margin:0}
.current{margin:8px 0 0;padding:6px 10px;border-radius:4px;background:#ddf4ff;border:1px solid #54aeff;font-size:15px}
.meta{margin:6px 0;color:#424a53}
.counts{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:4px 0}.bar{border:1px solid #d0d7de}.legend{margin-right:8px;white-space:nowrap}
.tiles{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}.tiles-h{font-weight:600;margin-right:6px;align-self:center}
.tile{display:inline-flex;gap:4px;align-items:center;border:1px solid #d0d7de;border-radius:4px;padding:1px 6px;font-size:12px;color:#1b1f24;text-decoration:none}
.tile b{font-size:10px}.t-fail{border-color:#cf222e;background:#ffebe9}.t-error,.t-inconclusive{border-color:#9a6700;background:#fff8c5}
.gatehealth{margin:4px 0 0}.gatehealth.bad{color:#9a6700;font-weight:600}
.badge{display:inline-flex;gap:4px;align-items:center;font-weight:600;font-size:12px;white-space:nowrap}
.b-pass{color:#1a7f37}.b-fail{color:#cf222e}.b-error,.b-inconclusive{color:#9a6700}.b-skipped{color:#57606a}.b-waived{color:#8250df}
.ico{vertical-align:-2px;flex:none}
.rb{border-left:8px solid #6e7781}.rb-immediate{border-left-color:#cf222e}.rb-consider{border-left-color:#bf8700}.rb-none{border-left-color:#1a7f37}
.done{background:#dafbe1;padding:4px 8px;border-radius:4px}
.cmd{display:inline-block;background:#f6f8fa;border:1px solid #d0d7de;padding:2px 6px;user-select:all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #eaeef2}
th{background:#f6f8fa}tr.sec th{background:#eaeef2}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
table.num td{font-variant-numeric:tabular-nums}
.filters label{margin-right:12px;white-space:nowrap}details{margin-top:4px}.muted{color:#57606a}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{font-weight:600}dd{margin:0}
.excerpt{background:#f6f8fa;border:1px solid #d0d7de;padding:6px;max-height:220px;overflow:auto;white-space:pre-wrap;font-size:12px}
figure{margin:6px 0}img{max-width:100%;border:1px solid #d0d7de}
.hide-pass tr[data-status=pass],.hide-fail tr[data-status=fail],.hide-error tr[data-status=error],
.hide-inconclusive tr[data-status=inconclusive],.hide-skipped tr[data-status=skipped],.hide-waived tr[data-status=waived]{display:none}
@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0}section{break-inside:avoid;border:1px solid #999}
.no-print{display:none}details{display:block}details>*{display:block}a{color:#000;text-decoration:none}
.decision{color:#000;border:2px solid #000;background:none!important}.current{background:none}}
`;

/** Toggles a `hide-<status>` class on the checks table; nothing else. */
export const SCRIPT = `
document.querySelectorAll('input[data-filter]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.getElementById('checks').classList.toggle('hide-' + box.getAttribute('data-filter'), !box.checked);
  });
});
`;
