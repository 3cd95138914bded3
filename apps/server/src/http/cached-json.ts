import type { Context } from 'hono';

/**
 * JSON of views that are built once per content version (an outline, an anonymous step): the
 * text is kept beside the view object and goes with it when a new version replaces the view.
 */
const texts = new WeakMap<object, string>();

export function jsonOnce(c: Context, view: object) {
  let text = texts.get(view);
  if (text === undefined) texts.set(view, (text = JSON.stringify(view)));
  return c.body(text, 200, { 'content-type': 'application/json' }) as never;
}
