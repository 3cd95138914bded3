// Format: the zod schemas of the bundle files (snake_case, as authored) and the JSON Schema contract.
export { isSlug, percentSchema, SHA256_PATTERN, sha256Schema, SLUG_PATTERN, slugSchema, textSchema } from './format/common.ts';
export {
  chapterPrerequisiteSchema,
  chapterSchema,
  manifestSchema,
  prerequisiteSchema,
  prerequisitesSchema,
  stepPrerequisiteSchema,
  type ChapterFile,
  type ManifestFile,
  type PrerequisiteFile,
} from './format/manifest.ts';
export { stepFrontmatterSchema, type StepFrontmatterFile } from './format/step-frontmatter.ts';
export {
  choiceOptionSchema,
  clozeChoiceBlankSchema,
  clozeQuestionSchema,
  clozeTextBlankSchema,
  matchingQuestionSchema,
  multipleQuestionSchema,
  numericQuestionSchema,
  numericToleranceSchema,
  orderingQuestionSchema,
  QUESTION_TYPES,
  questionSchema,
  questionSchemas,
  quizPolicySchema,
  quizSchema,
  shortTextQuestionSchema,
  singleQuestionSchema,
  trueFalseQuestionSchema,
  type ChoiceOptionFile,
  type QuestionFile,
  type QuestionFileType,
  type QuizFile,
  type QuizPolicyFile,
} from './format/quiz.ts';
export { glossarySchema, glossaryTermSchema, type GlossaryFile, type GlossaryTermFile } from './format/glossary.ts';
export { catalogueEntrySchema, catalogueSchema, type CatalogueEntryFile, type CatalogueFile } from './format/catalogue.ts';
export { bundlePathSchema, isSafeBundlePath, releaseFileSchema, releaseSchema, type ReleaseJson } from './format/release.ts';
export { bundleJsonSchema, renderBundleJsonSchema } from './format/json-schema.ts';

// Markdown: frontmatter, sections, audience blocks, word counts.
export { splitFrontmatter, type FrontmatterSplit } from './markdown/frontmatter.ts';
export { scanMarkdown, type BlockSpan, type MarkdownIssue, type ScannedLine, type ScannedMarkdown } from './markdown/scan.ts';
export { splitSections } from './markdown/sections.ts';
export { splitBlocks } from './markdown/blocks.ts';
export { countWords } from './markdown/word-count.ts';
export { analyseStepBody, type StepBody } from './markdown/step-body.ts';

// Loading: one-pass validation into the @cc/core Course model.
export { parseBundle, type BundleStats, type ParseBundleOptions, type ParseBundleResult } from './load/parse-bundle.ts';
export { formatProblem, sortProblems, type Problem, type Severity } from './load/problems.ts';
export { bundleVersion, sha256Hex } from './load/version.ts';
export { LESSON_WORDS } from './load/check-references.ts';

// Stores: where bundles live (a folder or an S3/R2 bucket), and publishing to a bucket.
export { ContentIntegrityError, type ContentStore, type PublishTarget, type Release, type ReleaseFile } from './store/types.ts';
export { parseRelease, renderRelease } from './store/release-file.ts';
export { ContentPathError, readBundleDir, walkBundle, type WalkedFile } from './store/fs-walk.ts';
export { FsContentStore } from './store/fs-store.ts';
export { S3ContentStore, S3StoreError, type S3ContentStoreOptions } from './store/s3-store.ts';
export { BundleInvalidError, pushBundle, type PushOptions, type PushProgress, type PushResult } from './store/push.ts';
export { ContentConfigError, contentStoreFromEnv, s3OptionsFromEnv, type ContentEnv } from './store/from-env.ts';

// The CourseCatalog port with a version-keyed, self-refreshing cache.
export { CachedCourseCatalog, type CachedCourseCatalogOptions, type CatalogLogger } from './catalog.ts';
