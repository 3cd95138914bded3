// Course Markdown, rendered safely: GFM, sanitised HTML (no raw HTML, no scripts, no event handlers),
// highlighted code for the languages the courses use, and h2/h3 anchors equal to the server's section
// anchors (GitHub slugs), so search results and shared links land on the right heading.
import { useEffect, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import rehypeSanitize from 'rehype-sanitize';
import { slug } from 'github-slugger';


/** GFM (tables, task lists, strikethrough, autolinks) for parsing only: remark-gfm would also bring
 *  the Markdown serialiser, which a renderer never uses. */
function remarkGfmParse(this: { data(): unknown }) {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(gfm());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}

export interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

export const textOf = (node: HastNode): string => (node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join(''));

/** Gives h2/h3 the server's anchors: the first unused anchor that is the heading's slug or slug-N. */
function rehypeSectionAnchors(options: { anchors: readonly string[] }) {
  return (tree: HastNode) => {
    const used = new Set<string>();
    const walk = (node: HastNode) => {
      if (node.type === 'element' && (node.tagName === 'h2' || node.tagName === 'h3')) {
        const base = slug(textOf(node));
        const anchor =
          options.anchors.find((a) => !used.has(a) && (a === base || (a.startsWith(`${base}-`) && /^\d+$/.test(a.slice(base.length + 1))))) ?? base;
        used.add(anchor);
        node.properties = { ...node.properties, id: anchor };
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

function Heading({ level, id, children }: { level: 2 | 3; id?: string; children?: ReactNode }) {
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} className="anchored">
      {children}
      {id && (
        <a className="anchor-link" href={`#${id}`} aria-label="Link to this section">
          #
        </a>
      )}
    </Tag>
  );
}

const components = {
  h1: (props: ComponentPropsWithoutRef<'h2'>) => <h2>{props.children}</h2>,
  h2: (props: ComponentPropsWithoutRef<'h2'>) => <Heading level={2} id={props.id}>{props.children}</Heading>,
  h3: (props: ComponentPropsWithoutRef<'h3'>) => <Heading level={3} id={props.id}>{props.children}</Heading>,
  // Tables scroll on their own on small screens instead of widening the page.
  table: (props: ComponentPropsWithoutRef<'table'>) => (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Table">
      <table>{props.children}</table>
    </div>
  ),
  pre: (props: ComponentPropsWithoutRef<'pre'>) => <pre tabIndex={0}>{props.children}</pre>,
};

// The highlighter loads on demand, the first time a text has a code block: reading never waits for it.
type Highlighter = () => (tree: HastNode) => void;
let highlighter: Highlighter | null = null;
let loadingHighlighter: Promise<void> | null = null;

function useHighlighter(needed: boolean): Highlighter | null {
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (!needed || highlighter) return;
    loadingHighlighter ??= import('./highlight').then((m) => {
      highlighter = m.rehypeCode;
    });
    void loadingHighlighter.then(() => setLoaded(true));
  }, [needed]);
  return highlighter;
}

export function Markdown({ children, anchors = [], inline = false }: { children: string; anchors?: readonly string[]; inline?: boolean }) {
  const code = useHighlighter(children.includes('```'));
  return (
    <div className={inline ? 'md md-inline' : 'md'}>
      <ReactMarkdown
        remarkPlugins={[remarkGfmParse]}
        rehypePlugins={code ? [rehypeSanitize, [rehypeSectionAnchors, { anchors }], code] : [rehypeSanitize, [rehypeSectionAnchors, { anchors }]]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
