import type { Course, CourseCatalog } from '@cc/core';
import { isSlug } from './format/common.ts';
import { parseBundle } from './load/parse-bundle.ts';
import { formatProblem } from './load/problems.ts';
import type { ContentStore, Release } from './store/types.ts';

export interface CatalogLogger {
  info(message: string, data?: object): void;
  warn(message: string, data?: object): void;
  error(message: string, data?: object): void;
}

export interface CachedCourseCatalogOptions {
  /** Ask the store for a course's current release at most this often (0 = on every call). */
  refreshSeconds: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  logger?: CatalogLogger;
  /** Runs after a version is loaded, before it is served (the server indexes it for search). */
  onLoaded?: (course: Course) => Promise<void> | void;
  /** Files read in parallel per load (default 8). */
  readConcurrency?: number;
}

interface CourseState {
  course?: Course;
  /** When the store was last asked (ms); undefined = never. */
  checkedAt?: number;
  /** A version that failed validation, so it is not reloaded (or logged) again. */
  rejectedVersion?: string;
  inFlight?: Promise<void>;
}

const consoleLogger: CatalogLogger = {
  info: (message, data) => console.info(message, data ?? ''),
  warn: (message, data) => console.warn(message, data ?? ''),
  error: (message, data) => console.error(message, data ?? ''),
};

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The CourseCatalog port over a ContentStore. Loaded courses are kept by version; each course's
 * release is re-read at most every `refreshSeconds`, and a new valid version replaces the old one
 * in place. An invalid new version, or a store that fails, is logged and the old version keeps
 * serving. Concurrent callers share one load.
 */
export class CachedCourseCatalog implements CourseCatalog {
  private readonly states = new Map<string, CourseState>();
  private ids: { value: string[]; checkedAt: number } | undefined;
  private idsInFlight: Promise<string[]> | undefined;
  private readonly now: () => number;
  private readonly logger: CatalogLogger;

  constructor(
    private readonly store: ContentStore,
    private readonly options: CachedCourseCatalogOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? consoleLogger;
  }

  async list(): Promise<Course[]> {
    // Courses being served stay listed while their store entry is broken (for example a folder whose
    // course.yaml was deleted): `get` keeps serving the last good version until the course is gone.
    const served = [...this.states].filter(([, state]) => state.course !== undefined).map(([id]) => id);
    const ids = [...new Set([...(await this.courseIds()), ...served])].sort();
    const courses = await Promise.all(ids.map((id) => this.get(id)));
    return courses.filter((course): course is Course => course !== undefined);
  }

  async get(courseId: string): Promise<Course | undefined> {
    if (!isSlug(courseId)) return undefined;
    let state = this.states.get(courseId);
    if (state === undefined) {
      state = {};
      this.states.set(courseId, state);
    }
    if (state.inFlight === undefined && this.isStale(state.checkedAt)) {
      const current = state;
      current.inFlight = this.refresh(courseId, current).finally(() => {
        current.inFlight = undefined;
      });
    }
    if (state.inFlight !== undefined) await state.inFlight;
    return state.course;
  }

  private isStale(checkedAt: number | undefined): boolean {
    return checkedAt === undefined || this.now() - checkedAt >= this.options.refreshSeconds * 1000;
  }

  private async courseIds(): Promise<string[]> {
    if (this.ids !== undefined && !this.isStale(this.ids.checkedAt)) return this.ids.value;
    this.idsInFlight ??= (async () => {
      const checkedAt = this.now();
      try {
        const value = await this.store.listCourseIds();
        this.ids = { value, checkedAt };
        return value;
      } catch (error) {
        const known = this.ids?.value ?? [...this.states].filter(([, state]) => state.course).map(([id]) => id);
        this.logger.error(`content: listing courses in ${this.store.describe()} failed; serving the known ones`, {
          error: errorMessage(error),
        });
        this.ids = { value: known, checkedAt };
        return known;
      } finally {
        this.idsInFlight = undefined;
      }
    })();
    return this.idsInFlight;
  }

  private async refresh(courseId: string, state: CourseState): Promise<void> {
    state.checkedAt = this.now();
    let release: Release | undefined;
    try {
      release = await this.store.getRelease(courseId);
    } catch (error) {
      this.logFailure(courseId, state, `reading the release from ${this.store.describe()}`, error);
      return;
    }
    if (release === undefined) {
      if (state.course !== undefined) {
        this.logger.warn(`content: course ${courseId} is gone from ${this.store.describe()}; no longer serving it`, { courseId });
        delete state.course;
      }
      return;
    }
    if (release.version === state.course?.version || release.version === state.rejectedVersion) return;
    await this.load(courseId, release, state);
  }

  private async load(courseId: string, release: Release, state: CourseState): Promise<void> {
    let files: Map<string, Uint8Array>;
    try {
      files = await this.readFiles(courseId, release);
    } catch (error) {
      this.logFailure(courseId, state, `reading version ${release.version} from ${this.store.describe()}`, error);
      return;
    }
    let result: ReturnType<typeof parseBundle>;
    try {
      result = parseBundle(files, { version: release.version, courseId });
    } catch (error) {
      // A loader bug must not take down a course that is already serving.
      this.logFailure(courseId, state, `loading version ${release.version}`, error);
      return;
    }
    const errors = result.problems.filter((problem) => problem.severity === 'error');
    if (result.course === undefined) {
      state.rejectedVersion = release.version;
      const serving = state.course ? `still serving version ${state.course.version}` : 'the course is not served';
      this.logger.error(`content: course ${courseId} version ${release.version} is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}); ${serving}`, {
        courseId,
        version: release.version,
        problems: errors.map(formatProblem),
      });
      return;
    }
    const course = result.course;
    try {
      await this.options.onLoaded?.(course);
    } catch (error) {
      this.logger.error(`content: onLoaded failed for course ${courseId} version ${course.version}`, { courseId, error: errorMessage(error) });
    }
    const previous = state.course?.version;
    state.course = course;
    delete state.rejectedVersion;
    const warnings = result.problems.length - errors.length;
    this.logger.info(`content: loaded course ${courseId} version ${course.version}${previous ? ` (was ${previous})` : ''}`, {
      courseId,
      version: course.version,
      warnings,
    });
  }

  private async readFiles(courseId: string, release: Release): Promise<Map<string, Uint8Array>> {
    const files = new Map<string, Uint8Array>();
    let next = 0;
    const worker = async () => {
      while (next < release.files.length) {
        const file = release.files[next];
        next += 1;
        if (file !== undefined) files.set(file.path, await this.store.readFile(courseId, file));
      }
    };
    const workers = Math.min(this.options.readConcurrency ?? 8, release.files.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return files;
  }

  private logFailure(courseId: string, state: CourseState, doing: string, error: unknown): void {
    const serving = state.course ? `still serving version ${state.course.version}` : 'the course is not served';
    this.logger.error(`content: ${doing} failed for course ${courseId}; ${serving}`, {
      courseId,
      error: errorMessage(error),
    });
  }
}
