// The widget catalogue names real tools, and the door's metadata follows the catalogue.
import { describe, expect, it } from 'vitest';
import { loadBuiltWidgets, WIDGETS } from '@cc/widgets';
import { TOOLS } from './tools/index.ts';
import { widgetSet } from './widgets.ts';

describe('widgets on the MCP door', () => {
  it('every tool a widget renders or calls exists, and each renders at most one widget', () => {
    const names = new Set(TOOLS.map((t) => t.name));
    for (const w of WIDGETS) for (const t of [...w.tools, ...w.calls]) expect(names.has(t), `${w.name}: ${t}`).toBe(true);
    const rendering = WIDGETS.flatMap((w) => w.tools);
    expect(new Set(rendering).size).toBe(rendering.length);
  });

  it('links a rendering tool to its widget, marks the tools widgets call, and leaves others alone', () => {
    const set = widgetSet(loadBuiltWidgets());
    const quiz = set.widgets.find((w) => w.name === 'quiz-card')!;
    expect(set.toolMeta('start_quiz')).toEqual({ ui: { resourceUri: quiz.uri }, 'openai/outputTemplate': quiz.uri });
    expect(set.toolMeta('submit_quiz')).toEqual({ 'openai/widgetAccessible': true });
    expect(set.toolMeta('search_course')).toEqual({});
  });

  it('without a build, no tool is linked and no resource is served', () => {
    const none = widgetSet([]);
    for (const t of TOOLS) expect(none.toolMeta(t.name)).toEqual({});
  });
});
