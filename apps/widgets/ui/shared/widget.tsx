// What every widget shares: the MCP Apps connection to the host (ext-apps `App`), the latest tool
// result's structuredContent, the host's theme and style variables, and tool calls through the host.
import { useEffect, useState, type ReactNode } from 'react';
import { useApp, useHostStyles, type App } from '@modelcontextprotocol/ext-apps/react';
import './widget.css';

/** ChatGPT's own widget runtime, used only as a fallback when the host does not speak MCP Apps. */
interface OpenAiGlobals {
  toolOutput?: unknown;
  theme?: 'light' | 'dark';
}
declare global {
  interface Window {
    openai?: OpenAiGlobals;
  }
}

export interface Widget<T> {
  app: App | null;
  /** The structuredContent of the tool result the host delivered (null until one arrives). */
  data: T | null;
  /** A tool result that was an error, as the text the tool gave. */
  error: string | null;
  /** Calls a tool on the MCP server through the host; rejects with the tool's error text. */
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
}

interface ToolResultLike {
  isError?: boolean;
  structuredContent?: unknown;
  content?: { type: string; text?: string }[];
}

const errorText = (r: ToolResultLike) => r.content?.map((c) => c.text ?? '').join(' ').trim() || 'The tool failed.';

export function useWidget<T>(name: string): Widget<T> {
  const [data, setData] = useState<T | null>((window.openai?.toolOutput as T | undefined) ?? null);
  const [error, setError] = useState<string | null>(null);
  const { app } = useApp({
    appInfo: { name: `course-companion-${name}`, version: '1.0.0' },
    capabilities: {},
    onAppCreated: (created) => {
      created.addEventListener('toolresult', (result) => {
        if (result.isError || !result.structuredContent) setError(errorText(result as ToolResultLike));
        else {
          setError(null);
          setData(result.structuredContent as T);
        }
      });
    },
  });
  useHostStyles(app, app?.getHostContext());
  useEffect(() => {
    if (!app && window.openai?.theme) document.documentElement.dataset.theme = window.openai.theme;
  }, [app]);

  async function callTool(tool: string, args: Record<string, unknown>): Promise<unknown> {
    if (!app) throw new Error('Not connected to the host yet.');
    const result = (await app.callServerTool({ name: tool, arguments: args })) as ToolResultLike;
    if (result.isError || !result.structuredContent) throw new Error(errorText(result));
    return result.structuredContent;
  }
  return { app, data, error, callTool };
}

/** The frame every widget renders in: a loading state, the tool's error, or the content. */
export function Shell<T>({ widget, label, children }: { widget: Widget<T>; label: string; children: (data: T) => ReactNode }) {
  return (
    <main className="widget" aria-label={label}>
      {widget.error ? (
        <p role="alert" className="notice notice-error">
          {widget.error}
        </p>
      ) : widget.data ? (
        children(widget.data)
      ) : (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
    </main>
  );
}

export const percent = (n: number) => `${Math.round(n)}%`;

/** A progress bar: `value` out of `max` (a percentage by default), `valueText` for what a screen reader says. */
export function Meter({ value, label, max = 100, valueText }: { value: number; label: string; max?: number; valueText?: string }) {
  const v = Math.max(0, Math.min(max, value));
  return (
    <div className="meter" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={Math.round(v)} aria-valuetext={valueText}>
      <div className="meter-fill" style={{ width: `${max > 0 ? (v / max) * 100 : 0}%` }} />
    </div>
  );
}
