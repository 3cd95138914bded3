// Core's domain errors as MCP tool errors: an `isError` result whose text says what went wrong and
// what to do, with the details as structured content. Never a JSON-RPC internal error, never a stack.
import type { CallToolResult } from '@modelcontextprotocol/server';
import { isDomainError, type DomainError } from '@cc/core';

export function toolError(text: string, details: Record<string, unknown> = {}, meta?: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }], structuredContent: { error: details }, ...(meta && { _meta: meta }) };
}

function describe(e: DomainError): { text: string; details: Record<string, unknown> } {
  const base = { kind: e.kind, message: e.message };
  switch (e.kind) {
    case 'not_found': {
      const where = 'resource' in e && e.resource === 'plan' ? 'list_plans gives the valid ones' : 'list_courses and get_course_outline give the valid ones';
      return { text: `${e.message}. Check the id (${where}).`, details: base };
    }
    case 'invalid': {
      const issues = 'issues' in e ? (e.issues as { path: string; message: string }[]) : [];
      const list = issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
      return { text: list ? `${e.message}: ${list}` : e.message, details: { ...base, issues } };
    }
    case 'locked': {
      const requirements = 'requirements' in e ? e.requirements : [];
      return { text: `${e.message}. It opens once the listed requirements are met.`, details: { ...base, requirements } };
    }
    case 'payment_required': {
      const tier = 'requiredTier' in e ? e.requiredTier : undefined;
      return { text: `${e.message}${tier ? ` (needs the ${tier} tier; the learner can upgrade to use it)` : ''}.`, details: { ...base, requiredTier: tier } };
    }
    case 'unavailable': {
      const temporary = 'temporary' in e ? e.temporary !== false : true;
      return {
        text: temporary ? `${e.message}. Try again in a moment.` : `${e.message}. It is not offered here; carry on without it.`,
        details: { ...base, temporary },
      };
    }
    case 'rate_limited': {
      const retryAfterSeconds = 'retryAfterSeconds' in e ? e.retryAfterSeconds : undefined;
      return { text: `${e.message}${retryAfterSeconds ? ` (retry after ${retryAfterSeconds} s)` : ''}.`, details: { ...base, retryAfterSeconds } };
    }
    default:
      return { text: e.message, details: base };
  }
}

/** The tool error for a failure; unexpected failures are reported to `log` and answered generically. */
export function errorResult(e: unknown, log: (error: unknown) => void): CallToolResult {
  if (isDomainError(e)) {
    const { text, details } = describe(e);
    return toolError(text, details);
  }
  log(e);
  return toolError('Course Companion could not complete this request because of an internal problem. Try again later.', { kind: 'internal' });
}
