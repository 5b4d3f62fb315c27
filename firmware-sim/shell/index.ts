/**
 * The device shell of a simulated embServe node: a command interpreter free of LwM2M
 * (Shell), its knobs (KnobRegistry, TX_PWR) and its binding to object 19 (ShellObject).
 */
export { Shell, type ShellOptions } from './shell.js';
export { ShellObject, BINARY_APP_DATA_OBJECT_ID, BINARY_APP_DATA_RESOURCE, SHELL_INSTANCE_ID, SHELL_DATA, type ShellObjectOptions } from './shell-object.js';
export { KnobRegistry, txPowerKnob, knobValueFrom, type Knob } from './knobs.js';
export { MAX_COMMAND_BYTES } from './shell-input.js';
export { SHELL_LOG_LINES, MAX_LOG_LINES } from './device-commands.js';
