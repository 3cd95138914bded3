import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { problem, ProblemSchema, zodIssues } from './problem.ts';

/** An OpenAPIHono whose validation failures answer 400 problem+json listing every issue. */
export function openApiRouter<E extends Env = Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problem(c, 400, `The request ${result.target} is not valid`, { issues: zodIssues(result.error) });
      }
      return undefined;
    },
  });
}

/** The body of an error response (RFC 9457), for the OpenAPI document. */
export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Error responses shared by every route, for the OpenAPI document. */
export const problemResponses = {
  400: { description: 'Malformed or invalid request', content: problemContent },
  404: { description: 'No such resource', content: problemContent },
  500: { description: 'Unexpected server error (logged; no details leak)', content: problemContent },
} as const;

/** A route for a signed-in learner: a guest bearer token, or a web session cookie (Better Auth; unsafe methods also need a same-origin Origin). */
export const learnerSecurity: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];
/** A route that also serves anonymous callers (as free learners with no progress). */
export const optionalLearnerSecurity: Record<string, string[]>[] = [...learnerSecurity, {}];

/** The error responses of a route for a signed-in learner. */
export const authResponses = {
  ...problemResponses,
  401: { description: 'Missing, malformed or expired credentials', content: problemContent },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug (a-z, 0-9, single hyphens)');

type Openapi = { openapi(this: z.ZodType, refId: string): z.ZodType };

/**
 * Names a schema as an OpenAPI component. Schemas defined in @cc/core may be created before
 * @hono/zod-openapi extends zod (zod 4 copies methods onto instances when they are created), so
 * this calls the extension through the prototype instead of `schema.openapi(...)`.
 */
export const named = <S extends z.ZodType>(schema: S, refId: string): S =>
  (z.ZodType.prototype as unknown as Openapi).openapi.call(schema, refId) as S;
