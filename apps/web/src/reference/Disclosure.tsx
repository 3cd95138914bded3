import { useEffect, useState, type ReactNode } from 'react';

/** A native <details> whose body (and what it loads) is only rendered once opened. */
export function Disclosure({ summary, defaultOpen = false, id, children }: { summary: ReactNode; defaultOpen?: boolean; id?: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  // An entry that becomes the best match while the learner types opens too.
  useEffect(() => {
    if (defaultOpen) setOpen(true);
  }, [defaultOpen]);
  return (
    <details id={id} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}
