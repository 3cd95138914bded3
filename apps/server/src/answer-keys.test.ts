// No answer key leaves the server before grading. Every secret of every quiz of the fixture course
// (correct flags, feedback, explanations, unrevealed hints, accepted answers, patterns, numeric
// answers and tolerances, correct orders and pairings, cloze answers) is collected from the bundle
// the server serves; then learners call every GET and POST route of the OpenAPI document (the list
// is read from the document, so a route added later is called too, or the test fails) and no
// answer may carry any of it. Only the two routes that grade by design are left out.
//
// The served bundle is the fixture course with two extra hints per question, so that "hint 1 stays
// hidden after hint 0 is revealed" can be checked (the fixture's questions have one hint each).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsContentStore, readBundleDir } from '@cc/content';
import { QuestionTypeSchema, setTier, type ChoiceOption, type Course, type Question, type Quiz, type TextMatchRule } from '@cc/core';
import { testDatabases } from '@cc/db/testing';
import { guest, TestClock } from './testing/client.ts';
import {
  combinations,
  documentedOperations,
  fillPath,
  httpCall,
  walkJson,
  type HttpReply,
  type JsonPath,
  type JsonSchema,
  type Operation,
} from './testing/openapi-operations.ts';
import { writeBundle } from './testing/course-variant.ts';
import { correctAnswers, courseFromFiles, fixtureCourseDir } from './testing/quiz-keys.ts';
import { startTestServer, UNLIMITED, type TestServer } from './testing/test-server.ts';

const COURSE_ID = 'mini-course';
const START = '2026-03-28T20:00:00.000Z';
const EXTRA_HINTS = 2;
/** These two answer with the key on purpose: they grade what the learner submitted. */
const GRADING_BY_DESIGN = new Set(['POST /api/v1/me/attempts/{attemptId}/submit', 'POST /api/v1/me/reviews/{cardId}/answer']);
const FORBIDDEN_KEYS = new Set(['correct', 'solution', 'explanation', 'accepted', 'patterns', 'tolerance', 'feedback']);
/** Answers that are part of normal operation: content, domain refusals (paywall, lock, conflict, unknown id). */
const EXPECTED_REFUSALS = new Set([402, 404, 409, 423]);
/** String values under these keys are course content, which may teach an accepted answer ("tokenizer"). */
const CONTENT_KEYS = new Set([
  ...['markdown', 'snippet', 'title', 'heading', 'stepTitle', 'summary', 'objectives', 'prompt', 'text', 'name', 'display'],
  // The glossary and the error/misconception catalogue are course content too.
  ...['term', 'aliases', 'definition', 'matchedOn', 'symptom', 'meaning', 'fix', 'tags'],
  // The search words of the learner's own notes search, as the server split them (an echo).
  'query',
]);
const ID_KEY = /^(id|[a-z]+Id|anchor|concepts?|tags|version|courseVersion|token|citation)$/;
const OPAQUE_ID = /^[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const QUESTION_TYPES = new Set<string>(QuestionTypeSchema.options);

const PRESENTED_KEYS: Record<Question['type'], string[]> = {
  single: ['options'],
  multiple: ['options'],
  true_false: [],
  numeric: ['unit'],
  short_text: [],
  ordering: ['parsons', 'items'],
  matching: ['left', 'right'],
  cloze: ['text', 'blanks'],
};
const PRESENTED_BASE = ['id', 'type', 'prompt', 'points', 'concepts', 'hintCount'];

const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordIn = (needle: string, haystack: string) =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(norm(needle))}($|[^\\p{L}\\p{N}])`, 'u').test(norm(haystack));
const fmt = (path: JsonPath) => path.join('.') || '(root)';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------
// The served bundle: the fixture, plus EXTRA_HINTS hints per question.

async function fixtureWithMoreHints(): Promise<Map<string, Uint8Array>> {
  const files = await readBundleDir(fixtureCourseDir(COURSE_ID));
  let counter = 0;
  for (const [file, bytes] of files) {
    if (!/^quizzes\/.+\.ya?ml$/.test(file)) continue;
    const yaml = new TextDecoder().decode(bytes).replace(/^(\s*hints:\s*\[)(.*)\]\s*$/gm, (_, head: string, list: string) => {
      const extra = Array.from({ length: EXTRA_HINTS }, (_, i) => `"Extra clue ${i + 2} number ${++counter}: zanzibar wombat ${counter * 37}"`);
      return `${head}${list.trim() ? `${list}, ` : ''}${extra.join(', ')}]`;
    });
    files.set(file, new TextEncoder().encode(yaml));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// The secrets of a course, and what it publishes.

interface Secret {
  kind: 'hint' | 'feedback' | 'explanation' | 'accepted' | 'pattern';
  quizId: string;
  questionId: string;
  text: string;
}

function secretsOf(course: Course): Secret[] {
  const out: Secret[] = [];
  for (const quiz of Object.values(course.quizzes)) {
    for (const q of quiz.questions) {
      const add = (kind: Secret['kind'], text: string | undefined) => {
        if (text) out.push({ kind, quizId: quiz.id, questionId: q.id, text });
      };
      q.hints.forEach((h) => add('hint', h));
      add('explanation', q.explanation);
      const options: ChoiceOption[] = [];
      const rules: TextMatchRule[] = [];
      if (q.type === 'single' || q.type === 'multiple') options.push(...q.options);
      if (q.type === 'true_false') [q.feedback?.true, q.feedback?.false].forEach((f) => add('feedback', f));
      if (q.type === 'short_text') rules.push(q);
      if (q.type === 'cloze') for (const b of q.blanks) b.kind === 'text' ? rules.push(b.rule) : options.push(...b.options);
      options.forEach((o) => add('feedback', o.feedback));
      rules.forEach((r) => (r.accepted.forEach((a) => add('accepted', a)), r.patterns.forEach((p) => add('pattern', p))));
    }
  }
  return out;
}

/** What a question shows the learner: prompt, option/item texts, cloze text, unit. */
function questionTexts(q: Question): string[] {
  const texts = [q.prompt];
  if (q.type === 'single' || q.type === 'multiple') texts.push(...q.options.map((o) => o.text));
  if (q.type === 'numeric' && q.unit) texts.push(q.unit);
  if (q.type === 'ordering') texts.push(...q.items.map((i) => i.text));
  if (q.type === 'matching') texts.push(...q.pairs.flatMap((p) => [p.left.text, p.right.text]), ...q.distractors.map((d) => d.text));
  if (q.type === 'cloze') texts.push(q.text, ...q.blanks.flatMap((b) => (b.kind === 'choice' ? b.options.map((o) => o.text) : [])));
  return texts;
}

/** Every id a course defines (they appear in answers, e.g. "question 'what-is-a-token' was not found"). */
function courseIds(course: Course): string[] {
  const ids = [course.id, ...course.chapters.map((c) => c.id), ...course.steps.flatMap((s) => [s.id, ...s.concepts])];
  for (const quiz of Object.values(course.quizzes)) {
    ids.push(quiz.id);
    for (const q of quiz.questions) {
      ids.push(q.id, ...q.concepts);
      if (q.type === 'single' || q.type === 'multiple') ids.push(...q.options.map((o) => o.id));
      if (q.type === 'ordering') ids.push(...q.items.map((i) => i.id));
      if (q.type === 'matching') ids.push(...q.pairs.flatMap((p) => [p.left.id, p.right.id]), ...q.distractors.map((d) => d.id));
      if (q.type === 'cloze') ids.push(...q.blanks.flatMap((b) => [b.id, ...(b.kind === 'choice' ? b.options.map((o) => o.id) : [])]));
    }
  }
  return ids;
}

/** Every text the API may serve: the course, its steps, and its quizzes as presented. */
function publicTexts(course: Course): string[] {
  return [
    course.title,
    course.summary,
    ...course.tags,
    ...course.authors,
    ...course.chapters.flatMap((c) => [c.title, c.summary ?? '', ...c.objectives]),
    ...course.steps.flatMap((s) => [s.title, s.markdown, ...s.sections.flatMap((x) => [x.heading, x.markdown]), ...s.blocks.flatMap((b) => [b.title ?? '', b.markdown])]),
    ...Object.values(course.quizzes).flatMap((quiz) => [quiz.title, ...quiz.questions.flatMap(questionTexts)]),
  ];
}

// ---------------------------------------------------------------------------------------------
// The leak detector: given a response, every way it gives a key away.

interface Allowances {
  /** Hint texts the learner has revealed. */
  hints: ReadonlySet<string>;
  /** A quiz whose keys this response may show (a graded attempt of it, by design). */
  quiz?: string;
  /** Whether a forbidden key name is allowed at this path (e.g. a learner's own graded outcome). */
  keyAt?: (path: JsonPath) => boolean;
  /** What the request itself sent (query values, body strings): an answer echoing them leaks nothing. */
  echoes?: readonly string[];
}

class LeakDetector {
  readonly secrets: Secret[];
  /** Checked everywhere: long feedback/explanation/hint texts and patterns no public text contains. */
  readonly distinctive: Secret[];
  /** Checked outside course content: accepted answers the question does not itself show. */
  readonly answers: Secret[];
  readonly presented = new Map<string, number>();
  private readonly questions = new Map<string, { quiz: Quiz; question: Question }[]>();
  /** Multi-word public texts and ids, longest first: removed from a string before looking for accepted answers in it. */
  private readonly quotable: RegExp[];

  constructor(readonly course: Course) {
    this.secrets = secretsOf(course);
    const corpus = norm(publicTexts(course).join('\n'));
    // Only multi-part ones ("Under the hood of a tokenizer", "what-is-a-token"): a one-word id like
    // "token" may itself be an accepted answer, and must not excuse it.
    this.quotable = [...new Set([...publicTexts(course), ...courseIds(course)].map(norm).filter((t) => /[\s-]/.test(t)))]
      .sort((a, b) => b.length - a.length)
      .map((t) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(t)}(?=$|[^\\p{L}\\p{N}])`, 'gu'));
    for (const quiz of Object.values(course.quizzes)) {
      for (const question of quiz.questions) this.questions.set(question.id, [...(this.questions.get(question.id) ?? []), { quiz, question }]);
    }
    const own = (s: Secret) => this.questions.get(s.questionId)!.find((c) => c.quiz.id === s.quizId)!.question;
    this.distinctive = this.secrets.filter(
      (s) => (s.kind === 'pattern' || s.text.length >= 12) && !corpus.includes(norm(s.text)),
    );
    this.answers = this.secrets.filter((s) => s.kind === 'accepted' && !questionTexts(own(s)).some((t) => wordIn(s.text, t)));
  }

  violations(reply: Pick<HttpReply, 'text' | 'json' | 'headers'>, allow: Allowances): string[] {
    const out = new Set<string>();
    const hidden = (s: Secret) => s.quizId !== allow.quiz && !(s.kind === 'hint' && allow.hints.has(norm(s.text)));
    const distinctive = this.distinctive.filter(hidden);
    const answers = this.answers.filter(hidden);
    const label = (s: Secret) => `${s.kind} of ${s.quizId}/${s.questionId} ${JSON.stringify(s.text)}`;

    const echoes = new Set((allow.echoes ?? []).map(norm));
    let raw = norm([reply.text, ...Object.values(reply.headers)].join('\n'));
    for (const echo of echoes) raw = raw.split(echo).join(' ');
    for (const s of distinctive) if (raw.includes(norm(s.text))) out.add(`${label(s)} in the raw response`);

    walkJson(reply.json, (path, value) => {
      if (isObject(value)) {
        for (const key of Object.keys(value)) {
          if (FORBIDDEN_KEYS.has(key) && !allow.keyAt?.([...path, key])) out.add(`key "${key}" at ${fmt([...path, key])}`);
          for (const s of distinctive) if (norm(key).includes(norm(s.text))) out.add(`${label(s)} as a key at ${fmt(path)}`);
        }
        if (typeof value['id'] === 'string' && typeof value['type'] === 'string' && QUESTION_TYPES.has(value['type']) && 'prompt' in value) {
          this.checkPresentedQuestion(value, path, out);
        }
        if (Array.isArray(value['questions']) && isObject(value['policy']) && (value['kind'] === 'checkpoint' || value['kind'] === 'quick-check')) {
          this.checkPresentedQuiz(value, path, out);
        }
      }
      if (typeof value !== 'string' || echoes.has(norm(value))) return;
      for (const s of distinctive) if (norm(value).includes(norm(s.text))) out.add(`${label(s)} at ${fmt(path)}`);
      const keys = path.filter((p): p is string => typeof p === 'string');
      const isContent = keys.some((k) => CONTENT_KEYS.has(k)) || ID_KEY.test(keys.at(-1) ?? '');
      if (isContent || answers.length === 0) return;
      // Titles and ids may be quoted anywhere (a problem's detail names the locked step); what is left must not hold an answer.
      const unquoted = this.quotable.reduce((text, quoted) => text.replace(quoted, '$1 '), norm(value));
      for (const s of answers) if (wordIn(s.text, unquoted)) out.add(`${label(s)} at ${fmt(path)}`);
    });
    return [...out];
  }

  private checkPresentedQuiz(quiz: Record<string, unknown>, path: JsonPath, out: Set<string>) {
    for (const key of Object.keys(quiz)) if (!['id', 'title', 'kind', 'policy', 'questions'].includes(key)) out.add(`quiz presentation has key "${key}" at ${fmt(path)}`);
    for (const key of Object.keys(quiz['policy'] as object)) {
      if (!['passScore', 'maxAttempts', 'grading', 'showAnswers'].includes(key)) out.add(`quiz policy has key "${key}" at ${fmt(path)}`);
    }
  }

  /** A question shown before grading carries exactly the documented fields, as authored, and no order or pairing. */
  private checkPresentedQuestion(shown: Record<string, unknown>, path: JsonPath, out: Set<string>) {
    const at = `${shown['id']} at ${fmt(path)}`;
    const q = this.questions.get(shown['id'] as string)?.find((c) => c.question.type === shown['type'] && c.question.prompt === shown['prompt'])?.question;
    if (!q) return void out.add(`presented question ${at} is not an authored question (prompt or type differ)`);
    this.presented.set(q.type, (this.presented.get(q.type) ?? 0) + 1);
    const allowed = new Set([...PRESENTED_BASE, ...PRESENTED_KEYS[q.type]]);
    for (const key of Object.keys(shown)) if (!allowed.has(key)) out.add(`presented question ${at} has key "${key}"`);
    if (shown['points'] !== q.points || shown['hintCount'] !== q.hints.length) out.add(`presented question ${at} has other points or hintCount than authored`);

    // Items are shown with their authored texts under opaque ids (never an author id, unique):
    // returns the author ids they stand for (matched by text), in the order shown.
    const labelled = (list: unknown, authored: readonly { id: string; text: string }[], what: string): string[] => {
      if (!Array.isArray(list)) return (out.add(`presented question ${at}: ${what} is not a list`), []);
      const authorIds: string[] = [];
      const shownIds = new Set<string>();
      for (const item of list) {
        if (!isObject(item) || Object.keys(item).some((k) => k !== 'id' && k !== 'text')) {
          out.add(`presented question ${at}: ${what} item ${JSON.stringify(item)} has more than id and text`);
          continue;
        }
        const match = authored.find((a) => a.text === item['text']);
        if (!match) out.add(`presented question ${at}: ${what} item ${JSON.stringify(item)} is not authored`);
        if (typeof item['id'] !== 'string' || !OPAQUE_ID.test(item['id']) || authored.some((a) => a.id === item['id'])) {
          out.add(`presented question ${at}: ${what} item ${JSON.stringify(item)} is not under an opaque id`);
        }
        shownIds.add(String(item['id']));
        authorIds.push(match?.id ?? '');
      }
      if (shownIds.size !== list.length) out.add(`presented question ${at}: ${what} ids are not unique`);
      if ([...authorIds].sort().join('|') !== authored.map((a) => a.id).sort().join('|')) out.add(`presented question ${at}: ${what} are not exactly the authored ones`);
      return authorIds;
    };

    switch (q.type) {
      case 'single':
      case 'multiple':
        labelled(shown['options'], q.options, 'options');
        break;
      case 'numeric':
        if (shown['unit'] !== q.unit) out.add(`presented question ${at}: unit differs`);
        break;
      case 'ordering': {
        const ids = labelled(shown['items'], q.items, 'items');
        if (q.items.length >= 2 && ids.join('|') === q.items.map((i) => i.id).join('|')) out.add(`ordering ${at} is presented in the correct order`);
        break;
      }
      case 'matching': {
        const left = labelled(shown['left'], q.pairs.map((p) => p.left), 'left items');
        const right = labelled(shown['right'], [...q.pairs.map((p) => p.right), ...q.distractors], 'right items');
        const rightOf = new Map(q.pairs.map((p) => [p.left.id, p.right.id]));
        if (left.length > 0 && left.every((l, i) => right[i] === rightOf.get(l))) out.add(`matching ${at}: the right-hand list lines up with the left`);
        break;
      }
      case 'cloze': {
        if (shown['text'] !== q.text) out.add(`presented question ${at}: cloze text differs from the authored text`);
        const blanks = Array.isArray(shown['blanks']) ? shown['blanks'] : [];
        if (blanks.length !== q.blanks.length) out.add(`presented question ${at}: blanks differ`);
        for (const blank of blanks) {
          const authored = isObject(blank) ? q.blanks.find((b) => b.id === blank['id']) : undefined;
          if (!isObject(blank) || !authored || blank['kind'] !== authored.kind) {
            out.add(`presented question ${at}: blank ${JSON.stringify(blank)} is not authored`);
            continue;
          }
          const keys = authored.kind === 'choice' ? ['id', 'kind', 'options'] : ['id', 'kind'];
          for (const key of Object.keys(blank)) if (!keys.includes(key)) out.add(`presented question ${at}: blank ${authored.id} has key "${key}"`);
          if (authored.kind === 'choice') labelled(blank['options'], authored.options, `options of blank ${authored.id}`);
        }
        break;
      }
      case 'true_false':
      case 'short_text':
        break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The sweep: one learner calls every documented GET and POST route with every valid value.

interface Actor {
  token: string;
  learnerId: string;
}

class Sweep {
  readonly attempts = new Set<string>();
  readonly cards = new Set<string>();
  /** Ids of answers' top-level `id` (plans, and the learner: a non-plan id answers 404). */
  readonly plans = new Set<string>();
  readonly notes = new Set<string>();
  readonly events: string[] = [];
  /** Normalised texts of the hints this learner revealed. */
  readonly revealed = new Set<string>();
  private readonly hintsShown = new Map<string, number>();
  readonly exercised = new Map<string, number>();
  readonly problems: string[] = [];
  readonly operations: Operation[];
  calls = 0;

  constructor(
    private readonly server: TestServer,
    private readonly actor: Actor,
    private readonly detector: LeakDetector,
    private readonly allow: (op: Operation, values: Record<string, string>) => Omit<Allowances, 'hints'> = () => ({}),
  ) {
    this.operations = documentedOperations().filter((op) => (op.method === 'GET' || op.method === 'POST') && !GRADING_BY_DESIGN.has(op.key));
  }

  private get course() {
    return this.detector.course;
  }

  /** Values for each parameter name. A parameter the test cannot fill fails the test: teach it here. */
  private pool(name: string, where: string): readonly string[] | undefined {
    const questions = Object.values(this.course.quizzes).flatMap((q) => q.questions.map((x) => x.id));
    const pools: Record<string, Record<string, () => readonly string[]>> = {
      path: {
        courseId: () => [this.course.id],
        stepId: () => this.course.steps.map((s) => s.id),
        quizId: () => Object.keys(this.course.quizzes),
        termId: () => this.course.glossary.map((t) => t.id),
        entryId: () => this.course.catalogue.map((e) => e.id),
        attemptId: () => [...this.attempts],
        cardId: () => [...this.cards],
        planId: () => [...this.plans],
        noteId: () => [...this.notes],
      },
      query: {
        q: () => searchTerms(this.detector.secrets),
        course: () => [this.course.id],
        kind: () => ['error', 'misconception'],
        limit: () => ['50'],
        after: () => [...new Set([this.events[0], this.events[Math.floor(this.events.length / 2)], this.events.at(-1)].filter((e): e is string => !!e))],
        since: () => [START],
        courseId: () => [this.course.id],
        stepId: () => this.course.steps.map((s) => s.id),
      },
      body: {
        questionId: () => questions,
        courseId: () => [this.course.id],
        topic: () => ['tokens'],
        stepId: () => this.course.steps.map((s) => s.id),
        markdown: () => ['My note on this step.'],
      },
    };
    return pools[where]?.[name]?.();
  }

  private callsFor(op: Operation): { url: string; values: Record<string, string>; body?: unknown }[] {
    const unknown = (name: string, where: string) => {
      this.problems.push(`${op.key}: no values for ${where} parameter "${name}"; teach answer-keys.test.ts how to fill it`);
      return [];
    };
    const pathPools: Record<string, readonly string[]> = {};
    for (const p of op.params.filter((p) => p.in === 'path')) pathPools[p.name] = this.pool(p.name, 'path') ?? unknown(p.name, 'path');
    const queries: Record<string, string>[] = [];
    const required = op.params.filter((p) => p.in === 'query' && p.required);
    const optional = op.params.filter((p) => p.in === 'query' && !p.required);
    const requiredPools = Object.fromEntries(required.map((p) => [p.name, this.pool(p.name, 'query') ?? unknown(p.name, 'query')]));
    const base = combinations(requiredPools);
    queries.push(...base);
    for (const p of optional) for (const value of this.pool(p.name, 'query') ?? unknown(p.name, 'query')) if (base[0]) queries.push({ ...base[0], [p.name]: value });
    for (const p of op.params.filter((p) => (p.in === 'header' || p.in === 'cookie') && p.required)) unknown(p.name, p.in);

    let bodies: unknown[] = [undefined];
    if (op.body) {
      const props = Object.keys((op.body['properties'] as Record<string, JsonSchema> | undefined) ?? {});
      const requiredProps = new Set((op.body['required'] as string[] | undefined) ?? []);
      bodies = combinations(Object.fromEntries(props.filter((p) => requiredProps.has(p)).map((p) => [p, this.pool(p, 'body') ?? unknown(p, 'body')])));
    }
    return combinations(pathPools).flatMap((values) =>
      queries.flatMap((query) =>
        bodies.map((body) => {
          const qs = new URLSearchParams(query).toString();
          return { url: `${fillPath(op.path, values)}${qs ? `?${qs}` : ''}`, values, ...(body !== undefined && { body }) };
        }),
      ),
    );
  }

  async round() {
    for (const op of this.operations) {
      for (const call of this.callsFor(op)) {
        this.calls++;
        const reply = await httpCall(this.server.url, op.method, call.url, { token: this.actor.token, ...(call.body !== undefined && { body: call.body }) });
        const label = `${op.method} ${call.url}${call.body !== undefined ? ` ${JSON.stringify(call.body)}` : ''}`;
        const ok = reply.status >= 200 && reply.status < 300;
        if (!ok && !EXPECTED_REFUSALS.has(reply.status)) this.problems.push(`${label} -> ${reply.status} ${reply.text.slice(0, 200)}`);
        if (ok) this.exercised.set(op.key, (this.exercised.get(op.key) ?? 0) + 1);
        if (ok) this.noteHint(reply.json, call.values, label);
        this.harvest(reply.json);
        const echoes = [...new URLSearchParams(call.url.split('?')[1] ?? '').values()];
        for (const v of this.detector.violations(reply, { hints: this.revealed, echoes, ...this.allow(op, call.values) })) this.problems.push(`${label} -> ${reply.status}: ${v}`);
      }
    }
  }

  /** A revealed hint (the Hint shape) must be exactly the next hint of that question; then it may show. */
  private noteHint(json: unknown, values: Record<string, string>, label: string) {
    if (!isObject(json) || typeof json['questionId'] !== 'string' || typeof json['index'] !== 'number' || typeof json['text'] !== 'string') return;
    const slot = `${values['attemptId']}|${json['questionId']}`;
    const expected = this.hintsShown.get(slot) ?? 0;
    const authored = Object.values(this.course.quizzes).flatMap((q) => q.questions).find((q) => q.id === json['questionId'])?.hints ?? [];
    if (json['index'] !== expected || json['text'] !== authored[expected]) {
      this.problems.push(`${label}: revealed hint ${json['index']} ${JSON.stringify(json['text'])}, expected hint ${expected} ${JSON.stringify(authored[expected])}`);
    }
    this.hintsShown.set(slot, expected + 1);
    this.revealed.add(norm(json['text']));
  }

  private harvest(json: unknown) {
    walkJson(json, (path, value) => {
      if (typeof value !== 'string' || !UUID.test(value)) return;
      const key = path.at(-1);
      if (key === 'attemptId' || (key === 'id' && path.at(-2) === 'attempt')) this.attempts.add(value);
      if (key === 'cardId') this.cards.add(value);
      if (key === 'id' && path.length === 1) this.plans.add(value);
      if (key === 'id' && (path.length === 1 || path[0] === 'notes') && isObject(json) && ('markdown' in json || 'notes' in json)) this.notes.add(value);
      if (key === 'id' && path[0] === 'events' && path.length === 3 && !this.events.includes(value)) this.events.push(value);
    });
  }

  /** Documented GET/POST routes never answered with 2xx (the grading routes are not in the list). */
  unexercised(): string[] {
    return this.operations.filter((op) => !this.exercised.get(op.key)).map((op) => op.key);
  }
}

/** Words a search for a leaked key would need: every secret, and its longest word. */
function searchTerms(secrets: Secret[]): string[] {
  const terms = new Set(['token', 'tokenizer', 'context window']);
  for (const s of secrets) {
    const words = s.text.match(/[\p{L}\p{N}]{4,}/gu) ?? [];
    const longest = [...words].sort((a, b) => b.length - a.length)[0];
    if (longest) terms.add(longest);
    if (s.text.length <= 200 && /[\p{L}\p{N}]/u.test(s.text)) terms.add(s.text);
  }
  return [...terms];
}

const report = (problems: string[]) => (problems.length > 60 ? [...problems.slice(0, 60), `... and ${problems.length - 60} more`] : problems);

// ---------------------------------------------------------------------------------------------

describe.each(testDatabases())('answer keys on $name', (database) => {
  let server: TestServer;
  let course: Course;
  let detector: LeakDetector;
  let contentDir: string;
  const clock = new TestClock(new Date(START));

  beforeAll(async () => {
    const files = await fixtureWithMoreHints();
    course = courseFromFiles(files, COURSE_ID);
    detector = new LeakDetector(course);
    contentDir = await mkdtemp(path.join(os.tmpdir(), 'cc-answer-keys-'));
    await writeBundle(files, path.join(contentDir, COURSE_ID));
    server = await startTestServer({ database: await database.open(), store: new FsContentStore(contentDir), clock, limits: UNLIMITED });
  });
  afterAll(async () => {
    await server?.close();
    if (contentDir) await rm(contentDir, { recursive: true, force: true });
  });

  const premiumLearner = async () => {
    const me = await guest(server.url);
    // pro: premium content plus learning plans, so that the sweep reaches the plan routes too.
    await setTier(server.runtime.learning, me.learnerId, 'pro');
    return me;
  };

  it('knows every kind of secret of the fixture, and its detector catches each one', async () => {
    const kinds = (list: Secret[]) => new Set(list.map((s) => s.kind));
    expect([...kinds(detector.distinctive)].sort()).toEqual(['explanation', 'feedback', 'hint', 'pattern']);
    expect(detector.answers.length).toBeGreaterThan(0);
    for (const q of Object.values(course.quizzes).flatMap((quiz) => quiz.questions)) expect(q.hints.length, q.id).toBeGreaterThanOrEqual(1 + EXTRA_HINTS);
    expect(new Set(Object.values(course.quizzes).flatMap((q) => q.questions.map((x) => x.type)))).toEqual(QUESTION_TYPES);

    // The detector is not vacuous: each planted leak is found.
    const planted = new LeakDetector(course);
    const none = { hints: new Set<string>() };
    const check = (json: unknown, allow: Allowances = none) => planted.violations({ text: JSON.stringify(json), json, headers: {} }, allow);
    for (const s of planted.distinctive) expect(check({ note: `see: ${s.text}` }), s.text).not.toEqual([]);
    for (const s of planted.answers) expect(check({ data: { hint: s.text.toUpperCase() } }), s.text).not.toEqual([]);
    for (const key of FORBIDDEN_KEYS) expect(check({ a: [{ [key]: 1 }] }), key).not.toEqual([]);
    const hint = Object.values(course.quizzes)[0]!.questions[0]!.hints[1]!;
    expect(check({ text: hint }, { hints: new Set([norm(hint)]) })).toEqual([]);
    expect(check({ text: hint })).not.toEqual([]);
    expect(check({ markdown: 'a tokenizer splits text' })).toEqual([]);
    expect(check({ detail: "question 'what-is-a-token' of 'Under the hood of a tokenizer' was not found" })).toEqual([]);
    expect(check({ detail: "'what-is-a-token': the answer is tokeniser" })).not.toEqual([]);
    expect(check({ query: 'It ends in -izer.', hits: [{ snippet: 'It ends in -izer.' }] }, { ...none, echoes: ['It ends in -izer.'] })).toEqual([]);
    expect(check({ query: 'izer', hits: [{ snippet: 'hint: It ends in -izer.' }] }, { ...none, echoes: ['It ends in -izer.'] })).not.toEqual([]);

    const question = (type: Question['type']) => Object.values(course.quizzes).flatMap((q) => q.questions).find((q) => q.type === type)!;
    const base = (q: Question) => ({ id: q.id, type: q.type, prompt: q.prompt, points: q.points, concepts: q.concepts, hintCount: q.hints.length });
    const ordering = question('ordering');
    if (ordering.type !== 'ordering') throw new Error('unreachable');
    // Shown under opaque ids; the detector matches items to the authored ones by text.
    const opaque = (list: readonly { id: string; text: string }[], salt: string) => list.map(({ text }, i) => ({ id: `${salt}${i}`.padStart(12, 'a'), text }));
    const items = opaque(ordering.items, 'e');
    expect(check({ ...base(ordering), parsons: false, items: [...items.slice(1), items[0]] })).toEqual([]);
    expect(check({ ...base(ordering), parsons: false, items })).toEqual([expect.stringContaining('correct order')]);
    const authorIds = ordering.items.map(({ id, text }) => ({ id, text }));
    expect(check({ ...base(ordering), parsons: false, items: [...authorIds.slice(1), authorIds[0]] })).toEqual(
      authorIds.map(() => expect.stringContaining('is not under an opaque id')),
    );
    const matching = question('matching');
    if (matching.type !== 'matching') throw new Error('unreachable');
    const left = opaque(matching.pairs.map((p) => p.left), 'c');
    const right = opaque([...matching.pairs.map((p) => p.right), ...matching.distractors], 'd');
    expect(check({ ...base(matching), left, right })).toEqual([expect.stringContaining('lines up')]);
    const numeric = question('numeric');
    expect(check({ ...base(numeric), unit: numeric.type === 'numeric' ? numeric.unit : undefined, answer: 1 })).toEqual([expect.stringContaining('"answer"')]);
    expect(check({ ...base(question('true_false')), value: true })).toEqual([expect.stringContaining('"value"')]);
  });

  it('shows a fresh premium learner (nothing submitted) no key on any documented GET or POST route', async () => {
    clock.set(START);
    const me = await premiumLearner();
    const sweep = new Sweep(server, me, detector);
    // Each round reveals one more hint per question of each open attempt, then every route is called
    // again: after hint 0 is revealed, hints 1+ must still appear nowhere, and so on.
    for (let round = 0; round <= EXTRA_HINTS; round++) await sweep.round();

    expect(report(sweep.problems)).toEqual([]);
    expect(sweep.unexercised()).toEqual([]);
    const documented = new Set(documentedOperations().map((op) => op.key));
    expect([...GRADING_BY_DESIGN].filter((key) => !documented.has(key)), 'stale GRADING_BY_DESIGN entries').toEqual([]);
    // It did see quizzes and reveal hints, and still has submitted nothing.
    expect(sweep.attempts.size).toBeGreaterThanOrEqual(2);
    expect(sweep.revealed.size).toBeGreaterThanOrEqual(3 * 5);
    expect(detector.presented.get('ordering')).toBeGreaterThan(0);
    const progress = await httpCall(server.url, 'GET', `/api/v1/me/courses/${COURSE_ID}/progress`, { token: me.token });
    expect((progress.json as { chapters: { checkpoint: { attemptsUsed: number } | null }[] }).chapters.map((c) => c.checkpoint?.attemptsUsed ?? 0)).toEqual([0, 0]);
  });

  it('after passing the first checkpoint: other quizzes, review cards and every route still hide keys', async () => {
    clock.set(START);
    const me = await premiumLearner();
    const basics = course.quizzes['basics-checkpoint']!;
    const start = await me.post(`/me/courses/${COURSE_ID}/quizzes/${basics.id}/attempts`);
    const graded = await me.post(`/me/attempts/${start.body.attempt.id}/submit`, { answers: correctAnswers(basics, start.body.quiz) }, { 'idempotency-key': `answer-keys-${me.learnerId}` });
    expect(graded.body).toMatchObject({ score: 100, passed: true });
    const gradedId: string = start.body.attempt.id;
    clock.advanceDays(1); // the answered questions' review cards fall due

    const ownOutcome = (path: JsonPath) => path[0] === 'events' && path[2] === 'data' && path[3] === 'correct' && path.length === 4;
    const sweep = new Sweep(server, me, detector, (op, values) =>
      // Reading the graded attempt back shows its review (and, as the policy allows, its key).
      op.method === 'GET' && values['attemptId'] === gradedId
        ? { quiz: basics.id, keyAt: (path) => path[0] === 'review' }
        : // The events (and their xAPI export) record the learner's own graded answers to the passed
          // quiz (a typed answer that was right is an accepted text); nothing of another quiz.
          op.path.startsWith('/api/v1/me/events')
          ? { quiz: basics.id, keyAt: ownOutcome }
          : { keyAt: ownOutcome },
    );
    for (let round = 0; round <= EXTRA_HINTS; round++) await sweep.round();

    expect(report(sweep.problems)).toEqual([]);
    expect(sweep.unexercised()).toEqual([]);
    expect(sweep.cards.size).toBe(basics.questions.length);
    expect(detector.presented.get('matching')).toBeGreaterThan(0);
    expect(detector.presented.get('cloze')).toBeGreaterThan(0);
  });

  it('never presents ordering items in order nor matching columns lined up, for any learner, attempt or review', async () => {
    clock.set(START);
    const basics = course.quizzes['basics-checkpoint']!;
    const practice = course.quizzes['practice-checkpoint']!;
    const learners = await Promise.all(Array.from({ length: 16 }, premiumLearner));
    const before = { ordering: detector.presented.get('ordering') ?? 0, matching: detector.presented.get('matching') ?? 0 };
    const problems: string[] = [];
    const check = (label: string, reply: { status: number; body: unknown }) => {
      expect(reply.status, label).toBe(200);
      const text = JSON.stringify(reply.body);
      for (const v of detector.violations({ text, json: reply.body, headers: {} }, { hints: new Set() })) problems.push(`${label}: ${v}`);
    };
    for (const me of learners) {
      const first = await me.post(`/me/courses/${COURSE_ID}/quizzes/${basics.id}/attempts`);
      check('first attempt', first);
      await me.post(`/me/attempts/${first.body.attempt.id}/submit`, { answers: correctAnswers(basics, first.body.quiz) }, { 'idempotency-key': `order-${me.learnerId}` });
      check('second attempt', await me.post(`/me/courses/${COURSE_ID}/quizzes/${basics.id}/attempts`));
      const third = await me.post(`/me/courses/${COURSE_ID}/quizzes/${practice.id}/attempts`);
      check('practice attempt', third);
      check('practice attempt read back', await me.get(`/me/attempts/${third.body.attempt.id}`));
    }
    clock.advanceDays(1);
    for (const me of learners) check('due reviews', await me.get('/me/reviews/due?limit=50'));

    expect(report(problems)).toEqual([]);
    expect((detector.presented.get('ordering') ?? 0) - before.ordering).toBeGreaterThanOrEqual(learners.length * 3);
    expect((detector.presented.get('matching') ?? 0) - before.matching).toBeGreaterThanOrEqual(learners.length * 2);
  });
});
