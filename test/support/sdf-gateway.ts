/**
 * The rig most end-to-end tests stand on: the LwM2M gateway (test Harness) with its SDF binding
 * on a broker, and an SdfClient on the same broker, as the kubelet, adapters and tools use it.
 */
import { SdfMqttBinding } from '../../gateway/index.js';
import { SdfClient } from '../../sdf-models/index.js';
import { Harness } from '../harness.js';

export interface SdfGateway {
  readonly h: Harness;
  readonly binding: SdfMqttBinding;
  readonly client: SdfClient;
  /** Closes the client, the gateway and its binding. */
  close(): Promise<void>;
}

export async function startSdfGateway(brokerUrl: string, options: { readonly requestTimeoutMs?: number } = {}): Promise<SdfGateway> {
  const h = await new Harness({ requestTimeoutMs: 2_000 }).start();
  const binding = new SdfMqttBinding(h.server, { url: brokerUrl, protocolVersion: 4 });
  await binding.start();
  const client = new SdfClient({ url: brokerUrl, protocolVersion: 4, requestTimeoutMs: options.requestTimeoutMs ?? 5_000 });
  await client.start();
  return {
    h,
    binding,
    client,
    close: async () => {
      await client.close();
      await h.close();
      await binding.close();
    },
  };
}
