// The established identifiers we use (Data 3.1: reuse existing identifiers rather than coin new ones).

export interface XapiVerb {
  id: string;
  display: { 'en-US': string };
}

const verb = (id: string, display: string): XapiVerb => ({ id, display: { 'en-US': display } });

export const XAPI_VERBS = {
  // ADL's verb for having seen content (a step); a revealed hint uses our own verb (to-statement.ts).
  experienced: verb('http://adlnet.gov/expapi/verbs/experienced', 'experienced'),
  completed: verb('http://adlnet.gov/expapi/verbs/completed', 'completed'),
  answered: verb('http://adlnet.gov/expapi/verbs/answered', 'answered'),
  passed: verb('http://adlnet.gov/expapi/verbs/passed', 'passed'),
  failed: verb('http://adlnet.gov/expapi/verbs/failed', 'failed'),
  progressed: verb('http://adlnet.gov/expapi/verbs/progressed', 'progressed'),
  voided: verb('http://adlnet.gov/expapi/verbs/voided', 'voided'),
  // A bookmark: ADL has no "bookmarked" verb. Activity Streams 1.0's `save` ("called out the object
  // as being of interest primarily to him- or herself"), listed in the xAPI registry, says it.
  saved: verb('http://activitystrea.ms/schema/1.0/save', 'saved'),
} as const;

export const XAPI_ACTIVITY_TYPES = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  assessment: 'http://adlnet.gov/expapi/activities/assessment',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  media: 'http://adlnet.gov/expapi/activities/media',
} as const;

/** cmi5's result extension for a progressed statement: an integer percentage, 0-100. */
export const CMI5_PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';
