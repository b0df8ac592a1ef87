/**
 * A fault may carry a number: `fr:report-slow=5500` is `fr:report-slow` with its quantity set
 * to 5500 (here: ms). The detection matrix uses it for threshold-edge rows: one fault definition
 * sets a quantity just over a profile threshold (must be NO-GO) or just under it (must be GO).
 * Without a value a fault keeps its gross default (7 s reports, 15 % errors).
 */

/** `fr:report-slow=5500` -> `fr:report-slow`; a plain id is returned as is. */
export function plainFaultId(id: string): string {
  const at = id.indexOf('=');
  return at < 0 ? id : id.slice(0, at);
}

/** The value `id` carries in `ids` (`id=<number>`), if any. */
export function faultValue(ids: Iterable<string>, id: string): number | undefined {
  for (const entry of ids) {
    if (entry.startsWith(`${id}=`)) {
      const value = Number(entry.slice(id.length + 1));
      if (Number.isFinite(value)) return value;
    }
  }
  return undefined;
}

/** The set an app sees: every valued id also under its plain id, so `has('fr:report-slow')` holds. */
export function withPlainIds(ids: Iterable<string>): Set<string> {
  const all = new Set<string>();
  for (const id of ids) all.add(id).add(plainFaultId(id));
  return all;
}
