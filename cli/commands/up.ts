import type { Command } from 'commander';
import { intOption, positiveIntOption } from '../options.js';
import { serveUntilSignal } from '../serve.js';
import { startGateway } from './gateway.js';
import { startFleet } from './sim.js';

interface UpOptions {
  readonly port: number;
  readonly devices: number;
  readonly lifetime: number;
  readonly mqttPort: number;
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('start the gateway with a few simulated devices: the zero-setup demo (what `npm start` runs)')
    .option('-p, --port <port>', 'UDP port of the LwM2M server', intOption, 5683)
    .option('-n, --devices <n>', 'simulated devices to start', positiveIntOption, 3)
    .option('--lifetime <seconds>', 'registration lifetime of the simulated devices', positiveIntOption, 60)
    .option('--mqtt-port <port>', 'port of the embedded MQTT broker', intOption, 1883)
    .action((options: UpOptions, command: Command) =>
      serveUntilSignal(command, async (log) => {
        const gateway = await startGateway({ port: options.port, address: '0.0.0.0', requestTimeout: 93, mqtt: true, mqttPort: options.mqttPort }, log);
        const server = gateway.server;
        const running = await startFleet({ address: '127.0.0.1', port: server.address().port }, { count: options.devices, namePrefix: 'sim-', lifetime: options.lifetime }, log);
        const first = server.registration('sim-1');
        if (first) {
          log.info(`try: coap-client-notls -m get -A 110 coap://127.0.0.1:${first.peer.port}/3/0   (reads sim-1's Device object; Ctrl-C stops)`);
          log.info(`try: npx farside sdf --mqtt-url mqtt://127.0.0.1:${options.mqttPort} deploy sim-1 examples/workloads/dist/temperature.service.json   (a WebAssembly workload)`);
        }
        return async () => {
          await running.stop();
          await gateway.close();
        };
      }),
    );
}
