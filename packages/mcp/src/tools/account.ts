// The signed-in learner: who they are, and their profile.
import * as z from 'zod';
import { getLearner, LearnerView, Profile, updateProfile } from '@cc/core';
import { defineTool, learnerOf, READ } from '../tool.ts';

export const whoami = defineTool({
  name: 'whoami',
  title: 'Who am I',
  description: 'The signed-in learner: their id and access tier (free, premium or pro).',
  access: 'signed-in',
  hints: READ,
  hintsWhy: 'Reads the caller\'s own account; changes nothing.',
  input: z.object({}),
  output: z.object({ learnerId: z.string(), tier: z.enum(['free', 'premium', 'pro']) }),
  async run(_args, ctx) {
    const learner = await getLearner(ctx.deps.learning, learnerOf(ctx));
    return { learnerId: learner.id, tier: learner.tier };
  },
  text: (out) => JSON.stringify(out),
});

export const getProfile = defineTool({
  name: 'get_profile',
  title: 'Get learner profile',
  description:
    "The signed-in learner's profile (experience, maths background, goals, weekly minutes, time zone, depth) and tier. Null profile: not set yet; ask the learner and call update_profile.",
  access: 'signed-in',
  hints: READ,
  hintsWhy: "Reads the caller's own profile; changes nothing.",
  input: z.object({}),
  output: z.object({ learner: LearnerView }),
  run: async (_args, ctx) => ({ learner: await getLearner(ctx.deps.learning, learnerOf(ctx)) }),
  text: ({ learner }) => (learner.profile ? `Profile set (${learner.profile.softwareExperience}, ${learner.profile.weeklyMinutes} min/week).` : 'No profile yet.'),
});

export const updateProfileTool = defineTool({
  name: 'update_profile',
  title: 'Update learner profile',
  description:
    "Sets the signed-in learner's whole profile; the personalised path and estimated finish date change at once. Ask the learner for each field; do not guess.",
  access: 'signed-in',
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  hintsWhy: "Replaces the caller's own profile with the given one (the same call twice leaves the same profile); it deletes nothing and can be set back.",
  input: z.object({ profile: Profile }),
  output: z.object({ learner: LearnerView }),
  run: async ({ profile }, ctx) => ({ learner: await updateProfile(ctx.deps.learning, learnerOf(ctx), profile) }),
  text: () => 'Profile saved; the path is re-planned.',
});
