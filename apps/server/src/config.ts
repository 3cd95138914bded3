// Every environment variable the server reads, parsed once at start.
// The README's configuration table mirrors this file.
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const ConfigSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./.data'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  CONTENT_DIR: optionalString,
  CONTENT_REFRESH_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  CONTENT_S3_BUCKET: optionalString,
  CONTENT_S3_ENDPOINT: optionalString,
  CONTENT_S3_REGION: optionalString,
  CONTENT_S3_ACCESS_KEY_ID: optionalString,
  CONTENT_S3_SECRET_ACCESS_KEY: optionalString,
  CONTENT_S3_PREFIX: optionalString,
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** The web app's build folder (default: apps/web/dist of this repo). */
  WEB_DIR: optionalString,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(600).default(15),
  NODE_ENV: optionalString,
  /** Signs cookies and encrypts Better Auth's keys; required in production (>= 32 characters). */
  AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** Accept MCP access tokens from this external OIDC issuer instead of the built-in one. */
  AUTH_ISSUER_URL: optionalString.pipe(z.url().optional()),
  /** That issuer's JWKS (default: discovered from its metadata, else `<issuer>/.well-known/jwks.json`). */
  AUTH_JWKS_URL: optionalString.pipe(z.url().optional()),
  /** The audience external tokens carry (default: `<PUBLIC_URL>/mcp`). */
  AUTH_AUDIENCE: optionalString,
  /** Folder of tutoring skills (skills/<name>/SKILL.md) served over MCP. */
  SKILLS_DIR: optionalString,
  /** Enables the operators' admin API (/api/admin) with this bearer credential (>= 32 characters). */
  ADMIN_TOKEN: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  /** Protects GET /metrics with `Authorization: Bearer <token>` (>= 16 characters); absent: /metrics is open. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Names this process in an `X-Replica` response header (for example the pod name); absent: no header. */
  REPLICA_ID: optionalString.pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-" (at most 64)').optional()),
  /** Where `pnpm learners` finds the running server's admin API (default: PUBLIC_URL, else http://HOST:PORT). */
  ADMIN_URL: optionalString.pipe(z.url().optional()),
});

export type Config = z.infer<typeof ConfigSchema> & { coursesDir: string; skillsDir: string; env: Record<string, string | undefined> };

export class ConfigError extends Error {}

/** The repo's courses/ folder: the default content when no bucket or CONTENT_DIR is set. */
export const repoCoursesDir = path.resolve(import.meta.dirname, '../../../courses');
/** The repo's skills/ folder: the tutoring skills served over MCP unless SKILLS_DIR is set. */
export const repoSkillsDir = path.resolve(import.meta.dirname, '../../../skills');

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.AUTH_SECRET) {
    throw new ConfigError('Invalid configuration:\n  AUTH_SECRET: required when NODE_ENV=production (at least 32 random characters)');
  }
  if (c.AUTH_JWKS_URL && !c.AUTH_ISSUER_URL) {
    throw new ConfigError('Invalid configuration:\n  AUTH_JWKS_URL: only used with AUTH_ISSUER_URL');
  }
  return {
    ...c,
    DATA_DIR: path.resolve(c.DATA_DIR),
    coursesDir: c.CONTENT_DIR ? path.resolve(c.CONTENT_DIR) : repoCoursesDir,
    skillsDir: c.SKILLS_DIR ? path.resolve(c.SKILLS_DIR) : repoSkillsDir,
    env,
  };
}
