import type { Course, Step, StepSection } from '@cc/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { PgSearchIndex } from './search-index.ts';
import { createScratchPostgresDatabase, testDatabases, testDatabaseUrl } from './testing.ts';

function section(heading: string, markdown: string): StepSection {
  const anchor = heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { anchor, heading, depth: 2, markdown };
}

function step(chapterId: string, id: string, title: string, sections: StepSection[]): Step {
  return {
    id,
    chapterId,
    title,
    kind: 'lesson',
    minutes: 5,
    level: 'core',
    audience: 'all',
    concepts: [],
    markdown: sections.map((s) => `## ${s.heading}\n\n${s.markdown}`).join('\n\n'),
    sections,
    blocks: [],
    wordCount: 0,
    path: `chapters/${chapterId}/${id}.md`,
  };
}

function course(id: string, version: string, steps: Step[]): Course {
  const chapterIds = [...new Set(steps.map((s) => s.chapterId))];
  return {
    id,
    version,
    authorVersion: '1.0.0',
    title: `Course ${id}`,
    summary: '',
    language: 'en',
    authors: [],
    tags: [],
    defaultPassScore: 70,
    chapters: chapterIds.map((chapterId) => ({
      id: chapterId,
      title: chapterId,
      access: 'free',
      objectives: [],
      prerequisites: [],
      stepIds: steps.filter((s) => s.chapterId === chapterId).map((s) => s.id),
    })),
    steps,
    quizzes: {},
    glossary: [],
    catalogue: [],
  };
}

const llmCourse = course('llm', 'v1', [
  step('basics', 'what-is-an-llm', 'What is a large language model?', [
    section(
      'Tokens and prediction',
      'A model reads **tokens** and predicts the next one. See [the tokenizer demo](https://example.com/tok "demo").',
    ),
    section(
      'Temperature',
      [
        'Sampling picks one token from the distribution.',
        '',
        ':::advanced Deep dive: the softmax',
        'The softmax turns logits into probabilities; a higher *temperature* flattens it.',
        ':::',
        '',
        '```python',
        'probs = softmax(logits / temperature)',
        '```',
      ].join('\n'),
    ),
  ]),
  step('basics', 'prompting', 'Prompting basics', [
    section('Writing a prompt', 'Be specific. Give examples of the output you want, and state the temperature you expect.'),
    section('Check yourself', 'Which words did the model see as tokens?'),
  ]),
  step('advanced', 'embeddings', 'Embeddings', [
    section('Vectors', 'An embedding maps text to a vector; similar texts get nearby vectors. Zürich → Zurich: ünïcödé 😀 stays.'),
  ]),
]);

const otherCourse = course('python', 'p1', [
  step('intro', 'variables', 'Variables', [section('Assignment', 'A variable names a value. Tokens in Python source are not LLM tokens.')]),
]);

function highlighted(hit: { snippet: string; highlights: [number, number][] }): string[] {
  return hit.highlights.map(([start, end]) => hit.snippet.slice(start, end));
}

async function indexedAt(database: Database, courseId: string): Promise<Date | undefined> {
  const row = await database.db
    .selectFrom('course_index')
    .select('indexed_at')
    .where('course_id', '=', courseId)
    .executeTakeFirst();
  return row?.indexed_at;
}

async function sectionCount(database: Database, courseId: string): Promise<number> {
  const rows = await database.db.selectFrom('search_section').select('position').where('course_id', '=', courseId).execute();
  return rows.length;
}

describe.each(testDatabases())('PgSearchIndex on $name', ({ open }) => {
  let database: Database;
  let index: PgSearchIndex;
  beforeEach(async () => {
    database = await open();
    index = new PgSearchIndex(database.db);
    await index.ensureIndexed(llmCourse);
    await index.ensureIndexed(otherCourse);
  });
  afterEach(() => database.close());

  it('indexes one row per section with Markdown reduced to plain text', async () => {
    expect(await sectionCount(database, 'llm')).toBe(5);
    const row = await database.db
      .selectFrom('search_section')
      .select(['position', 'step_id', 'anchor', 'body'])
      .where('course_id', '=', 'llm')
      .where('anchor', '=', 'temperature')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      position: 1,
      step_id: 'what-is-an-llm',
      anchor: 'temperature',
      body:
        'Sampling picks one token from the distribution.\n\n' +
        'Deep dive: the softmax\n' +
        'The softmax turns logits into probabilities; a higher temperature flattens it.\n\n' +
        'probs = softmax(logits / temperature)',
    });
  });

  it('returns ranked hits with citations, heading matches first', async () => {
    const hits = await index.search('temperature', { courseId: 'llm', limit: 10 });
    expect(hits.map((h) => [h.stepId, h.anchor])).toEqual([
      ['what-is-an-llm', 'temperature'],
      ['prompting', 'writing-a-prompt'],
    ]);
    expect(hits[0]).toMatchObject({
      courseId: 'llm',
      chapterId: 'basics',
      stepId: 'what-is-an-llm',
      stepTitle: 'What is a large language model?',
      anchor: 'temperature',
      heading: 'Temperature',
    });
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
  });

  it('highlights the matched words inside the plain-text snippet', async () => {
    const [hit] = await index.search('tokenizer demo', { courseId: 'llm', limit: 1 });
    expect(hit?.anchor).toBe('tokens-and-prediction');
    expect(hit?.snippet).toContain('reads tokens and predicts the next one. See the tokenizer demo');
    expect(hit?.snippet).not.toMatch(/[*[\]()\u0002\u0003]|https?:/);
    // English stemming: "tokenizer" and "tokens" both reduce to "token".
    expect(highlighted(hit!)).toEqual(['tokens', 'tokenizer', 'demo']);

    const [stemmed] = await index.search('predicting', { courseId: 'llm', limit: 1 });
    expect(highlighted(stemmed!)).toEqual(['predicts']);
  });

  it('keeps text in angle brackets (a prompt\'s <file> delimiter, a <EMAIL_1> placeholder) in snippets', async () => {
    const delimiters = course('delims', 'd1', [
      step('intro', 'delimiters', 'Delimiters', [
        section('Wrapping documents', 'Wrap each document in <file> tags and replace addresses with `<EMAIL_1>` before sending the delimiters.'),
      ]),
    ]);
    await index.ensureIndexed(delimiters);
    const [hit] = await index.search('wrap document', { courseId: 'delims', limit: 5 });
    expect(hit?.snippet).toContain('Wrap each document in <file> tags and replace addresses with <EMAIL_1>');
    expect(highlighted(hit!)).toEqual(['Wrap', 'document']);
  });

  it('measures highlight offsets in UTF-16 code units', async () => {
    const [hit] = await index.search('vectors', { limit: 5 });
    expect(hit?.snippet).toContain('😀');
    expect(highlighted(hit!)).toEqual(['vector', 'vectors']);
    const [after] = await index.search('stays', { limit: 5 });
    expect(highlighted(after!)).toEqual(['stays']);
  });

  it('searches every course unless filtered by courseId', async () => {
    const all = await index.search('tokens', { limit: 10 });
    expect(new Set(all.map((h) => h.courseId))).toEqual(new Set(['llm', 'python']));
    const python = await index.search('tokens', { courseId: 'python', limit: 10 });
    expect(python.map((h) => [h.courseId, h.stepId])).toEqual([['python', 'variables']]);
    expect(await index.search('tokens', { courseId: 'missing', limit: 10 })).toEqual([]);
  });

  it('orders equal ranks by reading position and honours the limit', async () => {
    const same = course('same', 's1', [
      step('c', 'one', 'One', [section('Alpha', 'zebra'), section('Beta', 'zebra')]),
      step('c', 'two', 'Two', [section('Gamma', 'zebra')]),
    ]);
    await index.ensureIndexed(same);
    const hits = await index.search('zebra', { courseId: 'same', limit: 10 });
    expect(hits.map((h) => h.anchor)).toEqual(['alpha', 'beta', 'gamma']);
    expect((await index.search('zebra', { courseId: 'same', limit: 2 })).map((h) => h.anchor)).toEqual(['alpha', 'beta']);
  });

  it('returns nothing for queries without searchable terms', async () => {
    for (const query of ['', '   ', 'the and of', '&|!:*()', '"', '-', 'or']) {
      expect(await index.search(query, { limit: 10 })).toEqual([]);
    }
    expect(await index.search('tokens', { limit: 0 })).toEqual([]);
  });

  it('replaces the old rows when a new version is indexed', async () => {
    expect(await index.search('softmax', { courseId: 'llm', limit: 5 })).not.toEqual([]);
    const v2 = course('llm', 'v2', [step('basics', 'attention', 'Attention', [section('Heads', 'Each attention head mixes values.')])]);
    await index.ensureIndexed(v2);
    expect(await index.search('softmax', { courseId: 'llm', limit: 5 })).toEqual([]);
    expect((await index.search('attention', { courseId: 'llm', limit: 5 })).map((h) => h.stepId)).toEqual(['attention']);
    expect(await sectionCount(database, 'llm')).toBe(1);
    expect(await sectionCount(database, 'python')).toBe(1);
  });

  it('never serves cached results of an older version, on this replica or another one', async () => {
    const replica = new PgSearchIndex(database.db, { recheckMs: 50 });
    await replica.ensureIndexed(llmCourse);
    expect(await replica.search('softmax', { courseId: 'llm', limit: 5 })).not.toEqual([]);
    expect(await replica.search('softmax', { limit: 5 })).not.toEqual([]);
    const v2 = course('llm', 'v2', [step('basics', 'attention', 'Attention', [section('Heads', 'Each attention head mixes values.')])]);
    await index.ensureIndexed(v2);
    // The other replica serves v2 once its catalog has it (and its index check has expired).
    await new Promise((resolve) => setTimeout(resolve, 60));
    await replica.ensureIndexed(v2);
    expect(await replica.search('softmax', { courseId: 'llm', limit: 5 })).toEqual([]);
    expect(await replica.search('softmax', { limit: 5 })).toEqual([]);
    expect((await replica.search('attention', { courseId: 'llm', limit: 5 })).map((h) => h.stepId)).toEqual(['attention']);
  });

  it('does nothing when the same version is already indexed', async () => {
    const before = await indexedAt(database, 'llm');
    expect(before).toBeInstanceOf(Date);
    // Same version, different content: proves nothing was rewritten.
    await index.ensureIndexed({ ...llmCourse, steps: [] });
    expect(await indexedAt(database, 'llm')).toEqual(before);
    expect(await sectionCount(database, 'llm')).toBe(5);
  });

  it('never throws on hostile queries and returns at most `limit` hits', async () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'&|!:*()"\'<>-\\\0\u0002\u0003 ', '\ud800', '\udfff', 'a'), maxLength: 40 }),
      fc.array(fc.constantFrom('tokens', 'temperature', 'or', 'the', '-vector', '"softmax', '&', '😀', 'Zürich'), { maxLength: 8 }).map((w) => w.join(' ')),
      fc.constant('x'.repeat(1000)),
      fc.constant('token '.repeat(400)),
    );
    await fc.assert(
      fc.asyncProperty(hostile, fc.integer({ min: 1, max: 5 }), fc.option(fc.constantFrom('llm', 'python'), { nil: undefined }), async (query, limit, courseId) => {
        const hits = await index.search(query, courseId === undefined ? { limit } : { courseId, limit });
        expect(hits.length).toBeLessThanOrEqual(limit);
        for (const hit of hits) {
          if (courseId !== undefined) expect(hit.courseId).toBe(courseId);
          for (const [start, end] of hit.highlights) {
            expect(0 <= start && start < end && end <= hit.snippet.length).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe.runIf(testDatabaseUrl())('PgSearchIndex on postgres, several replicas', () => {
  it('leaves exactly one copy when replicas index the same course at once', async () => {
    const scratch = await createScratchPostgresDatabase(testDatabaseUrl() ?? '');
    const replicas = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: scratch.url, poolSize: 2 })));
    const [first] = replicas;
    try {
      await migrateToLatest(first!.db);
      const indexes = replicas.map((r) => new PgSearchIndex(r.db));
      await Promise.all(indexes.map((index) => index.ensureIndexed(llmCourse)));
      expect(await sectionCount(first!, 'llm')).toBe(5);
      const v2 = { ...llmCourse, version: 'v2' };
      await Promise.all(indexes.map((index) => index.ensureIndexed(v2)));
      expect(await sectionCount(first!, 'llm')).toBe(5);
      const rows = await first!.db.selectFrom('course_index').selectAll().execute();
      expect(rows.map((r) => [r.course_id, r.version])).toEqual([['llm', 'v2']]);
      expect(await indexes[1]!.search('temperature', { courseId: 'llm', limit: 10 })).toHaveLength(2);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await scratch.drop();
    }
  });
});

describe.each(testDatabases())('PgSearchIndex: glossary and errors/misconceptions on $name', ({ open }) => {
  let database: Database;
  let index: PgSearchIndex;
  const withReference = (version: string, definition: string): Course => ({
    ...llmCourse,
    version,
    glossary: [
      { id: 'temperature', term: 'Temperature', aliases: ['sampling temperature'], definition, stepIds: ['what-is-an-llm'], seeAlso: [] },
      { id: 'embedding', term: 'Embedding', aliases: ['vector representation'], definition: 'A list of numbers that stands for a text.', stepIds: ['embeddings'], seeAlso: [] },
    ],
    catalogue: [
      {
        id: 'context-length-exceeded',
        kind: 'error',
        title: "This model's maximum context length is N tokens",
        symptom: 'The API answers 400 saying the context length was exceeded.',
        meaning: 'The prompt plus the answer is longer than the **context window**.',
        fix: 'Count tokens before sending; trim or summarise the history.',
        stepIds: ['what-is-an-llm'],
        tags: ['api'],
      },
    ],
  });
  beforeEach(async () => {
    database = await open();
    index = new PgSearchIndex(database.db);
  });
  afterEach(() => database.close());

  it('indexes each term and entry with the sections, and finds them by title, alias, symptom and text', async () => {
    await index.ensureIndexed(withReference('r1', 'How **random** the sampling is; higher is more varied.'));
    const byAlias = await index.searchReference('vector representation', { courseId: 'llm', limit: 5 });
    expect(byAlias.map((h) => [h.kind, h.entryId])).toEqual([['term', 'embedding']]);
    const [error] = await index.searchReference('context length exceeded', { limit: 5 });
    expect(error).toMatchObject({ courseId: 'llm', kind: 'mistake', entryId: 'context-length-exceeded', title: "This model's maximum context length is N tokens" });
    // The snippet is plain text (Markdown stripped) with the matches highlighted.
    const [term] = await index.searchReference('random sampling', { courseId: 'llm', limit: 5 });
    expect(term).toMatchObject({ kind: 'term', entryId: 'temperature' });
    expect(term!.snippet).toContain('random the sampling is');
    expect(term!.snippet).not.toContain('*');
    expect(highlighted(term!)).toEqual(['random', 'sampling']);
    expect(await index.searchReference('random', { courseId: 'python', limit: 5 })).toEqual([]);
    expect(await index.searchReference('!!!', { limit: 5 })).toEqual([]);
  });

  it('an exact glossary term (or alias) match ranks first, above a mistake that says the term more often', async () => {
    const base = withReference('r1', 'How random the sampling is.');
    await index.ensureIndexed({
      ...base,
      glossary: [
        ...base.glossary,
        { id: 'context-window', term: 'Context window', aliases: ['context size'], definition: 'The most tokens a model considers at once.', stepIds: ['what-is-an-llm'], seeAlso: [] },
      ],
      catalogue: [
        ...base.catalogue,
        {
          id: 'context-window-overflow',
          kind: 'error',
          title: 'Context window exceeded: the context window is full',
          symptom: 'The context window overflows; the context window error names the context window size.',
          meaning: 'The **context window** holds the prompt and the answer; past the context window, the model refuses.',
          fix: 'Keep the context window in mind: trim the history to fit the context window.',
          stepIds: ['what-is-an-llm'],
          tags: ['context window'],
        },
      ],
    });
    // Full-text rank alone puts the mistake first (it says the words far more often) ...
    const hits = await index.searchReference('context window', { courseId: 'llm', limit: 5 });
    expect(hits.map((h) => h.entryId)).toEqual(['context-window', 'context-window-overflow', 'context-length-exceeded']);
    // ... the exact term wins however it is typed, and survives the limit.
    expect((await index.searchReference('  Context WINDOW ', { limit: 1 })).map((h) => h.entryId)).toEqual(['context-window']);
    expect((await index.searchReference('context size', { limit: 1 })).map((h) => h.entryId)).toEqual(['context-window']);
    // Not an exact match: ordinary ranking.
    expect((await index.searchReference('context window full', { courseId: 'llm', limit: 5 }))[0]?.entryId).toBe('context-window-overflow');
  });

  it('a new version of the course replaces its entries', async () => {
    await index.ensureIndexed(withReference('r1', 'How random the sampling is.'));
    await index.ensureIndexed(withReference('r2', 'How adventurous the choice of the next token is.'));
    expect(await index.searchReference('random', { courseId: 'llm', limit: 5 })).toEqual([]);
    expect((await index.searchReference('adventurous', { courseId: 'llm', limit: 5 })).map((h) => h.entryId)).toEqual(['temperature']);
    await index.ensureIndexed(llmCourse); // no glossary, no catalogue
    expect(await index.searchReference('adventurous', { limit: 5 })).toEqual([]);
  });
});
