// Full-text search over every step; each hit shows its passage with the matched words marked and
// links to the exact heading. Matching glossary terms and common mistakes come first, linked to
// their entries.
import { Fragment } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Form, Input, Label, SearchField } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { Empty, ErrorNotice, Loading } from '../components/Status';
import { useTitle } from '../components/useTitle';

function Highlighted({ text, ranges }: { text: string; ranges: readonly (readonly number[])[] }) {
  const out: React.ReactNode[] = [];
  let last = 0;
  [...ranges]
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))
    .forEach(([start = 0, end = 0], i) => {
      if (start < last) return;
      out.push(<Fragment key={`t${i}`}>{text.slice(last, start)}</Fragment>);
      out.push(<mark key={`m${i}`}>{text.slice(start, end)}</mark>);
      last = end;
    });
  out.push(<Fragment key="end">{text.slice(last)}</Fragment>);
  return <>{out}</>;
}

type ReferenceHit = { courseId: string; kind: 'term' | 'mistake'; entryId: string; title: string };

/** A glossary term opens looked up on the glossary page; a mistake opens its own entry. */
const referencePath = (r: ReferenceHit) =>
  r.kind === 'term'
    ? `/courses/${r.courseId}/glossary?${new URLSearchParams({ q: r.title })}`
    : `/courses/${r.courseId}/mistakes#${r.entryId}`;

export function Search() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  useTitle(q ? `Search: ${q}` : 'Search');
  const results = useQuery({
    queryKey: ['search', q],
    queryFn: () => call(api.GET('/api/v1/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.length > 0,
  });
  return (
    <section className="narrow-wide">
      <h1>Search</h1>
      <Form
        role="search"
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get('q') ?? '').trim();
          setParams(value ? { q: value } : {});
        }}
      >
        <SearchField className="field search-field" name="q" defaultValue={q} key={q}>
          <Label>Search every course</Label>
          <Input placeholder="e.g. context window" maxLength={200} />
        </SearchField>
        <Button type="submit" className="button">
          Search
        </Button>
      </Form>
      <p className="hint">Use "quoted phrases" for exact wording and -word to leave a word out.</p>
      {results.isFetching && <Loading label="Searching" />}
      {results.isError && <ErrorNotice error={results.error} retry={() => void results.refetch()} />}
      {results.data && results.data.hits.length === 0 && results.data.references.length === 0 && (
        <Empty title={`Nothing matches “${q}”.`}>Try fewer or different words.</Empty>
      )}
      {results.data && results.data.references.length > 0 && (
        <section aria-labelledby="reference-results" className="reference-results">
          <h2 id="reference-results">In the glossary and common mistakes</h2>
          <ul className="search-results">
            {results.data.references.map((r) => (
              <li key={`${r.courseId}-${r.kind}-${r.entryId}`}>
                <Link to={referencePath(r)} className="result-link">
                  {r.title}
                </Link>{' '}
                <span className="badge">{r.kind === 'term' ? 'Glossary' : 'Common mistake'}</span>
                <p className="snippet">
                  <Highlighted text={r.snippet} ranges={r.highlights} />
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {results.data && results.data.hits.length > 0 && (
        <>
          <p role="status">
            {results.data.hits.length} result{results.data.hits.length === 1 ? '' : 's'} for “{q}”
          </p>
          <ol className="search-results">
            {results.data.hits.map((h, i) => (
              <li key={`${h.stepId}-${h.anchor}-${i}`}>
                <Link to={`/courses/${h.courseId}/steps/${h.stepId}${h.anchor ? `#${h.anchor}` : ''}`} className="result-link">
                  {h.stepTitle}
                  {h.heading && h.heading !== h.stepTitle ? ` › ${h.heading}` : ''}
                </Link>
                <p className="snippet">
                  <Highlighted text={h.snippet} ranges={h.highlights} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
