import type { Platform } from '../manifest.js';

/**
 * The image config FITA's tooling pushes with `--config config.json:application/vnd.oci.image.config.v1+json`:
 * exactly these bytes (no trailing newline), so the config digest matches theirs.
 */
export const EMBSERVE_CONFIG_BYTES: Uint8Array = new TextEncoder().encode('{"architecture":"arm","os":"zephyr","variant":"v7"}');

/** The platform an embServe artifact has inside a multi-platform index. */
export const EMBSERVE_PLATFORM: Platform = Object.freeze({ architecture: 'arm', os: 'zephyr', variant: 'v7' });

/** The layer title FITA's push gives the service (ORAS titles a layer with the file name as passed). */
export const SERVICE_FILE_NAME = 'service.json';
