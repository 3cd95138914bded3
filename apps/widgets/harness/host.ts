// A minimal MCP Apps host for tests: holds one widget in a sandboxed iframe and speaks the host side
// of the postMessage protocol with ext-apps' AppBridge. It delivers the tool input and result it is
// given, and forwards the widget's tools/call to the test's real MCP client (window.hostCallTool).
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { CallToolResult } from '@modelcontextprotocol/client';

export interface MountOptions {
  html: string;
  tool: string;
  args: Record<string, unknown>;
  result: CallToolResult;
  theme: 'light' | 'dark';
}

declare global {
  interface Window {
    /** Exposed by the test: a tools/call on the real server, as the signed-in learner. */
    hostCallTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
    mountWidget(options: MountOptions): Promise<void>;
    /** Tool calls the widget made through the bridge, in order. */
    widgetCalls: string[];
  }
}

window.widgetCalls = [];

window.mountWidget = async ({ html, tool, args, result, theme }) => {
  document.body.dataset.theme = theme;
  const iframe = document.createElement('iframe');
  iframe.title = `${tool} widget`;
  iframe.setAttribute('sandbox', 'allow-scripts allow-forms');
  document.body.append(iframe);
  const view = iframe.contentWindow as Window;

  const bridge = new AppBridge(
    null,
    { name: 'cc-widget-harness', version: '1.0.0' },
    { serverTools: {}, openLinks: {}, logging: {} },
    {
      hostContext: {
        theme,
        platform: 'web',
        displayMode: 'inline',
        availableDisplayModes: ['inline'],
        containerDimensions: { width: document.documentElement.clientWidth, maxHeight: 6000 },
        locale: 'en-GB',
      },
    },
  );
  bridge.oncalltool = async (params) => {
    window.widgetCalls.push(params.name);
    return window.hostCallTool(params.name, params.arguments ?? {});
  };
  bridge.onopenlink = async () => ({});
  bridge.onsizechange = ({ height }) => {
    if (height) iframe.style.height = `${Math.ceil(height)}px`;
  };
  bridge.oninitialized = () => {
    void bridge.sendToolInput({ arguments: args }).then(() => bridge.sendToolResult(result));
  };
  await bridge.connect(new PostMessageTransport(view, view));
  iframe.srcdoc = html;
};
