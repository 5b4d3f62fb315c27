/**
 * The shell on LwM2M: BinaryAppDataContainer (object 19) instance 0, as embServe exposes
 * it. A server writes a command to Data resource instance 0 (/19/0/0/0, UTF-8 text); the
 * device runs it before the Write is answered and puts the reply in Data instance 1
 * (/19/0/0/1), notifying its observers, and stamps Data Creation Time (/19/0/2).
 *
 * The same command written twice runs twice. A write that only changes the reply slot
 * runs nothing. A reply equal to the previous one changes no value, so observers of
 * /19/0/0/1 alone are not notified again; a client reads the reply after its Write.
 */
import { defaultRegistry, RESPONSE_CODE, type ModelLookup, type Resource, type ResourceValue } from '../../lwm2m/index.js';
import { instanceFromValues } from '../objects/instance-values.js';
import type { ObjectTree } from '../objects/object-tree.js';
import type { Shell } from './shell.js';

export const BINARY_APP_DATA_OBJECT_ID = 19;
export const SHELL_INSTANCE_ID = 0;

export const BINARY_APP_DATA_RESOURCE = { DATA: 0, DATA_PRIORITY: 1, DATA_CREATION_TIME: 2, DATA_DESCRIPTION: 3, DATA_FORMAT: 4, APP_ID: 5 } as const;

/** Resource instances of Data: the command goes in, the reply comes out. */
export const SHELL_DATA = { COMMAND: 0, REPLY: 1 } as const;

export interface ShellObjectOptions {
  /** Wall clock for Data Creation Time, ms since the epoch. Default Date.now. */
  readonly now?: () => number;
  readonly models?: ModelLookup;
}

const O = BINARY_APP_DATA_OBJECT_ID;
const R = BINARY_APP_DATA_RESOURCE;
const UTF8 = new TextEncoder();

export class ShellObject {
  readonly #tree: ObjectTree;
  readonly #shell: Pick<Shell, 'execute'>;
  readonly #now: () => number;
  readonly #models: ModelLookup;
  #unhook: (() => void)[] = [];
  /** The command a Write under way carries; set when it is accepted, run once it is stored. */
  #pending: Uint8Array | undefined;

  constructor(tree: ObjectTree, shell: Pick<Shell, 'execute'>, options: ShellObjectOptions = {}) {
    this.#tree = tree;
    this.#shell = shell;
    this.#now = options.now ?? Date.now;
    this.#models = options.models ?? defaultRegistry();
  }

  /** Creates /19/0 if absent and starts answering commands written to it. Idempotent. */
  attach(): void {
    if (this.#unhook.length > 0) return;
    if (!this.#tree.registeredObjects().objects.get(O)?.instances.includes(SHELL_INSTANCE_ID)) {
      const values = new Map<number, ResourceValue | ReadonlyMap<number, ResourceValue>>([
        [R.DATA, new Map([[SHELL_DATA.COMMAND, new Uint8Array()], [SHELL_DATA.REPLY, new Uint8Array()]])],
        [R.DATA_DESCRIPTION, 'embServe shell'],
        [R.DATA_FORMAT, 'text/plain'],
      ]);
      this.#tree.addInstance(O, instanceFromValues(this.#models, O, SHELL_INSTANCE_ID, values));
    }
    this.#unhook = [
      this.#tree.onWrite(O, R.DATA, {
        accept: (instanceId, resource) => {
          this.#pending = instanceId === SHELL_INSTANCE_ID ? commandIn(this.#tree.getResource([O, instanceId, R.DATA]), resource) : undefined;
          return undefined;
        },
        written: (instanceId) => {
          const command = this.#pending;
          this.#pending = undefined;
          if (instanceId === SHELL_INSTANCE_ID && command !== undefined) this.#answer(command);
        },
      }),
      // Without its instance the device would have no shell until it reboots.
      this.#tree.onDelete(O, { accept: (instanceId) => (instanceId === SHELL_INSTANCE_ID ? RESPONSE_CODE.METHOD_NOT_ALLOWED : undefined) }),
    ];
  }

  /** Stops answering; the instance stays. Idempotent. */
  detach(): void {
    for (const unhook of this.#unhook) unhook();
    this.#unhook = [];
  }

  #answer(command: Uint8Array): void {
    const reply = this.#shell.execute(command);
    this.#tree.setValue([O, SHELL_INSTANCE_ID, R.DATA, SHELL_DATA.REPLY], UTF8.encode(reply));
    this.#tree.setValue([O, SHELL_INSTANCE_ID, R.DATA_CREATION_TIME], new Date(Math.floor(this.#now() / 1000) * 1000));
  }
}

/**
 * The command a write of Data carries: its instance 0, unless the write only put something
 * else in the reply slot (a Write of /19/0/0/1 arrives merged with the stored command).
 */
function commandIn(before: Resource | undefined, written: Resource): Uint8Array | undefined {
  if (written.kind !== 'multiple') return undefined;
  const command = written.instances.get(SHELL_DATA.COMMAND);
  if (!(command instanceof Uint8Array)) return undefined;
  if (before?.kind !== 'multiple') return command;
  const reply = written.instances.get(SHELL_DATA.REPLY);
  const onlyReplyChanged =
    sameBytes(before.instances.get(SHELL_DATA.COMMAND), command) && reply !== undefined && !sameBytes(before.instances.get(SHELL_DATA.REPLY), reply);
  return onlyReplyChanged ? undefined : command;
}

function sameBytes(a: ResourceValue | undefined, b: ResourceValue): boolean {
  return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(b);
}
