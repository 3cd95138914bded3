/**
 * The feedback lines to show under a graded question. The API sends the feedback of every chosen
 * option, so two right options that both say "Correct." would read "Correct. Correct.": each
 * distinct line is shown once, in the order given.
 */
export function distinctFeedback(feedback: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of feedback) {
    const key = line.trim();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}
