// Forgiving text matching for look-ups typed by learners (or pasted from an error message):
// case, accents, punctuation, simple plurals and small typos do not matter.

/** Lower case, accents and punctuation removed, whitespace collapsed. */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A word without a trailing plural `s` (tokens -> token, but not "loss" -> "los"). */
const singular = (word: string) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);

export const words = (text: string): string[] => normalise(text).split(' ').filter(Boolean).map(singular);

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `max + 1`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/**
 * How well a typed query names `candidate` (a term or alias), from 0 to 1: 1 for the same words,
 * 0.9 for the same words bar small typos, 0.75 when one contains the other as whole words,
 * else the share of words that match (typos allowed).
 */
export function nameScore(query: string, candidate: string): number {
  const q = words(query).join(' ');
  const c = words(candidate).join(' ');
  if (!q || !c) return 0;
  if (q === c) return 1;
  const allowed = c.length <= 4 ? 0 : c.length <= 8 ? 1 : 2;
  if (editDistance(q, c, allowed) <= allowed) return 0.9;
  if (` ${c} `.includes(` ${q} `) || ` ${q} `.includes(` ${c} `)) return 0.75;
  const qs = q.split(' ');
  const cs = c.split(' ');
  const close = (a: string, b: string) => a === b || (b.length > 4 && editDistance(a, b, 1) <= 1);
  const shared = qs.filter((w) => cs.some((x) => close(w, x))).length;
  return (0.7 * shared) / Math.max(qs.length, cs.length);
}

const STOP = new Set(['the', 'a', 'an', 'is', 'are', 'of', 'to', 'in', 'on', 'and', 'or', 'for', 'it', 'my', 'with', 'this', 'that', 'be', 'was', 'i', 'when', 'at', 'by', 'not', 'but', 'as', 'from']);

/** Content words of a text (for matching a pasted error message against a catalogue entry). */
export const contentWords = (text: string) => new Set(words(text).filter((w) => !STOP.has(w) && w.length > 1));

/** Share of the query's content words found in `fields` (weighted, best field first), 0 to 1. */
export function overlapScore(query: Set<string>, fields: { words: Set<string>; weight: number }[]): number {
  if (query.size === 0) return 0;
  let total = 0;
  for (const w of query) {
    let best = 0;
    for (const f of fields) if (f.weight > best && f.words.has(w)) best = f.weight;
    total += best;
  }
  return total / query.size;
}
