import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.ts';
import { EVENT_TYPES, EVENTS, learningEvent, OPTIONS } from './events.test-helper.ts';
import { toXapiStatements, xapiExportDocument } from './export.ts';
import { XapiStatementResultSchema } from './statement-schema.ts';
import { toXapiStatement } from './to-statement.ts';

const all = EVENT_TYPES.map((type) => EVENTS[type]);

describe('toXapiStatements', () => {
  it('maps events in order, one statement each', () => {
    expect(toXapiStatements(all, OPTIONS)).toEqual(all.map((event) => toXapiStatement(event, OPTIONS)));
    expect(toXapiStatements([], OPTIONS)).toEqual([]);
  });

  it('drops repeated events, since an LRS refuses a batch with two statements of one id', () => {
    const statements = toXapiStatements([EVENTS.viewed, EVENTS.passed, EVENTS.viewed], OPTIONS);
    expect(statements.map((s) => s.id)).toEqual([toXapiStatement(EVENTS.viewed, OPTIONS).id, toXapiStatement(EVENTS.passed, OPTIONS).id]);
  });

  it('refuses the whole batch when one event cannot be exported', () => {
    expect(() => toXapiStatements([EVENTS.viewed, { ...EVENTS.passed, quizId: undefined }], OPTIONS)).toThrow(Invalid);
  });

  it('gives a batch of unique, valid statements for any events', () => {
    fc.assert(
      fc.property(fc.array(learningEvent, { maxLength: 20 }), (events) => {
        const statements = toXapiStatements(events, OPTIONS);
        expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
        expect(statements).toHaveLength(new Set(events.map((e) => e.id)).size);
        expect(XapiStatementResultSchema.safeParse({ statements }).error?.issues).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

describe('xapiExportDocument', () => {
  it('answers like an LRS GET /statements: the statements and an empty more on the last page', () => {
    const document = xapiExportDocument(all, OPTIONS);
    expect(document).toEqual({ statements: toXapiStatements(all, OPTIONS), more: '' });
    expect(XapiStatementResultSchema.safeParse(document).error?.issues).toBeUndefined();
  });

  it('carries the link to the next page', () => {
    const more = '/api/v1/me/events/xapi?after=evt-hint&limit=8';
    expect(xapiExportDocument(all, OPTIONS, more).more).toBe(more);
  });

  it('refuses a next-page link with a scheme or host', () => {
    expect(() => xapiExportDocument(all, OPTIONS, 'https://coursecompanion.example/api/v1/me/events/xapi')).toThrow(Invalid);
    expect(() => xapiExportDocument(all, OPTIONS, 'api/v1/me/events/xapi')).toThrow(Invalid);
  });
});
