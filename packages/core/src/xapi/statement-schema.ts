// xAPI 1.0.3 statements as a Learning Record Provider sends them, restricted to the subset we
// emit: the actor is an Agent or a Group, the object is an Activity, no attachments.
// Unknown keys are refused everywhere except inside extensions (Data 2.2.s4.b1.b7).
// Tighter than the spec where it only recommends, since we always follow the recommendation:
// `id` is required (re-pushing must be idempotent), no empty objects or arrays (2.2.s2.b1),
// contextActivities values are arrays (2.4.6.2.s4.b5), `version` if set is 1.0.0 (2.4.10.s4.b1),
// timestamps carry a time zone (4.5.s1.b4), and a cmi.interaction activity has an interactionType.
import { z } from 'zod';
import { Duration, Iri, Irl, isIri, LanguageTag, MailtoIri, Sha1Hex, Timestamp, Uri, Uuid } from './formats.ts';
import { XAPI_ACTIVITY_TYPES, XAPI_VERBS } from './vocabulary.ts';

const notEmpty = (value: object): boolean => Object.keys(value).length > 0;
const NOT_EMPTY = 'must not be empty';

export const LanguageMapSchema = z.record(LanguageTag, z.string()).refine(notEmpty, NOT_EMPTY);
export const ExtensionsSchema = z.record(Iri, z.json()).refine(notEmpty, NOT_EMPTY);

const AccountSchema = z.strictObject({ homePage: Irl, name: z.string().min(1) });

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const ifiShape = {
  mbox: MailtoIri.optional(),
  mbox_sha1sum: Sha1Hex.optional(),
  openid: Uri.optional(),
  account: AccountSchema.optional(),
};
const ifiCount = (actor: { [K in (typeof IFI_KEYS)[number]]?: unknown }): number =>
  IFI_KEYS.filter((key) => actor[key] !== undefined).length;

export const AgentSchema = z
  .strictObject({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...ifiShape })
  .refine((agent) => ifiCount(agent) === 1, {
    message: 'an Agent has exactly one inverse functional identifier: mbox, mbox_sha1sum, openid or account',
  });

export const GroupSchema = z
  .strictObject({
    objectType: z.literal('Group'),
    name: z.string().optional(),
    member: z.array(AgentSchema).min(1).optional(),
    ...ifiShape,
  })
  .superRefine((group, ctx) => {
    const count = ifiCount(group);
    if (count > 1) ctx.addIssue({ code: 'custom', message: 'an identified Group has exactly one inverse functional identifier' });
    if (count === 0 && group.member === undefined) {
      ctx.addIssue({ code: 'custom', path: ['member'], message: 'an anonymous Group lists its members' });
    }
  });

export const ActorSchema = z.union([AgentSchema, GroupSchema]);

export const VerbSchema = z.strictObject({ id: Iri, display: LanguageMapSchema.optional() });

const InteractionComponentSchema = z.strictObject({ id: z.string().min(1), description: LanguageMapSchema.optional() });
const InteractionComponents = z.array(InteractionComponentSchema).min(1);

export const INTERACTION_TYPES = [
  'true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other',
] as const;

/** Which interaction component lists each interactionType supports (Data 2.4.4.1.s15). */
const COMPONENT_LISTS = {
  choices: ['choice', 'sequencing'],
  scale: ['likert'],
  source: ['matching'],
  target: ['matching'],
  steps: ['performance'],
} as const satisfies Record<string, readonly (typeof INTERACTION_TYPES)[number][]>;

export const ActivityDefinitionSchema = z
  .strictObject({
    name: LanguageMapSchema.optional(),
    description: LanguageMapSchema.optional(),
    type: Iri.optional(),
    moreInfo: Irl.optional(),
    extensions: ExtensionsSchema.optional(),
    interactionType: z.enum(INTERACTION_TYPES).optional(),
    correctResponsesPattern: z.array(z.string()).optional(),
    choices: InteractionComponents.optional(),
    scale: InteractionComponents.optional(),
    source: InteractionComponents.optional(),
    target: InteractionComponents.optional(),
    steps: InteractionComponents.optional(),
  })
  .refine(notEmpty, NOT_EMPTY)
  .superRefine((definition, ctx) => {
    const { interactionType } = definition;
    if (definition.type === XAPI_ACTIVITY_TYPES.interaction && interactionType === undefined) {
      ctx.addIssue({ code: 'custom', path: ['interactionType'], message: 'a cmi.interaction activity needs an interactionType' });
    }
    if (definition.correctResponsesPattern !== undefined && interactionType === undefined) {
      ctx.addIssue({ code: 'custom', path: ['correctResponsesPattern'], message: 'only interaction activities have one' });
    }
    for (const [list, types] of Object.entries(COMPONENT_LISTS)) {
      const components = definition[list as keyof typeof COMPONENT_LISTS];
      if (components === undefined) continue;
      if (interactionType === undefined || !(types as readonly string[]).includes(interactionType)) {
        ctx.addIssue({ code: 'custom', path: [list], message: `not a component list of interactionType ${interactionType ?? '(none)'}` });
      }
      const ids = components.map((component) => component.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: [list], message: 'component ids must be distinct' });
    }
  });

export const ActivitySchema = z.strictObject({
  objectType: z.literal('Activity').optional(),
  id: Iri,
  definition: ActivityDefinitionSchema.optional(),
});

export const StatementRefSchema = z.strictObject({ objectType: z.literal('StatementRef'), id: Uuid });

export const ScoreSchema = z
  .strictObject({
    scaled: z.number().min(-1).max(1).optional(),
    raw: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine(notEmpty, NOT_EMPTY)
  .superRefine(({ raw, min, max }, ctx) => {
    if (min !== undefined && max !== undefined && !(min < max)) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be less than max' });
    if (raw !== undefined && min !== undefined && raw < min) ctx.addIssue({ code: 'custom', path: ['raw'], message: 'must be at least min' });
    if (raw !== undefined && max !== undefined && raw > max) ctx.addIssue({ code: 'custom', path: ['raw'], message: 'must be at most max' });
  });

export const ResultSchema = z
  .strictObject({
    score: ScoreSchema.optional(),
    success: z.boolean().optional(),
    completion: z.boolean().optional(),
    response: z.string().optional(),
    duration: Duration.optional(),
    extensions: ExtensionsSchema.optional(),
  })
  .refine(notEmpty, NOT_EMPTY);

const ContextActivityList = z.array(ActivitySchema).min(1);

export const ContextSchema = z
  .strictObject({
    registration: Uuid.optional(),
    instructor: ActorSchema.optional(),
    team: GroupSchema.optional(),
    contextActivities: z
      .strictObject({
        parent: ContextActivityList.optional(),
        grouping: ContextActivityList.optional(),
        category: ContextActivityList.optional(),
        other: ContextActivityList.optional(),
      })
      .refine(notEmpty, NOT_EMPTY)
      .optional(),
    revision: z.string().optional(),
    platform: z.string().optional(),
    language: LanguageTag.optional(),
    statement: StatementRefSchema.optional(),
    extensions: ExtensionsSchema.optional(),
  })
  .refine(notEmpty, NOT_EMPTY);

// An Agent, or for 3-legged OAuth a Group of two Agents (Data 2.4.9.s3.b1).
const AuthoritySchema = z.union([AgentSchema, GroupSchema.refine((group) => group.member?.length === 2, 'an OAuth authority Group has two members')]);

export const XapiStatementSchema = z
  .strictObject({
    id: Uuid,
    actor: ActorSchema,
    verb: VerbSchema,
    object: ActivitySchema,
    result: ResultSchema.optional(),
    context: ContextSchema.optional(),
    timestamp: Timestamp.optional(),
    stored: Timestamp.optional(),
    authority: AuthoritySchema.optional(),
    version: z.literal('1.0.0').optional(),
  })
  .refine((statement) => statement.verb.id !== XAPI_VERBS.voided.id, {
    path: ['verb', 'id'],
    message: 'voided is reserved for statements whose object is a StatementRef',
  });

export type XapiStatement = z.infer<typeof XapiStatementSchema>;
export type XapiActivity = z.infer<typeof ActivitySchema>;

const isRelativeIrl = (more: string): boolean =>
  more === '' || (/^\/(?!\/)[^#]*$/.test(more) && isIri(`x:${more}`));

/** A GET /statements answer (Data 2.5): `more` is a relative IRL, empty when there is nothing more. */
export const XapiStatementResultSchema = z.strictObject({
  statements: z.array(XapiStatementSchema),
  more: z.string().refine(isRelativeIrl, 'must be a path (and query) without scheme, host or port, or empty').optional(),
});

export type XapiStatementResult = z.infer<typeof XapiStatementResultSchema>;
