// Query keys and hooks over the typed client. Learner data is only asked for once a learner exists.
import { useQuery } from '@tanstack/react-query';
import { api, call } from './client';
import { useMe } from '../session';

export const keys = {
  courses: ['courses'] as const,
  outline: (c: string) => ['outline', c] as const,
  step: (c: string, s: string) => ['step', c, s] as const,
  progress: (c: string) => ['me', 'progress', c] as const,
  path: (c: string) => ['me', 'path', c] as const,
  mastery: (c: string) => ['me', 'mastery', c] as const,
  streak: ['me', 'streak'] as const,
  events: ['me', 'events'] as const,
  reviews: ['me', 'reviews'] as const,
};

export const useCourses = () =>
  useQuery({ queryKey: keys.courses, queryFn: () => call(api.GET('/api/v1/courses')), staleTime: 5 * 60_000 });

export const useOutline = (courseId: string) =>
  useQuery({
    queryKey: keys.outline(courseId),
    queryFn: () => call(api.GET('/api/v1/courses/{courseId}', { params: { path: { courseId } } })),
    staleTime: 5 * 60_000,
  });

/** The step as this learner (or an anonymous visitor) sees it; keyed by learner so sign-in refetches it. */
export function useStep(courseId: string, stepId: string) {
  const me = useMe();
  return useQuery({
    queryKey: [...keys.step(courseId, stepId), me.data?.id ?? 'anonymous'],
    queryFn: () => call(api.GET('/api/v1/courses/{courseId}/steps/{stepId}', { params: { path: { courseId, stepId } } })),
    enabled: !me.isLoading,
    // The same step for a new learner (a visitor's first action starts a guest session): keep
    // showing it while the learner's view loads, so the page, and a quiz just started in it,
    // stays in place. Another step never shows the previous one's content.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === courseId && previousQuery.queryKey[2] === stepId ? previous : undefined,
  });
}

export function useProgress(courseId: string | undefined) {
  const me = useMe();
  return useQuery({
    queryKey: keys.progress(courseId ?? ''),
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/progress', { params: { path: { courseId: courseId ?? '' } } })),
    enabled: !!me.data && !!courseId,
  });
}

export function usePath(courseId: string | undefined) {
  const me = useMe();
  return useQuery({
    queryKey: keys.path(courseId ?? ''),
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/path', { params: { path: { courseId: courseId ?? '' } } })),
    enabled: !!me.data && !!courseId,
  });
}

export function useMastery(courseId: string | undefined) {
  const me = useMe();
  return useQuery({
    queryKey: keys.mastery(courseId ?? ''),
    queryFn: () => call(api.GET('/api/v1/me/courses/{courseId}/mastery', { params: { path: { courseId: courseId ?? '' } } })),
    enabled: !!me.data && !!courseId,
  });
}

export function useStreak() {
  const me = useMe();
  return useQuery({ queryKey: keys.streak, queryFn: () => call(api.GET('/api/v1/me/streak')), enabled: !!me.data });
}
