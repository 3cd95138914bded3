// Course Markdown, rendered without raw HTML (react-markdown never renders it) and with links that
// open through the host rather than navigating the sandboxed frame.
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { App } from '@modelcontextprotocol/ext-apps';

export function Markdown({ text, app, inline = false }: { text: string; app?: App | null; inline?: boolean }) {
  return (
    <ReactMarkdown
      remarkPlugins={[remarkGfm]}
      components={{
        ...(inline && { p: ({ children }) => <>{children}</> }),
        // Wide code and tables scroll sideways; keyboard users need focus to scroll them (WCAG 2.1.1).
        pre: ({ children }) => <pre tabIndex={0}>{children}</pre>,
        table: ({ children }) => (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
            <table>{children}</table>
          </div>
        ),
        a: ({ href, children }) => (
          <a
            href={href}
            onClick={(e) => {
              if (!href || !app) return;
              e.preventDefault();
              void app.openLink({ url: href });
            }}
          >
            {children}
          </a>
        ),
      }}
    >
      {text}
    </ReactMarkdown>
  );
}
