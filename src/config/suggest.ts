// Typo suggestions: the closest known name by edit distance.

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// Case, "-" and "_" rarely matter to the reader: compare without them.
const fold = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/** The known name closest to `name`, if close enough to be a plausible typo. */
export function suggestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.ceil(fold(name).length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(fold(name), fold(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
