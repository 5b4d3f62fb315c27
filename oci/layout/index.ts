export { LayoutTarget, type LayoutOpenOptions } from './layout-target.js';
export { IMAGE_LAYOUT_VERSION, LAYOUT_FILE } from './layout-files.js';
export { isTag, parseLayoutIndex, parseLayoutMarker } from './layout-index.js';
