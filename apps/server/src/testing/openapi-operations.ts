// The routes of the OpenAPI document (exactly as the server serves it) as data, for tests that
// must cover every documented route, including routes added later. Plus a raw HTTP call that
// keeps status, headers and text, and a JSON walker.
import { renderOpenApi } from '../contracts.ts';

export type JsonSchema = { [key: string]: unknown };

export interface OperationParam {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `METHOD /api/v1/path/{param}`, as a stable name for the route. */
  key: string;
  method: string;
  /** The path template with the /api/v1 prefix, e.g. `/api/v1/me/attempts/{attemptId}`. */
  path: string;
  params: OperationParam[];
  /** The JSON request body schema ($ref resolved), when the route takes one. */
  body?: JsonSchema;
  /** True when the route needs a bearer token (no anonymous alternative). */
  requiresAuth: boolean;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: OperationParam[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; security?: Record<string, string[]>[] }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export const openApiDoc = (): OpenApiDoc => JSON.parse(renderOpenApi()) as OpenApiDoc;

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function resolveSchema(doc: OpenApiDoc, schema: JsonSchema): JsonSchema {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return resolveSchema(doc, target);
}

export function documentedOperations(doc: OpenApiDoc = openApiDoc()): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const security = op.security ?? [];
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          params: (op.parameters ?? []).map((p) => ({ ...p, required: p.required ?? false })),
          ...(schema && { body: resolveSchema(doc, schema) }),
          requiresAuth: security.length > 0 && security.every((s) => Object.keys(s).length > 0),
        };
      }),
  );
}

/** Every property name anywhere in a schema (through $refs, items, unions and nested objects). */
export function schemaPropertyNames(doc: OpenApiDoc, schema: JsonSchema, seen = new Set<JsonSchema>()): string[] {
  const resolved = resolveSchema(doc, schema);
  if (seen.has(resolved)) return [];
  seen.add(resolved);
  const names: string[] = [];
  const properties = resolved['properties'] as Record<string, JsonSchema> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) names.push(name, ...schemaPropertyNames(doc, child, seen));
  for (const key of ['items', 'additionalProperties', 'not']) {
    const child = resolved[key];
    if (child && typeof child === 'object') names.push(...schemaPropertyNames(doc, child as JsonSchema, seen));
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    for (const child of (resolved[key] as JsonSchema[] | undefined) ?? []) names.push(...schemaPropertyNames(doc, child, seen));
  }
  return names;
}

export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return encodeURIComponent(value);
  });
}

/** Every combination of one value per key (an empty pool gives no combination). */
export function combinations(pools: Record<string, readonly string[]>): Record<string, string>[] {
  return Object.entries(pools).reduce<Record<string, string>[]>(
    (acc, [name, values]) => acc.flatMap((partial) => values.map((value) => ({ ...partial, [name]: value }))),
    [{}],
  );
}

export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export async function httpCall(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpReply> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
}

export type JsonPath = (string | number)[];

/** Visits every value of a JSON tree (objects, arrays and leaves), parents before children. */
export function walkJson(value: unknown, visit: (path: JsonPath, value: unknown) => void, path: JsonPath = []): void {
  visit(path, value);
  if (Array.isArray(value)) value.forEach((item, i) => walkJson(item, visit, [...path, i]));
  else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) walkJson(child, visit, [...path, key]);
}
