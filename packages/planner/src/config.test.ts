import { describe, expect, it } from 'vitest';
import { plannerConfigFromEnv, PlannerConfigError } from './config.ts';

const provider = { PLANNER_BASE_URL: 'https://api.example.com/v1', PLANNER_API_KEY: 'k', PLANNER_MODEL: 'm' };

describe('PLANNER_WORKER', () => {
  it('runs the worker unless it is off', () => {
    expect(plannerConfigFromEnv(provider)?.worker).toBe(true);
    expect(plannerConfigFromEnv({ ...provider, PLANNER_WORKER: 'on' })?.worker).toBe(true);
    expect(plannerConfigFromEnv({ ...provider, PLANNER_WORKER: ' off ' })?.worker).toBe(false);
  });

  it('refuses any other value, naming the variable', () => {
    expect(() => plannerConfigFromEnv({ ...provider, PLANNER_WORKER: 'false' })).toThrow(PlannerConfigError);
    expect(() => plannerConfigFromEnv({ ...provider, PLANNER_WORKER: 'false' })).toThrow(/PLANNER_WORKER: must be on or off/);
  });

  it('alone does not turn the feature on', () => {
    expect(plannerConfigFromEnv({ PLANNER_WORKER: 'off' })).toBeUndefined();
  });
});
