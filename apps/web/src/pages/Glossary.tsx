// The course glossary: look a term up as you type (aliases, plurals and typos forgiven by the API),
// read its definition and follow it to the steps that teach it.
import { Link, useParams } from 'react-router';
import { Input, Label, SearchField } from 'react-aria-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';
import { CoursePicker, useCourseTitle } from '../reference/CoursePicker';
import { Disclosure } from '../reference/Disclosure';
import { useTypedQuery } from '../reference/useTypedQuery';

function TermDetails({ courseId, termId }: { courseId: string; termId: string }) {
  const entry = useQuery({
    queryKey: ['glossary', courseId, 'term', termId],
    queryFn: () => call(api.GET('/api/v1/courses/{courseId}/glossary/{termId}', { params: { path: { courseId, termId } } })),
    staleTime: 5 * 60_000,
  });
  if (entry.isPending) return <Loading label="Loading the steps that teach it" />;
  if (entry.isError) return <ErrorNotice error={entry.error} retry={() => void entry.refetch()} />;
  const { steps, seeAlso } = entry.data;
  return (
    <div className="entry-details">
      {steps.length > 0 ? (
        <>
          <ul className="step-links">
            {steps.map((s) => (
              <li key={s.id}>
                <Link to={`/courses/${courseId}/steps/${s.id}`}>{s.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="meta">No step teaches this term on its own yet.</p>
      )}
      {seeAlso.length > 0 && (
        <p className="meta">
          See also:{' '}
          {seeAlso.map((t, i) => (
            <span key={t.id}>
              {i > 0 && ', '}
              <Link to={`?q=${encodeURIComponent(t.term)}`}>{t.term}</Link>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

export function Glossary() {
  const { courseId = '' } = useParams();
  const { typed, setTyped, q } = useTypedQuery(200);
  const title = useCourseTitle(courseId);
  useTitle(`Glossary · ${title}`);
  const list = useQuery({
    queryKey: ['glossary', courseId, q],
    queryFn: () =>
      call(api.GET('/api/v1/courses/{courseId}/glossary', { params: { path: { courseId }, query: { limit: q ? 10 : 200, ...(q && { q }) } } })),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const terms = list.data?.terms ?? [];
  return (
    <section className="narrow-wide">
      <p className="breadcrumbs">
        <Link to="/">Courses</Link> › <Link to={`/courses/${courseId}`}>{title}</Link>
      </p>
      <h1>Glossary</h1>
      <p className="lead">Every term the course uses, with where it is taught. Misspellings and plurals are fine.</p>
      <CoursePicker courseId={courseId} page="glossary" />
      <div role="search" className="search-form">
        <SearchField
          className="field search-field"
          value={typed}
          onChange={setTyped}
          aria-describedby="glossary-count"
        >
          <Label>Look up a term</Label>
          <Input placeholder="e.g. tokeniser" maxLength={300} />
        </SearchField>
      </div>
      {list.isPending && <Loading label="Loading the glossary" />}
      {list.isError && <ErrorNotice error={list.error} retry={() => void list.refetch()} />}
      <p id="glossary-count" role="status" className="meta">
        {list.data && (list.data.query ? `${terms.length} term${terms.length === 1 ? '' : 's'} for “${list.data.query}”` : `${terms.length} terms`)}
      </p>
      {list.data && terms.length === 0 && <Empty title={`No term matches “${q}”.`}>Try another spelling, or search the course text.</Empty>}
      <ul className="entries" aria-busy={list.isFetching}>
        {terms.map((t, i) => (
          <li key={t.id} className="entry">
            <h2 className="entry-title">
              {t.term}
              {t.matchedOn && t.matchedOn.toLowerCase() !== t.term.toLowerCase() && <span className="meta"> (matched “{t.matchedOn}”)</span>}
            </h2>
            <p className="entry-text">{t.definition}</p>
            {t.aliases.length > 0 && <p className="meta">Also called: {t.aliases.join(', ')}</p>}
            <Disclosure defaultOpen={!!list.data?.query && i === 0} summary={`Where “${t.term}” is taught`}>
              {() => <TermDetails courseId={courseId} termId={t.id} />}
            </Disclosure>
          </li>
        ))}
      </ul>
    </section>
  );
}
