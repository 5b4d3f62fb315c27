// Mirrors the gateway's things (SDF over MQTT) into a sink; the kubelet's sink makes Node objects.
export { ThingWatcher } from './thing-watcher.js';
export type { ThingSource, ThingWatcherOptions, ThingWatcherEvents, ThingWatcherLogger } from './thing-watcher.js';
export { InMemoryThingSink } from './thing-sink.js';
export type { ThingSink } from './thing-sink.js';
