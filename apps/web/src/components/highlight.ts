// Code highlighting for the languages the courses use (lowlight's `common` set would add ~170 KB).
import { createLowlight } from 'lowlight';
import bash from 'highlight.js/lib/languages/bash';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import plaintext from 'highlight.js/lib/languages/plaintext';
import { textOf, type HastNode } from './Markdown';

const lowlight = createLowlight({ bash, json, python, typescript, plaintext });
lowlight.registerAlias({ bash: ['sh', 'shell'], python: ['py'], typescript: ['ts'], plaintext: ['text', 'txt'] });

/** A rehype plugin: highlights `pre > code.language-x` for the registered languages; other code stays plain. */
export function rehypeCode() {
  return (tree: HastNode) => {
    const walk = (node: HastNode) => {
      if (node.type === 'element' && node.tagName === 'pre') {
        const code = node.children?.find((c) => c.type === 'element' && c.tagName === 'code');
        const classes = code?.properties?.className;
        const lang = Array.isArray(classes) ? classes.map(String).find((c) => c.startsWith('language-'))?.slice(9) : undefined;
        if (code && lang && lowlight.registered(lang)) {
          code.children = lowlight.highlight(lang, textOf(code)).children as HastNode[];
          code.properties = { ...code.properties, className: [...(classes as unknown[]).map(String), 'hljs'] };
        }
        return;
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}
