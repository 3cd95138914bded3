// The published contracts, rendered from code. `pnpm contracts` writes them to contracts/;
// contracts.test.ts fails when the committed files drift from what the code serves.
import path from 'node:path';
import type { CourseCatalog, LearningStore, SearchIndex } from '@cc/core';
import { createApi, openApiDocument } from './app.ts';
import { silentLogger } from './logger.ts';

export const contractsDir = path.resolve(import.meta.dirname, '../../../contracts');

const unwired = (): never => {
  throw new Error('contract rendering does not serve requests');
};

/** The OpenAPI document exactly as /api/v1/openapi.json serves it. Handlers are never called here. */
export function renderOpenApi(): string {
  const catalog: CourseCatalog = { list: unwired, get: unwired };
  const search: SearchIndex = { ensureIndexed: unwired, search: unwired, searchReference: unwired };
  const store = new Proxy({}, { get: () => unwired }) as LearningStore;
  const api = createApi({
    catalog,
    search,
    logger: silentLogger,
    ready: unwired,
    learning: { catalog, store, clock: { now: () => new Date(0) }, ids: { uuid: unwired }, presentationSecret: 'contracts' },
    sessions: { create: unwired, learnerFor: unwired, revoke: unwired },
    publicUrl: 'http://localhost:8787',
    rateLimiter: { hit: unwired },
  });
  return JSON.stringify(openApiDocument(api), null, 2) + '\n';
}
