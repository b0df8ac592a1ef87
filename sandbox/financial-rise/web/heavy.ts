/**
 * The bundle `fr:heavy-page` puts in /login's <head>: ~3 MB of script (a vendor chunk that
 * nobody tree-shook) that also keeps the main thread busy for ~1.5 s when it runs. Both halves
 * matter: the bytes delay first paint, the busy loop shows up as blocking time.
 */
export const HEAVY_BYTES = 3 * 1024 * 1024;
export const HEAVY_BURN_MS = 1500;

export function heavyBundle(bytes = HEAVY_BYTES, burnMs = HEAVY_BURN_MS): string {
  const head = '/*! vendor.bundle.js: locale tables, polyfills and icon data */\nvar __vendorData=[\n';
  const tail = `];\n(function(){var end=Date.now()+${burnMs},x=0;while(Date.now()<end){x+=Math.sqrt(x+1);}window.__vendorReady=x>0;})();\n`;
  // Deterministic pseudo-random entries: no two lines alike, so compression cannot hide the weight.
  const lines: string[] = [];
  let size = head.length + tail.length;
  let seed = 0x2545f491;
  while (size < bytes) {
    let s = '';
    for (let i = 0; i < 12; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      s += seed.toString(36).padStart(7, '0');
    }
    const line = `"${s}",\n`;
    lines.push(line);
    size += line.length;
  }
  return head + lines.join('') + tail;
}
