import type { z } from 'zod';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fields of `raw` that are valid on their own (defaults applied), so cross-file checks can still
 * run on a file with schema errors without repeating or cascading them.
 */
export function salvageObject<S extends z.ZodObject>(schema: S, raw: unknown): Partial<z.output<S>> {
  const result: Record<string, unknown> = {};
  if (!isRecord(raw)) return result as Partial<z.output<S>>;
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const parsed = field.safeParse(raw[key]);
    if (parsed.success && parsed.data !== undefined) result[key] = parsed.data;
  }
  return result as Partial<z.output<S>>;
}

/** The elements of a raw list (or an empty list when it is not one). */
export function rawItems(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [];
}

/** Raw value of `key` when `raw` is a mapping. */
export function rawField(raw: unknown, key: string): unknown {
  return isRecord(raw) ? raw[key] : undefined;
}
