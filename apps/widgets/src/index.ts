// @cc/widgets on the server side: the widget catalogue and the built HTML. The widgets themselves
// (React, built by Vite into one HTML file each) live in ui/.
export { WIDGETS, WIDGET_NAMES, WIDGET_DIST_DIR, loadBuiltWidgets, WidgetsNotBuilt } from './catalog.ts';
export type { WidgetInfo, WidgetName, BuiltWidget } from './catalog.ts';
