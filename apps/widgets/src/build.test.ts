// The built widgets: one self-contained HTML file each (nothing fetched from anywhere), loaded
// with a stable content-hashed URI.
import { describe, expect, it } from 'vitest';
import { loadBuiltWidgets, WIDGET_NAMES, WidgetsNotBuilt } from './catalog.ts';

/** Every src= / href= / url() / @import in the markup or styles that would make the browser fetch something. */
function externalReferences(html: string): string[] {
  // Script bodies are code, not markup (React's own strings mention href); their tags still count.
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2');
  const refs = [...markup.matchAll(/\s(?:src|href|srcset|action|poster)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1] ?? '');
  const css = [...markup.matchAll(/url\(\s*["']?([^"')]*)/gi), ...markup.matchAll(/@import\s+["']([^"']*)/gi)].map((m) => m[1] ?? '');
  return [...refs, ...css].filter((ref) => ref !== '' && !ref.startsWith('data:') && !ref.startsWith('#'));
}

describe('built widgets', () => {
  const widgets = loadBuiltWidgets();

  it.each(WIDGET_NAMES)('%s is one self-contained HTML file with no external src or href', (name) => {
    const w = widgets.find((x) => x.name === name)!;
    expect(w.html.startsWith('<!doctype html>') || w.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(w.html).toContain('<div id="root"></div>');
    expect(w.html).toMatch(/<script type="module"[^>]*>[\s\S]{1000,}<\/script>/); // the bundle, inline
    expect(w.html).toMatch(/<style[^>]*>[\s\S]*--color-background-primary/); // the styles, inline
    expect(externalReferences(w.html)).toEqual([]);
    // React's production build, whoever ran the build (the tests' own run sets NODE_ENV=test).
    expect(w.html).not.toContain('react-stack-top-frame'); // React's development-only stack frames
    expect(w.html).not.toContain('In HTML, %s cannot be'); // react-dom's development-only nesting warning
  });

  it('names each by a content-hashed ui:// URI, the same on every read', () => {
    const again = loadBuiltWidgets();
    for (const w of widgets) {
      expect(w.uri).toMatch(new RegExp(`^ui://course-companion/${w.name}\\.[0-9a-f]{12}\\.html$`));
      expect(again.find((x) => x.name === w.name)!.uri).toBe(w.uri);
    }
    expect(new Set(widgets.map((w) => w.hash)).size).toBe(widgets.length);
  });

  it('says clearly when the build is missing', () => {
    expect(() => loadBuiltWidgets('/nonexistent/')).toThrow(WidgetsNotBuilt);
    expect(() => loadBuiltWidgets('/nonexistent/')).toThrow(/run \.\/pnpmw --filter @cc\/widgets build/);
  });

  it('the detector finds references it must refuse', () => {
    expect(externalReferences('<script src="https://cdn.example/x.js"></script><link href="/a.css">')).toHaveLength(2);
    expect(externalReferences('<img src="data:image/png;base64,AA"><a href="#top">')).toEqual([]);
  });
});
