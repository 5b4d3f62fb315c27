import { z } from 'zod';
import type { Registration } from './registration.js';

/** The JSON form of a registration, validated when read back. */
const registrationSchema = z.object({
  id: z.string().min(1),
  endpoint: z.string().min(1),
  lifetimeS: z.number().int().positive(),
  lwm2mVersion: z.string(),
  binding: z.string(),
  queueMode: z.boolean(),
  smsNumber: z.string().optional(),
  peer: z.object({ address: z.string().min(1), port: z.number().int().min(1).max(65535) }),
  rootPath: z.string(),
  objects: z.array(z.tuple([z.number().int().min(0), z.object({ version: z.string().optional(), instances: z.array(z.number().int().min(0)) })])),
  supportedFormats: z.array(z.number().int().min(0)),
  registeredAt: z.number(),
  lastUpdateAt: z.number(),
  expiresAt: z.number(),
});

export const registrationFileSchema = z.object({
  version: z.literal(1),
  registrations: z.array(registrationSchema),
});

export type RegistrationFile = z.infer<typeof registrationFileSchema>;

export function registrationToJson(r: Registration): RegistrationFile['registrations'][number] {
  return {
    ...r,
    supportedFormats: [...r.supportedFormats],
    objects: [...r.objects.entries()].map(([id, o]) => [id, { version: o.version, instances: [...o.instances] }]),
  };
}

export function registrationFromJson(json: RegistrationFile['registrations'][number]): Registration {
  return { ...json, objects: new Map(json.objects) };
}
