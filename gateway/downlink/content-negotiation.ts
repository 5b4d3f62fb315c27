import { CONTENT_FORMAT } from '../../lwm2m/index.js';
import type { Registration } from '../registration/registration.js';

/**
 * The format we ask a device to answer in (and write to it in): SenML CBOR when it
 * announced it, then SenML JSON, then TLV, which every 1.0 device must speak
 * (Core 1.0 §6.4) and most 1.1 devices still do.
 */
export function preferredFormat(registration: Pick<Registration, 'supportedFormats' | 'lwm2mVersion'>): number {
  const formats = registration.supportedFormats;
  if (formats.includes(CONTENT_FORMAT.SENML_CBOR)) return CONTENT_FORMAT.SENML_CBOR;
  if (formats.includes(CONTENT_FORMAT.SENML_JSON)) return CONTENT_FORMAT.SENML_JSON;
  return CONTENT_FORMAT.TLV;
}
