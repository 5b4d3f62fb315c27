// The folder's public API. The XML reader and generator are build-time tools (they
// need the fast-xml-parser devDependency) and are deliberately not exported here.
export { ObjectRegistry, type ModelLoader } from './object-registry.js';
export { defaultRegistry, createDefaultRegistry } from './default-registry.js';
export { CUSTOM_OBJECTS, DATA_ROUTE, SOFTWARE_PACKAGE_MONITORING } from './custom-objects.js';
