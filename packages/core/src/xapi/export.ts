// Many events -> statements, and the same as a Statement Result document (Data 2.5).
import { Invalid } from '../errors.ts';
import type { LearningEvent } from '../learner/events.ts';
import { XapiStatementResultSchema, type XapiStatement } from './statement-schema.ts';
import { xapiStatementBuilder, type XapiExportOptions } from './to-statement.ts';

/**
 * Statements for the events, in order. An event seen twice (same id) gives one statement: an LRS
 * rejects a batch holding two statements with the same id (Communication 2.1.2.s2.b6).
 */
export function toXapiStatements(events: readonly LearningEvent[], options: XapiExportOptions): XapiStatement[] {
  const build = xapiStatementBuilder(options);
  const seen = new Set<string>();
  const unique = events.filter((event) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
  return unique.map(build);
}

export interface XapiExportDocument {
  statements: XapiStatement[];
  /** Where the next page is: a path and query without scheme, host or port; empty on the last page. */
  more: string;
}

/** An LRS-style GET /statements answer for one page of events. `more` is the next page's relative IRL, if any. */
export function xapiExportDocument(events: readonly LearningEvent[], options: XapiExportOptions, more = ''): XapiExportDocument {
  if (!XapiStatementResultSchema.shape.more.safeParse(more).success) {
    throw new Invalid('the next-page link is not a relative IRL', [{ path: 'more', message: 'must be a path (and query), or empty' }]);
  }
  return { statements: toXapiStatements(events, options), more };
}
