import { z } from 'zod';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export const slugSchema = z
  .string()
  .max(64, { message: 'ids are at most 64 characters' })
  .regex(SLUG_PATTERN, { message: 'expected a lowercase slug (a-z, 0-9 and single hyphens)' });

/** Text that is not blank; kept verbatim (never trimmed). */
export const textSchema = z.string().regex(/\S/, { message: 'must not be empty' });

/** A percentage, 0-100 inclusive. */
export const percentSchema = z.number().min(0).max(100);

export const sha256Schema = z.string().regex(SHA256_PATTERN, { message: 'expected a lowercase SHA-256 hex digest' });

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && SLUG_PATTERN.test(value);
}
