// The in-chat widgets (MCP Apps): each built widget is a `ui://` resource (text/html;profile=mcp-app)
// whose URI carries its content hash, so a new build is a new URI and hosts may cache freely. Tools
// that render one point at it with `_meta.ui.resourceUri` (MCP Apps) and `openai/outputTemplate`
// (ChatGPT); each resource states its CSP both ways. The HTML is read once per process.
import type { McpServer } from '@modelcontextprotocol/server';
import { loadBuiltWidgets, WidgetsNotBuilt, type BuiltWidget } from '@cc/widgets';

export const WIDGET_MIME_TYPE = 'text/html;profile=mcp-app';

/** The widgets fetch nothing and embed nothing: every script and style is inline. */
const CSP = { connectDomains: [] as string[], resourceDomains: [] as string[] };

export interface WidgetSet {
  widgets: readonly BuiltWidget[];
  /** `_meta` to merge into a tool's definition: the widget it renders and what it may call. */
  toolMeta(toolName: string): Record<string, unknown>;
  /** Registers every widget as a resource on a (per-request) server. */
  register(server: McpServer): void;
}

export function resourceMeta(w: BuiltWidget): Record<string, unknown> {
  return {
    ui: { csp: CSP, prefersBorder: true },
    'openai/widgetCSP': { connect_domains: CSP.connectDomains, resource_domains: CSP.resourceDomains },
    'openai/widgetPrefersBorder': true,
    'openai/widgetDescription': w.description,
  };
}

export function widgetSet(widgets: readonly BuiltWidget[]): WidgetSet {
  const rendering = new Map(widgets.flatMap((w) => w.tools.map((t) => [t, w] as const)));
  const called = new Set(widgets.flatMap((w) => w.calls));
  return {
    widgets,
    toolMeta(toolName) {
      const w = rendering.get(toolName);
      return {
        ...(w && { ui: { resourceUri: w.uri }, 'openai/outputTemplate': w.uri }),
        ...(called.has(toolName) && { 'openai/widgetAccessible': true }),
      };
    },
    register(server) {
      for (const w of widgets) {
        const meta = resourceMeta(w);
        server.registerResource(w.name, w.uri, { title: w.title, description: w.description, mimeType: WIDGET_MIME_TYPE, _meta: meta }, () => ({
          contents: [{ uri: w.uri, mimeType: WIDGET_MIME_TYPE, text: w.html, _meta: meta }],
        }));
      }
    },
  };
}

/**
 * The built widgets of @cc/widgets. Without a build (a checkout where install never ran) the door
 * still serves every tool, without widgets, and says so once.
 */
export function loadWidgetSet(): WidgetSet {
  try {
    return widgetSet(loadBuiltWidgets());
  } catch (e) {
    if (!(e instanceof WidgetsNotBuilt)) throw e;
    process.emitWarning(e.message, { code: 'CC_WIDGETS_NOT_BUILT' });
    return widgetSet([]);
  }
}
