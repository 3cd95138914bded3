import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from './frontmatter.ts';

describe('splitFrontmatter', () => {
  it('splits the YAML and keeps the body verbatim with its line offset', () => {
    const source = '---\nid: a\ntitle: A\n---\n\n# A\r\n\nText\n';
    expect(splitFrontmatter(source)).toEqual({ ok: true, yaml: 'id: a\ntitle: A\n', yamlLine: 2, body: '\n# A\r\n\nText\n', bodyLine: 5 });
  });

  it('handles CRLF files and an empty body', () => {
    expect(splitFrontmatter('---\r\nid: a\r\n---\r\n')).toEqual({ ok: true, yaml: 'id: a\r\n', yamlLine: 2, body: '', bodyLine: 4 });
  });

  it('reports a missing or unclosed frontmatter at line 1', () => {
    expect(splitFrontmatter('# Title\n')).toEqual({
      ok: false,
      line: 1,
      message: 'missing frontmatter: the file must start with a line `---`',
      body: '# Title\n',
      bodyLine: 1,
    });
    expect(splitFrontmatter('---\nid: a\n\nbody\n')).toMatchObject({ ok: false, line: 1, message: 'frontmatter is never closed: add a line `---` after it' });
  });
});
