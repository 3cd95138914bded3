import type { z } from 'zod';
import { catalogueEntrySchema, catalogueSchema, type CatalogueEntryFile, type CatalogueFile } from '../format/catalogue.ts';
import { isSlug } from '../format/common.ts';
import { achievementSchema, achievementsSchema, type AchievementFile, type AchievementsFile } from '../format/achievements.ts';
import { glossarySchema, glossaryTermSchema, type GlossaryFile, type GlossaryTermFile } from '../format/glossary.ts';
import { chapterSchema, manifestSchema, prerequisiteSchema, type ChapterFile, type ManifestFile, type PrerequisiteFile } from '../format/manifest.ts';
import { questionSchemas, quizSchema, type QuestionFile, type QuestionFileType, type QuizFile } from '../format/quiz.ts';
import { stepFrontmatterSchema, type StepFrontmatterFile } from '../format/step-frontmatter.ts';
import { splitFrontmatter } from '../markdown/frontmatter.ts';
import { analyseStepBody, type StepBody } from '../markdown/step-body.ts';
import type { BundleFiles, QuizFileRef, StepFileRef } from './bundle-files.ts';
import type { ProblemCollector } from './problems.ts';
import { rawField, rawItems, salvageObject } from './salvage.ts';
import { checkSchema } from './schema-check.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

export interface Listed<T> {
  /** Index in the file's list, for line lookups. */
  index: number;
  value: T;
}

export interface PrerequisitesInfo {
  /** Where the list sits in its source (`['chapters', 1, 'prerequisites']`). */
  path: PropertyKey[];
  /** undefined when the field is absent (inherit / default). */
  present: boolean;
  items: Listed<PrerequisiteFile>[];
}

export interface ChapterInfo {
  index: number;
  fields: Partial<ChapterFile>;
  /** Valid step ids with their positions in the raw list; undefined when `steps` is not a list. */
  steps?: Listed<string>[];
  prerequisites: PrerequisitesInfo;
}

export interface ManifestInfo {
  source?: YamlSource;
  data?: ManifestFile;
  fields: Partial<ManifestFile>;
  chapters: ChapterInfo[];
  /** Every chapter entry has a valid id and step list, so "not listed" checks are meaningful. */
  chaptersComplete: boolean;
}

export interface StepInfo {
  file: StepFileRef;
  source?: YamlSource;
  data?: StepFrontmatterFile;
  fields: Partial<StepFrontmatterFile>;
  prerequisites: PrerequisitesInfo;
  body?: string;
  analysis?: StepBody;
}

export type QuestionInfo = {
  [K in QuestionFileType]: { index: number; type: K; fields: Partial<Extract<QuestionFile, { type: K }>> };
}[QuestionFileType];

export interface QuizInfo {
  file: QuizFileRef;
  source?: YamlSource;
  data?: QuizFile;
  fields: Partial<QuizFile>;
  questions: QuestionInfo[];
}

export interface ListFileInfo<T, Item> {
  path: string;
  source?: YamlSource;
  data?: T;
  items: Listed<Partial<Item>>[];
}

function listed(prerequisites: PrerequisiteFile[] | undefined, path: PropertyKey[]): PrerequisitesInfo {
  return { path, present: prerequisites !== undefined, items: (prerequisites ?? []).map((value, index) => ({ index, value })) };
}

function salvagePrerequisites(raw: unknown, path: PropertyKey[]): PrerequisitesInfo {
  const items: Listed<PrerequisiteFile>[] = [];
  rawItems(raw).forEach((item, index) => {
    const parsed = prerequisiteSchema.safeParse(item);
    if (parsed.success) items.push({ index, value: parsed.data });
  });
  return { path, present: raw !== undefined, items };
}

function salvageSteps(raw: unknown): Listed<string>[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const steps: Listed<string>[] = [];
  raw.forEach((value: unknown, index) => {
    if (isSlug(value)) steps.push({ index, value });
  });
  return steps;
}

function yamlFile(files: BundleFiles, path: string, problems: ProblemCollector): YamlSource | undefined {
  const text = files.text(path);
  return text === undefined ? undefined : parseYamlSource(path, text, problems);
}

export function readManifest(files: BundleFiles, problems: ProblemCollector): ManifestInfo {
  if (!files.has('course.yaml')) {
    problems.error('course.yaml', undefined, undefined, 'missing: every bundle needs a course.yaml manifest');
    return { fields: {}, chapters: [], chaptersComplete: false };
  }
  const source = yamlFile(files, 'course.yaml', problems);
  if (source === undefined || !source.ok) return { fields: {}, chapters: [], chaptersComplete: false, ...(source ? { source } : {}) };
  const data = checkSchema(manifestSchema, source, problems);
  const rawChapters = rawItems(rawField(source.value, 'chapters'));
  // Salvaging re-validates field by field; only needed when the whole file did not validate.
  const chapters = rawChapters.map((raw, index): ChapterInfo => {
    const valid = data?.chapters[index];
    const info: ChapterInfo = {
      index,
      fields: valid ?? salvageObject(chapterSchema, raw),
      prerequisites: valid
        ? listed(valid.prerequisites, ['chapters', index, 'prerequisites'])
        : salvagePrerequisites(rawField(raw, 'prerequisites'), ['chapters', index, 'prerequisites']),
    };
    const steps = valid ? valid.steps.map((value, position) => ({ index: position, value })) : salvageSteps(rawField(raw, 'steps'));
    if (steps !== undefined) info.steps = steps;
    return info;
  });
  const info: ManifestInfo = {
    source,
    fields: data ?? salvageObject(manifestSchema, source.value),
    chapters,
    chaptersComplete: rawChapters.length > 0 && chapters.every((chapter) => chapter.fields.id !== undefined && chapter.steps !== undefined),
  };
  if (data !== undefined) info.data = data;
  return info;
}

export function readStep(files: BundleFiles, file: StepFileRef, problems: ProblemCollector): StepInfo {
  const info: StepInfo = { file, fields: {}, prerequisites: { path: ['prerequisites'], present: false, items: [] } };
  const text = files.text(file.path);
  if (text === undefined) return info;
  const split = splitFrontmatter(text);
  if (!split.ok) {
    problems.error(file.path, split.line, undefined, split.message);
    return info;
  }
  const source = parseYamlSource(file.path, split.yaml, problems, { firstLine: split.yamlLine, fieldPrefix: 'frontmatter' });
  info.source = source;
  info.body = split.body;
  if (source.ok) {
    const data = checkSchema(stepFrontmatterSchema, source, problems);
    if (data !== undefined) {
      info.data = data;
      info.fields = data;
      info.prerequisites = listed(data.prerequisites, ['prerequisites']);
    } else {
      info.fields = salvageObject(stepFrontmatterSchema, source.value);
      info.prerequisites = salvagePrerequisites(rawField(source.value, 'prerequisites'), ['prerequisites']);
    }
  }
  const analysis = analyseStepBody(split.body, { firstLine: split.bodyLine, title: info.fields.title ?? file.fileId });
  for (const issue of analysis.issues) problems.add(issue.severity, file.path, issue.line, undefined, issue.message);
  info.analysis = analysis;
  return info;
}

function salvageQuestion(raw: unknown, index: number): QuestionInfo | undefined {
  const type = rawField(raw, 'type');
  if (typeof type !== 'string' || !Object.hasOwn(questionSchemas, type)) return undefined;
  const key = type as QuestionFileType;
  // The schema is looked up by the same key, so the salvaged fields belong to that question type.
  const fields = salvageObject(questionSchemas[key] as z.ZodObject, raw);
  return { index, type: key, fields } as QuestionInfo;
}

export function readQuiz(files: BundleFiles, file: QuizFileRef, problems: ProblemCollector): QuizInfo {
  const info: QuizInfo = { file, fields: {}, questions: [] };
  const source = yamlFile(files, file.path, problems);
  if (source === undefined) return info;
  info.source = source;
  if (!source.ok) return info;
  const data = checkSchema(quizSchema, source, problems);
  if (data !== undefined) {
    info.data = data;
    info.fields = data;
    info.questions = data.questions.map((question, index) => ({ index, type: question.type, fields: question }) as QuestionInfo);
    return info;
  }
  info.fields = salvageObject(quizSchema, source.value);
  rawItems(rawField(source.value, 'questions')).forEach((raw, index) => {
    const question = salvageQuestion(raw, index);
    if (question !== undefined) info.questions.push(question);
  });
  return info;
}

function readListFile<S extends z.ZodType, I extends z.ZodObject>(
  files: BundleFiles,
  path: string,
  key: string,
  schema: S,
  itemSchema: I,
  problems: ProblemCollector,
  optional = false,
): ListFileInfo<z.output<S>, z.output<I>> {
  const info: ListFileInfo<z.output<S>, z.output<I>> = { path, items: [] };
  if (!files.has(path)) {
    if (optional) return info;
    problems.warn(path, undefined, undefined, `missing: add a ${path} (it may list no ${key} yet)`);
    return info;
  }
  const source = yamlFile(files, path, problems);
  if (source === undefined) return info;
  info.source = source;
  if (!source.ok) return info;
  const data = checkSchema(schema, source, problems);
  if (data !== undefined) info.data = data;
  const valid = data === undefined ? undefined : (data as Record<string, unknown>)[key];
  info.items = Array.isArray(valid)
    ? valid.map((value: Partial<z.output<I>>, index) => ({ index, value }))
    : rawItems(rawField(source.value, key)).map((raw, index) => ({ index, value: salvageObject(itemSchema, raw) }));
  return info;
}

export type GlossaryInfo = ListFileInfo<GlossaryFile, GlossaryTermFile>;
export type CatalogueInfo = ListFileInfo<CatalogueFile, CatalogueEntryFile>;

export function readGlossary(files: BundleFiles, problems: ProblemCollector): GlossaryInfo {
  return readListFile(files, 'glossary.yaml', 'terms', glossarySchema, glossaryTermSchema, problems);
}

export function readCatalogue(files: BundleFiles, problems: ProblemCollector): CatalogueInfo {
  return readListFile(files, 'catalogue.yaml', 'entries', catalogueSchema, catalogueEntrySchema, problems);
}

export type AchievementsInfo = ListFileInfo<AchievementsFile, AchievementFile>;

/** achievements.yaml is optional: a course without one has only the built-in achievements. */
export function readAchievements(files: BundleFiles, problems: ProblemCollector): AchievementsInfo {
  return readListFile(files, 'achievements.yaml', 'achievements', achievementsSchema, achievementSchema, problems, true);
}
