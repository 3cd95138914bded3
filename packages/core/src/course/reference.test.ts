import { describe, expect, it } from 'vitest';
import { NotFound } from '../errors.ts';
import { catalogOf, tinyCourse } from './fixture.test-helper.ts';
import { editDistance, nameScore } from './fuzzy.ts';
import { getGlossaryTerm, getMistake, lookupGlossary, lookupMistakes } from './reference.ts';
import type { Course } from './model.ts';

function course(): Course {
  return {
    ...tinyCourse('ref'),
    glossary: [
      { id: 'token', term: 'Token', aliases: ['tokens', 'word piece'], definition: 'A unit of text.', stepIds: ['more', 'intro'], seeAlso: ['tokenizer', 'gone'] },
      { id: 'tokenizer', term: 'Tokenizer', aliases: ['tokeniser'], definition: 'Splits text into tokens.', stepIds: ['intro'], seeAlso: [] },
      { id: 'context-window', term: 'Context window', aliases: [], definition: 'How much a model reads at once.', stepIds: ['deeper'], seeAlso: [] },
      { id: 'lora', term: 'LoRA', aliases: ['low-rank adaptation'], definition: 'A fine-tuning method.', stepIds: [], seeAlso: [] },
    ],
    catalogue: [
      {
        id: 'context-length-exceeded',
        kind: 'error',
        title: "This model's maximum context length is N tokens",
        symptom: 'The API answers 400 saying the context length was exceeded.',
        meaning: 'The prompt plus the answer is longer than the context window.',
        fix: 'Trim the history.',
        stepIds: ['deeper'],
        tags: ['api', 'tokens'],
      },
      {
        id: 'tokens-are-words',
        kind: 'misconception',
        title: 'One word is one token',
        symptom: 'Token estimates are far too low for technical text.',
        meaning: 'Tokenizers split rare words into pieces.',
        fix: 'Count with the real tokenizer.',
        stepIds: ['intro'],
        tags: ['tokens'],
      },
    ],
  };
}
const deps = { catalog: catalogOf(course()) };

describe('fuzzy matching', () => {
  it('counts edits and transpositions', () => {
    expect(editDistance('tokenizer', 'tokenizer')).toBe(0);
    expect(editDistance('tokenizer', 'toknizer')).toBe(1);
    expect(editDistance('tokenizer', 'tokneizer')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
  it('scores names: exact, plural, accents and case, typo, whole-word containment, unrelated', () => {
    expect(nameScore('Context Window', 'context window')).toBe(1);
    expect(nameScore('context windows', 'context window')).toBe(1);
    expect(nameScore('Tökenizer', 'tokenizer')).toBe(1);
    expect(nameScore('contxt window', 'context window')).toBe(0.9);
    expect(nameScore('window', 'context window')).toBe(0.75);
    expect(nameScore('banana', 'context window')).toBe(0);
  });
});

describe('glossary', () => {
  it('lists every term alphabetically without a query', async () => {
    const list = await lookupGlossary(deps, 'ref');
    expect(list.query).toBeNull();
    expect(list.terms.map((t) => t.term)).toEqual(['Context window', 'LoRA', 'Token', 'Tokenizer']);
    expect(list.terms[0]).toMatchObject({ score: null, matchedOn: null });
  });
  it('finds a term by an alias, a typo, or its id, best first', async () => {
    expect((await lookupGlossary(deps, 'ref', 'tokeniser')).terms[0]).toMatchObject({ id: 'tokenizer', score: 1, matchedOn: 'tokeniser' });
    expect((await lookupGlossary(deps, 'ref', 'low rank adaptation')).terms[0]).toMatchObject({ id: 'lora', matchedOn: 'low-rank adaptation' });
    expect((await lookupGlossary(deps, 'ref', 'contxt windw')).terms[0]?.id).toBe('context-window');
    expect((await lookupGlossary(deps, 'ref', 'context-window')).terms[0]?.id).toBe('context-window');
  });
  it('answers an unrelated query with no terms, and an unknown course with NotFound', async () => {
    expect((await lookupGlossary(deps, 'ref', 'photosynthesis')).terms).toEqual([]);
    await expect(lookupGlossary(deps, 'nope', 'token')).rejects.toBeInstanceOf(NotFound);
  });
  it('gives an entry with its steps in reading order and the related terms that exist', async () => {
    const entry = await getGlossaryTerm(deps, 'ref', 'token');
    expect(entry.steps.map((s) => s.id)).toEqual(['intro', 'more']);
    expect(entry.steps[0]).toEqual({ id: 'intro', chapterId: 'basics', title: 'intro' });
    expect(entry.seeAlso).toEqual([{ id: 'tokenizer', term: 'Tokenizer' }]);
    await expect(getGlossaryTerm(deps, 'ref', 'nope')).rejects.toBeInstanceOf(NotFound);
  });
});

describe('errors and misconceptions', () => {
  it('matches a pasted error message to its entry', async () => {
    const found = await lookupMistakes(deps, 'ref', { query: "Error 400: This model's maximum context length is 8192 tokens" });
    expect(found.entries[0]?.id).toBe('context-length-exceeded');
  });
  it('matches a belief to the misconception, filters by kind, and lists without a query', async () => {
    expect((await lookupMistakes(deps, 'ref', { query: 'is a word one token?' })).entries[0]?.id).toBe('tokens-are-words');
    expect((await lookupMistakes(deps, 'ref', { kind: 'error' })).entries.map((e) => e.id)).toEqual(['context-length-exceeded']);
    expect((await lookupMistakes(deps, 'ref', { query: 'photosynthesis in plants' })).entries).toEqual([]);
  });
  it('gives an entry with its fix and steps', async () => {
    const entry = await getMistake(deps, 'ref', 'tokens-are-words');
    expect(entry).toMatchObject({ kind: 'misconception', fix: 'Count with the real tokenizer.', steps: [{ id: 'intro' }] });
    await expect(getMistake(deps, 'ref', 'nope')).rejects.toBeInstanceOf(NotFound);
  });
});
