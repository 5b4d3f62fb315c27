/**
 * embServe service.json packages the end-to-end tests deploy, in FITA's format.
 */

/** A temperature service like FITA's: one float output mapped to a new Temperature instance; 6 KB of native module. */
export const TEMPERATURE_SERVICE = {
  name: 'temperature',
  version: '1.0.0',
  data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'],
  service: Buffer.alloc(6 * 1024, 7).toString('base64'),
  dependencies: { sdk_api: 1 },
  inputs: [],
  outputs: [{ key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] }],
};
