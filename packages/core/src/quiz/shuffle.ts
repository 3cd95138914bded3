// Deterministic shuffling: the same seed always gives the same order (reloading an attempt
// shows the same quiz), another seed almost always another one.
import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { presentationDigest, type PresentationKey } from './presented-ids.ts';
import { skipN } from 'pure-rand/utils/skipN';

/**
 * A keyed seed for one shuffle: HMAC of learner, attempt, quiz and scope (what is shuffled: the
 * questions, a question's options...) with the server secret, so that nobody can recompute an
 * order and read the authored order (often the key) back from it.
 */
export function shuffleSeed(key: PresentationKey, quizId: string, scope: string): string {
  return presentationDigest(key, quizId, 'shuffle', scope);
}

function generatorFor(seed: string): RandomGenerator {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  const hi = digest.readInt32BE(0);
  const lo = digest.readInt32BE(4);
  // The 64 seed bits fill one half of the 128-bit state; the other half is the same bits
  // xor-ed with constants, so the state is never all zero. The first outputs of xoroshiro
  // follow the state closely, hence the warm-up.
  const rng = xoroshiro128plusFromState([hi, lo, lo ^ 0x9e3779b9, hi ^ 0x7f4a7c15]);
  skipN(rng, 16);
  return rng;
}

/** A new array with the items in a seeded Fisher-Yates order. */
export function seededOrder<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const rng = generatorFor(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
