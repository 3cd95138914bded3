// How likely a count of "hits" is by chance, when each question i is a hit with probability p_i
// (a Poisson binomial distribution). The author lints compare a cue's observed hits with this.

/** P(X >= observed) for X the number of hits among independent trials with probabilities `p`. */
export function tailProbability(p: readonly number[], observed: number): number {
  if (observed <= 0) return 1;
  // dist[k] = P(exactly k hits so far)
  let dist = [1];
  for (const pi of p) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((value, k) => {
      next[k] = (next[k] ?? 0) + value * (1 - pi);
      next[k + 1] = (next[k + 1] ?? 0) + value * pi;
    });
    dist = next;
  }
  let tail = 0;
  for (let k = observed; k < dist.length; k++) tail += dist[k] ?? 0;
  return Math.min(1, tail);
}

/** One guessing cue measured over a course: how often it gives the key, against chance. */
export interface CueFigure {
  /** Questions the cue applies to. */
  questions: number;
  /** Questions where following the cue gives the key. */
  hits: number;
  /** Hits expected by chance (sum of the per-question probabilities). */
  expected: number;
  /** P(at least `hits` by chance). */
  pValue: number;
}

export function cueFigure(trials: readonly { hit: boolean; chance: number }[]): CueFigure {
  const p = trials.map((trial) => trial.chance);
  const hits = trials.filter((trial) => trial.hit).length;
  return {
    questions: trials.length,
    hits,
    expected: p.reduce((sum, value) => sum + value, 0),
    pValue: tailProbability(p, hits),
  };
}

/** Significance below which a cue is reported as beating chance. */
export const CUE_SIGNIFICANCE = 0.05;

/** A cue beats chance when it gives the key more often than expected, beyond what luck plausibly explains. */
export function beatsChance(figure: CueFigure): boolean {
  return figure.hits > figure.expected && figure.pValue < CUE_SIGNIFICANCE;
}
