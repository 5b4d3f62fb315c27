import type { CoapPeer, RegisteredObjects } from '../../lwm2m/index.js';

/** What the gateway knows of one registered device (LwM2M 1.1 Core §6.2.1). */
export interface Registration {
  /** The id in the Location-Path `rd/<id>` we answered with. */
  readonly id: string;
  /** Endpoint Client Name (`ep`), unique among live registrations. */
  readonly endpoint: string;
  readonly lifetimeS: number;
  /** `lwm2m` parameter, e.g. `1.1`. */
  readonly lwm2mVersion: string;
  /** `b` parameter, e.g. `U`. */
  readonly binding: string;
  /** `Q` (1.1) or a `UQ` binding (1.0): the device sleeps between updates. */
  readonly queueMode: boolean;
  readonly smsNumber?: string;
  /** Where the device's datagrams come from; requests go back there. */
  readonly peer: CoapPeer;
  /** Alternate root path from `</path>;rt="oma.lwm2m"`, `/` by default. */
  readonly rootPath: string;
  readonly objects: RegisteredObjects['objects'];
  /** Content formats the device announced (`ct` on the root link), if any. */
  readonly supportedFormats: readonly number[];
  /** Epoch ms. */
  readonly registeredAt: number;
  readonly lastUpdateAt: number;
  readonly expiresAt: number;
}
