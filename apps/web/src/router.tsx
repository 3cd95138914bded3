// Every page and its path. Pages other than the reading path load on demand to keep the first load small.
import { lazy, Suspense, type ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { Catalogue } from './pages/Catalogue';
import { CourseOutline } from './pages/CourseOutline';
import { StepPage } from './pages/StepPage';
import { NotFound } from './pages/NotFound';

function page<K extends string>(load: () => Promise<{ [key in K]: ComponentType }>, name: K) {
  const Component = lazy(async () => {
    const module = await load();
    return { default: module[name] as ComponentType };
  });
  return (
    <Suspense fallback={<Loading label="Loading the page" />}>
      <Component />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Layout />,
    children: [
      { index: true, element: <Catalogue /> },
      { path: 'courses/:courseId', element: <CourseOutline /> },
      { path: 'courses/:courseId/steps/:stepId', element: <StepPage /> },
      { path: 'progress', element: page(() => import('./pages/Dashboard'), 'Dashboard') },
      { path: 'progress/:courseId', element: page(() => import('./pages/Dashboard'), 'Dashboard') },
      { path: 'glossary', element: page(() => import('./reference/CoursePicker'), 'GlossaryHome') },
      { path: 'mistakes', element: page(() => import('./reference/CoursePicker'), 'MistakesHome') },
      { path: 'courses/:courseId/glossary', element: page(() => import('./pages/Glossary'), 'Glossary') },
      { path: 'courses/:courseId/mistakes', element: page(() => import('./pages/Mistakes'), 'Mistakes') },
      { path: 'plans', element: page(() => import('./pages/Plans'), 'Plans') },
      { path: 'plans/new', element: page(() => import('./pages/NewPlan'), 'NewPlan') },
      { path: 'plans/:planId', element: page(() => import('./pages/PlanPage'), 'PlanPage') },
      { path: 'notes', element: page(() => import('./pages/Notes'), 'Notes') },
      { path: 'review', element: page(() => import('./pages/Review'), 'Review') },
      { path: 'search', element: page(() => import('./pages/Search'), 'Search') },
      { path: 'account', element: page(() => import('./pages/Account'), 'Account') },
      { path: 'account/sign-in', element: page(() => import('./pages/SignIn'), 'SignIn') },
      { path: 'account/sign-up', element: page(() => import('./pages/SignUp'), 'SignUp') },
      { path: 'account/forgot-password', element: page(() => import('./pages/ForgotPassword'), 'ForgotPassword') },
      { path: 'onboarding', element: page(() => import('./pages/Onboarding'), 'Onboarding') },
      { path: 'privacy', element: page(() => import('./pages/Legal'), 'Privacy') },
      { path: 'terms', element: page(() => import('./pages/Legal'), 'Terms') },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
