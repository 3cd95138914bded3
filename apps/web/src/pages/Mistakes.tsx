// Common errors and misconceptions of a course: what each looks like, what it means, the fix, and
// the steps that cover it. Filter by kind, or describe what you see (an error message, a belief).
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { Input, Label, Radio, RadioGroup, SearchField } from 'react-aria-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { CoursePicker, useCourseTitle } from '../reference/CoursePicker';
import { Disclosure } from '../reference/Disclosure';
import { useTypedQuery } from '../reference/useTypedQuery';

type Kind = 'error' | 'misconception';
const KIND_LABEL: Record<Kind, string> = { error: 'Error', misconception: 'Misconception' };

function MistakeDetails({ courseId, entryId }: { courseId: string; entryId: string }) {
  const entry = useQuery({
    queryKey: ['mistakes', courseId, 'entry', entryId],
    queryFn: () => call(api.GET('/api/v1/courses/{courseId}/mistakes/{entryId}', { params: { path: { courseId, entryId } } })),
    staleTime: 5 * 60_000,
  });
  if (entry.isPending) return <Loading label="Loading the explanation" />;
  if (entry.isError) return <ErrorNotice error={entry.error} retry={() => void entry.refetch()} />;
  const e = entry.data;
  return (
    <div className="entry-details">
      <p>
        <strong>What it means:</strong> {e.meaning}
      </p>
      <p>
        <strong>The fix:</strong> {e.fix}
      </p>
      {e.steps.length > 0 && (
        <>
          <p className="entry-label">Steps that cover it</p>
          <ul className="step-links">
            {e.steps.map((s) => (
              <li key={s.id}>
                <Link to={`/courses/${courseId}/steps/${s.id}`}>{s.title}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function Mistakes() {
  const { courseId = '' } = useParams();
  const { hash } = useLocation();
  const [params, setParams] = useSearchParams();
  const { typed, setTyped, q } = useTypedQuery(250);
  const kindParam = params.get('kind');
  const kind: Kind | undefined = kindParam === 'error' || kindParam === 'misconception' ? kindParam : undefined;
  const title = useCourseTitle(courseId);
  useTitle(`Common mistakes · ${title}`);
  const list = useQuery({
    queryKey: ['mistakes', courseId, q, kind ?? 'all'],
    queryFn: () =>
      call(api.GET('/api/v1/courses/{courseId}/mistakes', { params: { path: { courseId }, query: { limit: 200, ...(q && { q }), ...(kind && { kind }) } } })),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const setKind = (value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('kind', value);
        else next.delete('kind');
        return next;
      },
      { replace: true },
    );
  const entries = list.data?.entries ?? [];
  return (
    <section className="narrow-wide">
      <p className="breadcrumbs">
        <Link to="/">Courses</Link> › <Link to={`/courses/${courseId}`}>{title}</Link>
      </p>
      <h1>Common mistakes</h1>
      <p className="lead">Errors you may meet and beliefs that trip people up, each with its fix and the steps that explain it.</p>
      <CoursePicker courseId={courseId} page="mistakes" />
      <div role="search" className="search-form">
        <SearchField className="field search-field" value={typed} onChange={setTyped}>
          <Label>Describe what you see</Label>
          <Input placeholder="e.g. maximum context length exceeded" maxLength={300} />
        </SearchField>
      </div>
      <RadioGroup className="choices choices-row kind-filter" orientation="horizontal" value={kind ?? 'all'} onChange={(v) => setKind(v === 'all' ? '' : v)}>
        <Label className="group-label">Show</Label>
        <Radio value="all" className="choice">
          All
        </Radio>
        <Radio value="error" className="choice">
          Errors
        </Radio>
        <Radio value="misconception" className="choice">
          Misconceptions
        </Radio>
      </RadioGroup>
      {list.isPending && <Loading label="Loading the catalogue" />}
      {list.isError && <ErrorNotice error={list.error} retry={() => void list.refetch()} />}
      <p role="status" className="meta">
        {list.data && `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${list.data.query ? ` for “${list.data.query}”` : ''}`}
      </p>
      {list.data && entries.length === 0 && <Empty title="Nothing in the catalogue matches.">Try other words, or show every kind.</Empty>}
      <ul className="entries" aria-busy={list.isFetching}>
        {entries.map((e, i) => (
          <li key={e.id} className="entry" id={e.id}>
            <h2 className="entry-title">
              <span className={`badge badge-${e.kind}`}>{KIND_LABEL[e.kind]}</span> {e.title}
            </h2>
            <p className="entry-text">
              <strong>Symptom:</strong> {e.symptom}
            </p>
            <Disclosure defaultOpen={hash === `#${e.id}` || (!!list.data?.query && i === 0)} summary="Meaning, fix and the steps that cover it">
              {() => <MistakeDetails courseId={courseId} entryId={e.id} />}
            </Disclosure>
          </li>
        ))}
      </ul>
    </section>
  );
}
