import { describe, expect, it } from 'vitest';
import { XapiStatementResultSchema, XapiStatementSchema } from './statement-schema.ts';

type Json = Record<string, unknown>;
const valid = (statement: unknown) => XapiStatementSchema.safeParse(statement).success;

// Statements from the xAPI 1.0.3 data document (2.4, Appendices A, B, C, D), as printed there.
const SPEC = {
  simplest: {
    id: '12345678-1234-5678-1234-567812345678',
    actor: { mbox: 'mailto:xapi@adlnet.gov' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/created', display: { 'en-US': 'created' } },
    object: { id: 'http://example.adlnet.gov/xapi/example/activity' },
  },
  simple: {
    id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
    timestamp: '2015-11-18T12:17:00+00:00',
    actor: { objectType: 'Agent', name: 'Project Tin Can API', mbox: 'mailto:user@example.com' },
    verb: { id: 'http://example.com/xapi/verbs#sent-a-statement', display: { 'en-US': 'sent' } },
    object: {
      id: 'http://example.com/xapi/activity/simplestatement',
      definition: {
        name: { 'en-US': 'simple statement' },
        description: { 'en-US': 'A simple Experience API statement. Note that the LRS does not need to have any prior information about the Actor (learner), the verb, or the Activity/object.' },
      },
    },
  },
  attempted: {
    id: '7ccd3322-e1a5-411a-a67d-6a735c76f119',
    timestamp: '2015-12-18T12:17:00+00:00',
    actor: { objectType: 'Agent', name: 'Example Learner', mbox: 'mailto:example.learner@adlnet.gov' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
    object: {
      id: 'http://example.adlnet.gov/xapi/example/simpleCBT',
      definition: { name: { 'en-US': 'simple CBT course' }, description: { 'en-US': 'A fictitious example CBT course.' } },
    },
    result: { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' },
  },
  long: {
    id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee',
    actor: {
      name: 'Team PB',
      mbox: 'mailto:teampb@example.com',
      member: [
        { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
        { name: 'Toby Nichols', openid: 'http://toby.openid.example.org/', objectType: 'Agent' },
        { name: 'Ena Hills', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9', objectType: 'Agent' },
      ],
      objectType: 'Group',
    },
    verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-GB': 'attended', 'en-US': 'attended' } },
    result: {
      extensions: { 'http://example.com/profiles/meetings/resultextensions/minuteslocation': 'X:\\meetings\\minutes\\examplemeeting.one' },
      success: true,
      completion: true,
      response: 'We agreed on some example actions.',
      duration: 'PT1H0M0S',
    },
    context: {
      registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7',
      contextActivities: {
        parent: [{ id: 'http://www.example.com/meetings/series/267', objectType: 'Activity' }],
        category: [
          {
            id: 'http://www.example.com/meetings/categories/teammeeting',
            objectType: 'Activity',
            definition: {
              name: { en: 'team meeting' },
              description: { en: 'A category of meeting used for regular team meetings.' },
              type: 'http://example.com/expapi/activities/meetingcategory',
            },
          },
        ],
        other: [
          { id: 'http://www.example.com/meetings/occurances/34257', objectType: 'Activity' },
          { id: 'http://www.example.com/meetings/occurances/3425567', objectType: 'Activity' },
        ],
      },
      instructor: { name: 'Andrew Downes', account: { homePage: 'http://www.example.com', name: '13936749' }, objectType: 'Agent' },
      team: { name: 'Team PB', mbox: 'mailto:teampb@example.com', objectType: 'Group' },
      platform: 'Example virtual meeting software',
      language: 'tlh',
      statement: { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' },
    },
    timestamp: '2013-05-18T05:32:34.804+00:00',
    stored: '2013-05-18T05:32:34.804+00:00',
    authority: { account: { homePage: 'http://cloud.scorm.com/', name: 'anonymous' }, objectType: 'Agent' },
    version: '1.0.0',
    object: {
      id: 'http://www.example.com/meetings/occurances/34534',
      definition: {
        extensions: { 'http://example.com/profiles/meetings/activitydefinitionextensions/room': { name: 'Kilby', id: 'http://example.com/rooms/342' } },
        name: { 'en-GB': 'example meeting', 'en-US': 'example meeting' },
        description: {
          'en-GB': 'An example meeting that happened on a specific occasion with certain people present.',
          'en-US': 'An example meeting that happened on a specific occasion with certain people present.',
        },
        type: 'http://adlnet.gov/expapi/activities/meeting',
        moreInfo: 'http://virtualmeeting.example.com/345256',
      },
      objectType: 'Activity',
    },
  },
  signed: {
    version: '1.0.0',
    id: '33cff416-e331-4c9d-969e-5373a1756120',
    actor: { mbox: 'mailto:example@example.com', name: 'Example Learner', objectType: 'Agent' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: {
      id: 'https://www.youtube.com/watch?v=xh4kIiH3Sm8',
      objectType: 'Activity',
      definition: {
        name: { 'en-US': 'Tax Tips & Information : How to File a Tax Return ' },
        description: { 'en-US': 'Filing a tax return will require filling out either a 1040, 1040A or 1040EZ form' },
      },
    },
    timestamp: '2013-04-01T12:00:00Z',
  },
} satisfies Record<string, Json>;

const component = (id: string, text: string) => ({ id, description: { 'en-US': text } });
const INTERACTIONS: Json[] = [
  { interactionType: 'true-false', correctResponsesPattern: ['true'] },
  { interactionType: 'choice', correctResponsesPattern: ['golf[,]tetris'], choices: [component('golf', 'Golf Example'), component('facebook', 'Facebook App'), component('tetris', 'Tetris Example')] },
  { interactionType: 'fill-in', correctResponsesPattern: ["Bob's your uncle"] },
  { interactionType: 'long-fill-in', correctResponsesPattern: ['{case_matters=false}{lang=en}To store and provide access to learning experiences.'] },
  { interactionType: 'likert', correctResponsesPattern: ['likert_3'], scale: [component('likert_0', "It's OK"), component('likert_3', "It's Gonna Change the World")] },
  { interactionType: 'matching', correctResponsesPattern: ['ben[.]3[,]chris[.]2'], source: [component('ben', 'Ben'), component('chris', 'Chris')], target: [component('2', 'We got Runs'), component('3', 'Duck')] },
  { interactionType: 'performance', correctResponsesPattern: ['pong[.]1:[,]dg[.]:10[,]lunch[.]'], steps: [component('pong', 'Net pong matches won'), component('dg', 'Strokes over par'), component('lunch', 'Lunch having been eaten')] },
  { interactionType: 'sequencing', correctResponsesPattern: ['tim[,]mike[,]ells[,]ben'], choices: [component('tim', 'Tim'), component('ben', 'Ben'), component('ells', 'Ells'), component('mike', 'Mike')] },
  { interactionType: 'numeric', correctResponsesPattern: ['4[:]'] },
  { interactionType: 'other', correctResponsesPattern: ['(35.937432,-86.868896)'] },
];
const answering = (definition: Json): Json => ({
  ...SPEC.simple,
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: {
    objectType: 'Activity',
    id: 'http://example.com/questions/1',
    definition: { description: { 'en-US': 'A question' }, type: 'http://adlnet.gov/expapi/activities/cmi.interaction', ...definition },
  },
});

/** A copy of `base` with the value at `path` replaced (`undefined` deletes it). */
function edit(base: Json, path: string, value: unknown): Json {
  const copy = structuredClone(base);
  const keys = path.split('.');
  const last = keys.pop()!;
  let node: Record<string, unknown> = copy;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('XapiStatementSchema: the spec examples', () => {
  it.each(Object.entries(SPEC))('accepts the %s statement', (_, statement) => {
    expect(XapiStatementSchema.safeParse(statement).error?.issues).toBeUndefined();
  });

  it.each(INTERACTIONS.map((d) => [d.interactionType, d]))('accepts the %s interaction definition of Appendix C', (_, definition) => {
    expect(XapiStatementSchema.safeParse(answering(definition)).error?.issues).toBeUndefined();
  });

  it('accepts the other actor forms of 2.4.2.4 and Appendix B', () => {
    expect(valid({ ...SPEC.simple, actor: { objectType: 'Agent', account: { homePage: 'http://www.example.com', name: '1625378' } } })).toBe(true);
    expect(valid({ ...SPEC.simple, actor: { name: 'Aaron Silvers', openid: 'http://aaron.openid.example.org', objectType: 'Agent' } })).toBe(true);
    const identifiedGroup = {
      name: 'Example Group',
      account: { homePage: 'http://example.com/homePage', name: 'GroupAccount' },
      objectType: 'Group',
      member: [{ name: 'Andrew Downes', mbox: 'mailto:andrew@example.com', objectType: 'Agent' }],
    };
    expect(valid({ ...SPEC.simple, actor: identifiedGroup })).toBe(true);
  });

  it('accepts a 3-legged OAuth authority (2.4.9.s8) and refuses other Group authorities', () => {
    const member = [{ account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } }, { mbox: 'mailto:bob@example.com' }];
    expect(valid({ ...SPEC.simple, authority: { objectType: 'Group', member } })).toBe(true);
    expect(valid({ ...SPEC.simple, authority: { objectType: 'Group', member: [...member, { mbox: 'mailto:eve@example.com' }] } })).toBe(false);
  });
});

describe('XapiStatementSchema: what it refuses', () => {
  const base: Json = SPEC.long;
  const refused: [string, string, unknown][] = [
    // statement
    ['an unknown top-level property', 'foo', 'bar'],
    ['attachments (not in the subset we emit)', 'attachments', []],
    ['a missing actor', 'actor', undefined],
    ['a missing verb', 'verb', undefined],
    ['a missing object', 'object', undefined],
    ['a missing id (we always set one)', 'id', undefined],
    ['a non-UUID id', 'id', 'statement-1'],
    ['a UUID without hyphens', 'id', '6690e6c93ef04ed38b377f3964730bee'],
    ['a key in the wrong case', 'Timestamp', '2013-05-18T05:32:34.804+00:00'],
    ['a timestamp without a time zone', 'timestamp', '2013-05-18T05:32:34.804'],
    ['a -00:00 offset', 'timestamp', '2013-05-18T05:32:34.804-00:00'],
    ['a version other than 1.0.0', 'version', '1.0.3'],
    ['a null value', 'result.response', null],
    // actor
    ['an Agent with no identifier', 'actor', { objectType: 'Agent', name: 'Nobody' }],
    ['an Agent with two identifiers', 'actor', { objectType: 'Agent', mbox: 'mailto:a@example.com', account: { homePage: 'http://example.com', name: 'a' } }],
    ['an Agent with an mbox and an mbox_sha1sum', 'actor', { mbox: 'mailto:a@example.com', mbox_sha1sum: 'ebd31e95054c018b10727ccffd2ef2ec3a016ee9' }],
    ['an mbox without mailto:', 'actor', { mbox: 'a@example.com' }],
    ['a malformed mbox_sha1sum', 'actor', { mbox_sha1sum: 'ebd31e95' }],
    ['an account without a homePage', 'actor', { account: { name: 'a' } }],
    ['an account whose homePage is not an IRL', 'actor', { account: { homePage: 'example.com', name: 'a' } }],
    ['an account with an empty name', 'actor', { account: { homePage: 'http://example.com', name: '' } }],
    ['an account with an unknown property', 'actor', { account: { homePage: 'http://example.com', name: 'a', email: 'a@example.com' } }],
    ['an objectType in the wrong case', 'actor', { objectType: 'agent', mbox: 'mailto:a@example.com' }],
    ['an anonymous Group without members', 'actor', { objectType: 'Group', name: 'Team' }],
    ['a Group with two identifiers', 'actor', { objectType: 'Group', mbox: 'mailto:t@example.com', openid: 'http://t.example.org/' }],
    ['a Group inside a Group', 'actor', { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:t@example.com' }] }],
    ['a team that is an Agent', 'context.team', { objectType: 'Agent', mbox: 'mailto:t@example.com' }],
    // verb
    ['a relative verb id', 'verb.id', 'verbs/attended'],
    ['a verb id with a space', 'verb.id', 'http://example.com/my verb'],
    ['a display key that is not a language tag', 'verb.display', { english_US: 'attended' }],
    ['an empty display', 'verb.display', {}],
    ['the voided verb with an Activity', 'verb', { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } }],
    // object
    ['an object id that is an IRI fragment', 'object.id', '#meeting'],
    ['an object that is a StatementRef (not in the subset we emit)', 'object', { objectType: 'StatementRef', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' }],
    ['an object that is an Agent (not in the subset we emit)', 'object', { objectType: 'Agent', mbox: 'mailto:a@example.com' }],
    ['an activity type that is not an IRI', 'object.definition.type', 'meeting'],
    ['a moreInfo that is not an IRL', 'object.definition.moreInfo', 'virtualmeeting/345256'],
    ['an unknown definition property', 'object.definition.title', 'Meeting'],
    ['an extension key that is not an IRI', 'object.definition.extensions', { room: 'Kilby' }],
    ['an empty definition', 'object.definition', {}],
    // result
    ['a scaled score above 1', 'result.score', { scaled: 1.5 }],
    ['a scaled score below -1', 'result.score', { scaled: -1.01 }],
    ['a scaled score given as a string', 'result.score', { scaled: '0.5' }],
    ['a raw score above max', 'result.score', { raw: 11, min: 0, max: 10 }],
    ['a raw score below min', 'result.score', { raw: -1, min: 0, max: 10 }],
    ['min not below max', 'result.score', { min: 10, max: 10 }],
    ['an empty score', 'result.score', {}],
    ['success given as a string', 'result.success', 'true'],
    ['a duration in the alternative format', 'result.duration', '01:00:00'],
    ['a duration with seconds but no T', 'result.duration', 'P16559.14S'],
    ['an empty result', 'result', {}],
    // context
    ['a registration that is not a UUID', 'context.registration', 'attempt-1'],
    ['an unknown contextActivities key', 'context.contextActivities.parents', []],
    ['a single context activity instead of an array', 'context.contextActivities.parent', { id: 'http://www.example.com/meetings/series/267' }],
    ['an empty context activity list', 'context.contextActivities.other', []],
    ['a context activity with a bad id', 'context.contextActivities.parent', [{ id: 'series/267' }]],
    ['a language that is not a tag', 'context.language', 'Klingon language'],
    ['a statement reference that is not a StatementRef', 'context.statement', { objectType: 'Statement', id: '6690e6c9-3ef0-4ed3-8b37-7f3964730bee' }],
    ['an unknown context property', 'context.course', 'x'],
  ];

  it.each(refused)('refuses %s', (_, path, value) => {
    expect(valid(base)).toBe(true);
    expect(valid(edit(base, path, value))).toBe(false);
  });

  it.each([
    ['without an interactionType', { correctResponsesPattern: ['true'] }],
    ['with an unknown interactionType', { interactionType: 'essay' }],
    ['with choices on a true-false question', { interactionType: 'true-false', choices: [component('a', 'A')] }],
    ['with a scale on a choice question', { interactionType: 'choice', scale: [component('a', 'A')] }],
    ['with duplicate choice ids', { interactionType: 'choice', choices: [component('a', 'A'), component('a', 'B')] }],
    ['with a component without an id', { interactionType: 'choice', choices: [{ description: { 'en-US': 'A' } }] }],
  ])('refuses an interaction %s', (_, definition) => {
    expect(valid(answering(definition))).toBe(false);
  });

  it('refuses interaction properties on a plain activity', () => {
    expect(valid(edit(SPEC.simple, 'object.definition.choices', [component('a', 'A')]))).toBe(false);
  });

  it('explains its refusals by path', () => {
    const issues = XapiStatementSchema.safeParse(edit(base, 'result.score', { scaled: 2 })).error?.issues;
    expect(issues?.map((i) => i.path.join('.'))).toEqual(['result.score.scaled']);
  });
});

describe('XapiStatementResultSchema', () => {
  it('accepts a page with a relative more link, or none', () => {
    expect(XapiStatementResultSchema.safeParse({ statements: [SPEC.simple], more: '/xapi/statements?cursor=abc' }).success).toBe(true);
    expect(XapiStatementResultSchema.safeParse({ statements: [], more: '' }).success).toBe(true);
    expect(XapiStatementResultSchema.safeParse({ statements: [] }).success).toBe(true);
  });

  it('refuses an absolute more link or a bad statement', () => {
    expect(XapiStatementResultSchema.safeParse({ statements: [], more: 'https://lrs.example/xapi/statements?cursor=abc' }).success).toBe(false);
    expect(XapiStatementResultSchema.safeParse({ statements: [], more: '//lrs.example/more' }).success).toBe(false);
    expect(XapiStatementResultSchema.safeParse({ statements: [{ ...SPEC.simple, id: 'x' }], more: '' }).success).toBe(false);
  });
});
