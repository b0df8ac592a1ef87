/**
 * "Did you mean ...": the closest valid name to a mistyped one, so a config error names the
 * key that fixes it instead of only the one that is wrong.
 */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * The candidate nearest to `name` (case-insensitive), or undefined when none is plausibly a
 * typo of it (more than ~half the letters differ): a wild guess misleads more than no guess.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  // A candidate that contains the name (or is contained in it) beats a merely short distance.
  const lower = name.toLowerCase();
  const containing = candidates.filter((c) => c.toLowerCase().includes(lower) || lower.includes(c.toLowerCase()));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of containing.length ? containing : candidates) {
    const d = levenshtein(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best === undefined) return undefined;
  const contains = best.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(best.toLowerCase());
  return contains || bestDistance <= Math.max(2, Math.floor(Math.max(name.length, best.length) / 2)) ? best : undefined;
}

/** " (did you mean `x`?)" or "", for messages. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const c = closest(name, candidates);
  return c ? `did you mean \`${c}\`? ` : '';
}
