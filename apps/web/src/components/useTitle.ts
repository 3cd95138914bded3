import { useEffect } from 'react';

export function useTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Course Companion` : 'Course Companion';
  }, [title]);
}
