/**
 * The gateway with its embedded broker, in its own process: the telemetry bench
 * drives devices and a subscriber from the parent, as a deployment would.
 */
import { LwM2mServer, SdfMqttBinding, startEmbeddedBroker } from '../gateway/index.js';

const broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1' });
const server = new LwM2mServer({ port: 0, address: '127.0.0.1' });
const binding = new SdfMqttBinding(server, { url: broker.url, protocolVersion: 4 });
await binding.start();
const address = await server.start();

process.on('message', (msg: { cmd: string }) => {
  if (msg.cmd === 'stop') {
    void (async () => {
      await server.close();
      await binding.close();
      await broker.close();
      process.exit(0);
    })();
  }
});
process.send!({ kind: 'ready', coapPort: address.port, mqttUrl: broker.url });
