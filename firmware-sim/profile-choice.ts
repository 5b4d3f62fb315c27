/**
 * Picks a board for a simulated device from what a user or a test gives: a profile name,
 * a partial profile over the nRF52840, or nothing.
 */
import { z } from 'zod';
import { invalidInput } from '../errors/index.js';
import { DEVICE_PROFILES, NRF52840_PROFILE, TX_POWER_LEVELS, type DeviceProfile } from './objects/index.js';

const budgetSchema = z
  .object({
    memoryTotalKB: z.number().int().positive(),
    firmwareRamKB: z.number().int().nonnegative(),
    flashTotalKB: z.number().int().positive(),
    firmwareFlashKB: z.number().int().nonnegative(),
    cpuClockMHz: z.number().positive(),
    txPowerAtBoot: z.enum(TX_POWER_LEVELS),
  })
  .refine((p) => p.firmwareRamKB < p.memoryTotalKB, { message: 'the firmware must leave some RAM (firmwareRamKB < memoryTotalKB)' })
  .refine((p) => p.firmwareFlashKB < p.flashTotalKB, { message: 'the firmware must leave some flash (firmwareFlashKB < flashTotalKB)' });

export function resolveProfile(choice: string | Partial<DeviceProfile> | undefined): DeviceProfile {
  if (choice === undefined) return NRF52840_PROFILE;
  if (typeof choice === 'string') {
    const named = DEVICE_PROFILES.get(choice);
    if (!named) throw invalidInput(`unknown device profile "${choice}"; known: ${[...DEVICE_PROFILES.keys()].join(', ')}`);
    return named;
  }
  const profile = { ...NRF52840_PROFILE, ...choice };
  const checked = budgetSchema.safeParse(profile);
  if (!checked.success) throw invalidInput(`device profile: ${checked.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ')}`);
  return profile;
}
