// Text normalisation for short-text answers and text blanks (docs/learning-engine.md, "Quizzes").
import type { TextMatchRule } from '../course/model.ts';

export interface NormaliseOptions {
  caseSensitive: boolean;
  keepPunctuation: boolean;
}

const WHITESPACE_RUN = /\s+/gu;
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;
/** A run of punctuation or symbols with a word character (letter, mark, digit) on both sides. */
const JOINING_PUNCTUATION = /(?<=[\p{L}\p{M}\p{N}])[\p{P}\p{S}]+(?=[\p{L}\p{M}\p{N}])/gu;

/**
 * Unicode NFKC; lower-case unless case sensitive; unless punctuation is kept, punctuation or
 * symbols between two word characters become one space ("ground-truth", "context/window" ->
 * "ground truth") and any other punctuation or symbol is removed ("(TTFT)." -> "ttft"); then runs
 * of white space become one space, trimmed.
 */
export function normaliseText(text: string, { caseSensitive, keepPunctuation }: NormaliseOptions): string {
  let out = text.normalize('NFKC');
  if (!caseSensitive) out = out.toLowerCase();
  if (!keepPunctuation) out = out.replace(JOINING_PUNCTUATION, ' ').replace(PUNCTUATION_OR_SYMBOL, '');
  // NFKC again: lower-casing or removing a symbol can leave text that NFKC would change
  // (a combining mark now next to a letter it composes with), and normalising must be idempotent.
  return out.normalize('NFKC').replace(WHITESPACE_RUN, ' ').trim();
}

interface CompiledRule {
  accepted: ReadonlySet<string>;
  patterns: readonly RegExp[];
}

const compiled = new WeakMap<TextMatchRule, CompiledRule>();

function compile(rule: TextMatchRule): CompiledRule {
  let entry = compiled.get(rule);
  if (entry === undefined) {
    const flags = rule.caseSensitive ? 'u' : 'ui';
    const patterns: RegExp[] = [];
    for (const source of rule.patterns) {
      // The bundle loader already rejects invalid patterns; a stray one must not break grading.
      try {
        patterns.push(new RegExp(source, flags));
      } catch {
        continue;
      }
    }
    entry = { accepted: new Set(rule.accepted.map((a) => normaliseText(a, rule))), patterns };
    compiled.set(rule, entry);
  }
  return entry;
}

/** True when the learner's text equals a normalised accepted answer or a pattern matches it. */
export function matchesText(rule: TextMatchRule, text: string): boolean {
  const { accepted, patterns } = compile(rule);
  const normalised = normaliseText(text, rule);
  return accepted.has(normalised) || patterns.some((pattern) => pattern.test(normalised));
}
