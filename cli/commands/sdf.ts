import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { invalidInput } from '../../errors/index.js';
import { SDF_OPERATIONS, SdfClient, SoftwareManagementClient, isValidThingName, parseSdfTopic, type SdfOperation, type SdfTopic } from '../../sdf-models/index.js';
import { intOption, untilSignal } from '../options.js';

interface SdfCommandOptions {
  readonly mqttUrl: string;
  readonly protocol: 4 | 5;
  readonly prefix?: string;
  readonly timeout: number;
  readonly typed?: boolean;
}

function topicArgument(text: string): SdfTopic {
  const topic = parseSdfTopic(text);
  if (!topic) throw new InvalidArgumentError(`"${text}" is not a thing topic like dev-1/Device/0/Property/Manufacturer`);
  return topic;
}

function operationArgument(text: string): SdfOperation {
  const op = text.toUpperCase();
  if (!(SDF_OPERATIONS as readonly string[]).includes(op)) throw new InvalidArgumentError(`operation must be one of ${SDF_OPERATIONS.join(', ')}`);
  return op as SdfOperation;
}

/** `data` as JSON when it parses, else the plain string (an action argument, a value). */
function dataArgument(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function thingArgument(text: string): string {
  if (!isValidThingName(text)) throw new InvalidArgumentError(`"${text}" is not a thing name (an LwM2M endpoint name without + # /)`);
  return text;
}

/**
 * The package as the file holds it, once it parses as a JSON object: a typo should not
 * cost a round trip to the device, whose own checks (schema, engine, memory) come after.
 */
async function serviceJsonFile(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw invalidInput(`cannot read ${path}: ${(err as Error).message}`, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw invalidInput(`${path} is not a service.json: ${(err as Error).message}`, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidInput(`${path} is not a service.json: it must hold a JSON object`);
  return bytes;
}

async function withClient<T>(options: SdfCommandOptions, run: (client: SdfClient) => Promise<T>): Promise<T> {
  const client = new SdfClient({ url: options.mqttUrl, protocolVersion: options.protocol, prefix: options.prefix, requestTimeoutMs: options.timeout * 1000 });
  await client.start(AbortSignal.timeout(options.timeout * 1000));
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

const print = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');
};

export function registerSdfCommand(program: Command): void {
  const sdf = program
    .command('sdf')
    .description('talk to things over SDF on MQTT, as integrators do (prints JSON)')
    .option('--mqtt-url <url>', 'the gateway\'s MQTT broker', 'mqtt://127.0.0.1:1883')
    .option('--protocol <version>', 'MQTT protocol: 5, or 4 (3.1.1, as the embedded broker speaks)', (v) => (v === '5' ? 5 : v === '4' ? 4 : Number.NaN), 4)
    .option('--prefix <prefix>', 'the gateway\'s topic prefix, if it has one')
    .option('--timeout <seconds>', 'how long to wait for the gateway', intOption, 10)
    .option('--typed', 'ask for typed values instead of strings');

  sdf
    .command('things')
    .description('list the registered things with their objects and instances')
    .action((_o, command: Command) => withClient(command.optsWithGlobals<SdfCommandOptions>(), async (client) => print(await client.things())));

  sdf
    .command('request')
    .description('send one request, e.g.: request GET dev-1/Device/0/Property/Manufacturer')
    .argument('<operation>', SDF_OPERATIONS.join(' | '), operationArgument)
    .argument('<topic>', '<thing>[/<Obj>[/<inst>[/Property|Action/<name>]]]', topicArgument)
    .argument('[data]', 'request data: JSON, or a plain string')
    .action((operation: SdfOperation, topic: SdfTopic, data: string | undefined, _o, command: Command) => {
      const options = command.optsWithGlobals<SdfCommandOptions>();
      return withClient(options, async (client) => print(await client.request(topic, operation, dataArgument(data), { values: options.typed ? 'typed' : 'compat' })));
    });

  sdf
    .command('observe')
    .description('print notifications of an instance or property until Ctrl-C, e.g.: observe dev-1/Temperature/0')
    .argument('<topic>', '<thing>/<Obj>/<inst>[/Property/<name>]', topicArgument)
    .action(async (topic: SdfTopic, _o, command: Command) => {
      if (topic.level !== 'instance' && topic.level !== 'property') throw new InvalidArgumentError('only instances and properties can be observed');
      const options = command.optsWithGlobals<SdfCommandOptions>();
      const stopped = untilSignal();
      await withClient(options, async (client) => {
        const observation = await client.observe(topic, (n) => print(n), { values: options.typed ? 'typed' : 'compat' });
        print(observation.response);
        await stopped;
        await observation.stop();
      });
    });

  registerWorkloadCommands(sdf);
}

/** deploy, workloads, undeploy: Software Management (object 9) through SoftwareManagementClient. */
function registerWorkloadCommands(sdf: Command): void {
  const workloads = (options: SdfCommandOptions, client: SdfClient): SoftwareManagementClient =>
    new SoftwareManagementClient(client, { requestTimeoutMs: options.timeout * 1000, settleTimeoutMs: options.timeout * 1000 });

  sdf
    .command('deploy')
    .description('deploy a workload to a thing: create a Software Management instance, write the package, Install, Activate; prints its status')
    .argument('<thing>', 'the device (its LwM2M endpoint name)', thingArgument)
    .argument('<service.json>', 'the workload package (embServe service.json)')
    .option('--instance <id>', 'the Software Management instance to create (default: the lowest free one)', intOption)
    .option('--no-activate', 'install only, do not start the workload')
    .addHelpText('after', '\nA package the device refuses is removed again; the message says why (e.g. 51 out of memory).\nExample: farside sdf deploy dev-1 ./service.json')
    .action(async (thing: string, file: string, _o, command: Command) => {
      const options = command.optsWithGlobals<SdfCommandOptions & { instance?: number; activate: boolean }>();
      const pkg = await serviceJsonFile(file);
      const deploy = { activate: options.activate, ...(options.instance === undefined ? {} : { instance: options.instance }) };
      await withClient(options, async (client) => print(await workloads(options, client).deploy(thing, pkg, deploy)));
    });

  sdf
    .command('workloads')
    .description("list a thing's workloads: package, Update State and Result, whether it runs, CPU and memory")
    .argument('<thing>', 'the device (its LwM2M endpoint name)', thingArgument)
    .action((thing: string, _o, command: Command) => {
      const options = command.optsWithGlobals<SdfCommandOptions>();
      return withClient(options, async (client) => print(await workloads(options, client).list(thing)));
    });

  sdf
    .command('undeploy')
    .description('stop, uninstall and delete the workload in a Software Management instance; nothing to do is not an error')
    .argument('<thing>', 'the device (its LwM2M endpoint name)', thingArgument)
    .argument('<instance>', 'the Software Management instance id (see: workloads)', intOption)
    .action((thing: string, instance: number, _o, command: Command) => {
      const options = command.optsWithGlobals<SdfCommandOptions>();
      return withClient(options, async (client) => print({ thing, instance, removed: await workloads(options, client).remove(thing, instance) }));
    });
}
