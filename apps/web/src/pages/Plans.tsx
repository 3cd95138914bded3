// The learner's learning plans, newest first, each with its status.
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { useCourses } from '../api/queries';
import { Empty, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { notPro, PlanProblem } from '../plans/PlanProblem';
import { useMe } from '../session';
import { StatusBadge } from '../plans/StatusBadge';

export function Plans() {
  useTitle('Learning plans');
  const plans = useQuery({
    queryKey: ['plans'],
    queryFn: () => call(api.GET('/api/v1/plans')),
    refetchInterval: (query) => (query.state.data?.plans.some((p) => p.status === 'pending') ? 2000 : false),
    retry: false,
  });
  const courses = useCourses();
  const me = useMe();
  const pro = me.data?.tier === 'pro';
  const courseTitle = (id: string) => courses.data?.courses.find((c) => c.id === id)?.title ?? id;
  return (
    <section className="narrow-wide">
      <h1>Learning plans</h1>
      <p className="lead">Tell the planner what you want to learn; it writes you a plan of modules and tasks from the course's steps.</p>
      {plans.isPending && <Loading label="Loading your plans" />}
      {plans.isError && <PlanProblem error={plans.error} retry={() => void plans.refetch()} />}
      {plans.data && (
        <>
          {pro ? (
            <p>
              <Link to="/plans/new" className="button">
                New plan
              </Link>
            </p>
          ) : (
            me.data && <PlanProblem error={notPro()} />
          )}
          {plans.data.plans.length === 0 ? (
            pro && <Empty title="You have no plans yet.">Ask for one: a topic is enough.</Empty>
          ) : (
            <ul className="entries">
              {plans.data.plans.map((p) => (
                <li key={p.id} className="entry plan-row">
                  <Link to={`/plans/${p.id}`} className="result-link">
                    {p.topic}
                  </Link>
                  <StatusBadge status={p.status} />
                  <p className="meta">
                    {courseTitle(p.courseId)} · asked {new Date(p.createdAt).toLocaleString()}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
