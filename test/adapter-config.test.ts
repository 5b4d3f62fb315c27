/** The adapter's configuration: environment variables set by the kubelet, flags of `farside adapter` over them. */
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { adapterConfigFromEnv, httpStatusFromSdfCode } from '../adapters/index.js';
import { adapterEnvWithFlags, registerAdapterCommand } from '../cli/commands/adapter.js';
import { ERROR_CODES } from '../errors/index.js';

const configError = (env: Record<string, string>): string => {
  try {
    adapterConfigFromEnv(env);
  } catch (err) {
    expect(err).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('the communication adapter configuration', () => {
  it('reads the kubelet\'s variables with defaults for the broker, port, protocol and objects', () => {
    expect(adapterConfigFromEnv({ FARSIDE_THING: 'dev', FARSIDE_NODE: 'farside-dev', FARSIDE_INSTANCE: '0' })).toEqual({ thing: 'dev', mqttUrl: 'mqtt://127.0.0.1:1883', protocolVersion: 4, port: 8080 });
    expect(
      adapterConfigFromEnv({
        FARSIDE_THING: 'dev',
        FARSIDE_MQTT_URL: 'mqtts://gateway.farside:8883',
        FARSIDE_SDF_PREFIX: 'site/a',
        FARSIDE_MQTT_PROTOCOL: '5',
        FARSIDE_ADAPTER_PORT: '9090',
        FARSIDE_ADAPTER_OBJECTS: 'Temperature, Device',
      }),
    ).toEqual({ thing: 'dev', mqttUrl: 'mqtts://gateway.farside:8883', sdfPrefix: 'site/a', protocolVersion: 5, port: 9090, objects: ['Temperature', 'Device'] });
  });

  it('treats empty optional variables as unset, as Kubernetes may set them', () => {
    expect(adapterConfigFromEnv({ FARSIDE_THING: 'dev', FARSIDE_SDF_PREFIX: '', FARSIDE_ADAPTER_PORT: '' })).toEqual({ thing: 'dev', mqttUrl: 'mqtt://127.0.0.1:1883', protocolVersion: 4, port: 8080 });
  });

  it('names the bad variable, what it must be and what it got', () => {
    expect(configError({})).toMatch(/^FARSIDE_THING is required/);
    expect(configError({ FARSIDE_THING: 'site/dev' })).toMatch(/^FARSIDE_THING must be a thing name.*\(got "site\/dev"\)$/);
    expect(configError({ FARSIDE_THING: 'things' })).toMatch(/^FARSIDE_THING must be a thing name/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_ADAPTER_PORT: '70000' })).toMatch(/^FARSIDE_ADAPTER_PORT must be a port number.*\(got "70000"\)$/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_ADAPTER_PORT: 'http' })).toMatch(/^FARSIDE_ADAPTER_PORT must be a port number/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_MQTT_URL: 'gateway:1883' })).toMatch(/^FARSIDE_MQTT_URL must be a URL/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_SDF_PREFIX: 'a/#' })).toMatch(/^FARSIDE_SDF_PREFIX must be topic levels/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_ADAPTER_OBJECTS: 'Temperature,+' })).toMatch(/^FARSIDE_ADAPTER_OBJECTS must be SDF object names/);
    expect(configError({ FARSIDE_THING: 'dev', FARSIDE_MQTT_PROTOCOL: '3' })).toMatch(/^FARSIDE_MQTT_PROTOCOL must be 4/);
  });

  it('lets command-line flags override the environment', () => {
    const env = adapterEnvWithFlags({ FARSIDE_THING: 'dev', FARSIDE_ADAPTER_PORT: '8080', PATH: '/bin' }, { thing: 'other', port: '9000', mqttPrefix: 'sdf' });
    expect(adapterConfigFromEnv(env)).toMatchObject({ thing: 'other', port: 9000, sdfPrefix: 'sdf' });
  });

  it('maps SDF response codes to HTTP statuses after RFC 8075', () => {
    const pairs = [[69, 200], [68, 204], [128, 400], [129, 403], [132, 404], [133, 405], [143, 415], [160, 500], [163, 503], [164, 504], [150, 422], [135, 400], [170, 500]];
    expect(pairs.map(([code]) => [code, httpStatusFromSdfCode(code!)])).toEqual(pairs);
  });
});

describe('farside adapter', () => {
  const program = (): { program: Command; output: () => string } => {
    let output = '';
    const root = new Command()
      .option('--log-level <level>', 'log level', 'error')
      .addOption(new Option('--log-format <format>').choices(['pretty', 'json']).default('json'))
      .exitOverride()
      .configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    registerAdapterCommand(root);
    for (const command of root.commands) command.exitOverride().configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    return { program: root, output: () => output };
  };

  it('explains its flags and the variables behind them in --help', async () => {
    const { program: root, output } = program();
    await expect(root.parseAsync(['adapter', '--help'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.helpDisplayed' });
    for (const text of ['--thing', 'FARSIDE_THING', '--mqtt-url', '--mqtt-prefix', '--port', 'FARSIDE_ADAPTER_PORT', '--objects']) expect(output()).toContain(text);
  });

  it('refuses to start with a clear message when the thing is missing', async () => {
    const { program: root } = program();
    const saved = process.env['FARSIDE_THING'];
    delete process.env['FARSIDE_THING'];
    try {
      await expect(root.parseAsync(['adapter', '--port', '0'], { from: 'user' })).rejects.toThrow(/FARSIDE_THING is required/);
    } finally {
      if (saved !== undefined) process.env['FARSIDE_THING'] = saved;
    }
  });
});
