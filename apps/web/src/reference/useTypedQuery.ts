import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebounced } from './useDebounced';

/**
 * Search-as-you-type kept in `?q=`: the field follows local state (so fast typing never loses a
 * key while the URL catches up), the URL gets the settled value, and a link that changes `?q=`
 * (a "see also") refills the field.
 */
export function useTypedQuery(ms: number) {
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('q') ?? '';
  const [typed, setTyped] = useState(fromUrl);
  const settled = useDebounced(typed, ms);
  useEffect(() => {
    if (fromUrl !== settled) setTyped(fromUrl);
    // Only a change of the URL itself (navigation) refills the field.
  }, [fromUrl]);
  useEffect(() => {
    if (settled === fromUrl) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (settled) next.set('q', settled);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [settled]);
  return { typed, setTyped, q: settled.trim() };
}
