import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { invalidInput } from '../../errors/index.js';
import { KnobClient, KnobEventsMqtt, KnobsApi, knobEventTopic, type KnobState, type KnobValue } from '../../kubelet/index.js';
import { DeviceShellClient, SdfClient, isValidThingName } from '../../sdf-models/index.js';
import { intOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';

interface KnobsCommandOptions {
  readonly mqttUrl: string;
  readonly mqttPrefix?: string;
  readonly protocol: 4 | 5;
  readonly timeout: number;
  readonly json?: boolean;
}

interface ServeOptions extends KnobsCommandOptions {
  readonly port: number;
  readonly host: string;
}

const ACTIONS = ['list', 'get', 'set'] as const;

function protocolOption(text: string): 4 | 5 {
  if (text === '4' || text === '5') return Number(text) as 4 | 5;
  throw new InvalidArgumentError('must be 4 (MQTT 3.1.1, as the embedded broker speaks) or 5');
}

function sdfClientFor(options: KnobsCommandOptions): SdfClient {
  return new SdfClient({ url: options.mqttUrl, protocolVersion: options.protocol, requestTimeoutMs: options.timeout * 1000, ...(options.mqttPrefix ? { prefix: options.mqttPrefix } : {}) });
}

const line = (text: string): void => void process.stdout.write(`${text}\n`);
const stateLine = (k: KnobState): string => `${k.name}=${k.value} (${k.allowed.join('|')})`;
const valueLine = (k: KnobValue): string => `${k.name}=${k.value}`;

/** `[knob]` for get, `[knob, value]` for set, nothing for list; anything else says the usage. */
function checkedArguments(action: string, rest: readonly string[]): void {
  const wanted = action === 'list' ? 0 : action === 'get' ? 1 : 2;
  const usage = action === 'list' ? 'knobs <thing> list' : action === 'get' ? 'knobs <thing> get <knob>' : 'knobs <thing> set <knob> <value>';
  if (rest.length !== wanted) throw invalidInput(`usage: farside ${usage}`);
}

async function runAction(options: KnobsCommandOptions, thing: string, action: string, rest: readonly string[]): Promise<void> {
  if (!(ACTIONS as readonly string[]).includes(action)) throw invalidInput(`unknown knobs action "${action}"; use list, get <knob> or set <knob> <value>`);
  checkedArguments(action, rest);
  const client = sdfClientFor(options);
  await client.start(AbortSignal.timeout(options.timeout * 1000));
  try {
    const knobs = new KnobClient(new DeviceShellClient(client));
    if (action === 'list') {
      const states = await knobs.list(thing);
      if (options.json) line(JSON.stringify(states));
      else for (const state of states) line(stateLine(state));
      return;
    }
    const value = action === 'get' ? await knobs.get(thing, rest[0] ?? '') : await knobs.set(thing, rest[0] ?? '', rest[1] ?? '');
    line(options.json ? JSON.stringify(value) : valueLine(value));
  } finally {
    await client.close();
  }
}

function withConnectionOptions(command: Command): Command {
  return command
    .option('--mqtt-url <url>', "the gateway's MQTT broker", 'mqtt://127.0.0.1:1883')
    .option('--mqtt-prefix <prefix>', "the gateway's topic prefix, if it has one")
    .option('--protocol <version>', 'MQTT protocol: 5, or 4 (3.1.1, as the embedded broker speaks)', protocolOption, 4 as 4 | 5)
    .option('--timeout <seconds>', 'how long to wait for the gateway and the device', intOption, 10);
}

/**
 * `farside knobs <thing> list | get <knob> | set <knob> <value>` and `farside knobs serve`:
 * MLSysOps control knobs through the device shell (LwM2M object 19), every set confirmed by
 * reading the knob back.
 */
export function registerKnobsCommand(program: Command): void {
  const knobs = withConnectionOptions(
    program
      .command('knobs')
      .description("read and turn a device's MLSysOps knobs (e.g. TX_PWR) through its shell; sets are confirmed by reading back")
      .argument('<thing>', 'the device (its LwM2M endpoint name)')
      .argument('<action>', 'list | get <knob> | set <knob> <value>')
      .argument('[args...]', 'the knob, and for set its value')
      .option('--json', 'print JSON instead of NAME=VALUE lines'),
  )
    .addHelpText('after', '\nExamples:\n  farside knobs dev-1 list\n  farside knobs dev-1 get TX_PWR\n  farside knobs dev-1 set TX_PWR LOW\n  farside knobs serve --port 8090')
    .action(async (thing: string, action: string, rest: string[], _o, command: Command) => {
      if (!isValidThingName(thing)) throw invalidInput(`"${thing}" is not a thing name (an LwM2M endpoint name without + # /)`);
      await runAction(command.opts<KnobsCommandOptions>(), thing, action, rest);
    });

  withConnectionOptions(
    knobs
      .command('serve')
      .description('serve the knobs HTTP API and accept MLSysOps CONTROL_KNOB_EVENTs on mlsysops/<thing>/knobs over MQTT')
      .option('--port <port>', 'HTTP port', intOption, 8090)
      .option('--host <address>', 'address to listen on', '0.0.0.0'),
  )
    .addHelpText(
      'after',
      '\nHTTP (JSON):\n  GET  /v1/things/<thing>/knobs\n  GET  /v1/things/<thing>/knobs/<knob>\n  PUT  /v1/things/<thing>/knobs/<knob>      {"value":"LOW"}\n  POST /v1/things/<thing>/knob-events       {"event":"CONTROL_KNOB_EVENT","payload":{"control_knob":"TX_PWR","action":"SET","value":"MED"}}\n  GET  /healthz\nMQTT: events on [<prefix>/]mlsysops/<thing>/knobs, results on .../knobs/result',
    )
    .action((options: ServeOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const client = sdfClientFor(options);
        await client.start();
        const knobClient = new KnobClient(new DeviceShellClient(client));
        const api = new KnobsApi({ knobs: knobClient, port: options.port, host: options.host, logger: log });
        const events = new KnobEventsMqtt({ knobs: knobClient, url: options.mqttUrl, protocolVersion: options.protocol, logger: log, ...(options.mqttPrefix ? { prefix: options.mqttPrefix } : {}) });
        try {
          const address = await api.start();
          await events.start();
          log.info({ port: address.port, host: address.address, events: knobEventTopic('<thing>', options.mqttPrefix) }, 'knobs API listening');
        } catch (err) {
          await api.close();
          await events.close();
          await client.close();
          throw err;
        }
        return async () => {
          await api.close();
          await events.close();
          await client.close();
        };
      }),
    );
}
