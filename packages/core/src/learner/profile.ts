import { z } from 'zod';

export const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris');

export const Profile = z.object({
  softwareExperience: z.enum(['none', 'beginner', 'intermediate', 'expert']),
  mathsBackground: z.enum(['basic', 'intermediate', 'advanced']),
  goals: z.array(z.enum(['understand', 'build', 'career', 'research'])).max(4),
  weeklyMinutes: z.number().int().min(15).max(3000),
  timeZone: TimeZone,
  depth: z.enum(['overview', 'standard', 'deep']),
});
export type Profile = z.infer<typeof Profile>;

export const DEFAULT_PROFILE: Profile = {
  softwareExperience: 'intermediate',
  mathsBackground: 'intermediate',
  goals: ['understand'],
  weeklyMinutes: 120,
  timeZone: 'UTC',
  depth: 'standard',
};

export const Tier = z.enum(['free', 'premium', 'pro']);
export type Tier = z.infer<typeof Tier>;
