/**
 * The numbers a device's Software Management object (LwM2M object 9, OMA "LwM2M Software
 * Management" 1.0) reports, and what they mean in words for people and pod conditions.
 */

/** Update State, resource 7 of urn:oma:lwm2m:oma:9. */
export const SOFTWARE_UPDATE_STATE = {
  INITIAL: 0,
  DOWNLOAD_STARTED: 1,
  DOWNLOADED: 2,
  DELIVERED: 3,
  INSTALLED: 4,
} as const;

/** Update Result, resource 9 of urn:oma:lwm2m:oma:9; 55 is not assigned. */
export const SOFTWARE_UPDATE_RESULT = {
  INITIAL: 0,
  DOWNLOADING: 1,
  INSTALLED: 2,
  DOWNLOADED_VERIFIED: 3,
  NOT_ENOUGH_STORAGE: 50,
  OUT_OF_MEMORY: 51,
  CONNECTION_LOST: 52,
  INTEGRITY_FAILURE: 53,
  UNSUPPORTED_PACKAGE: 54,
  INVALID_URI: 56,
  UPDATE_ERROR: 57,
  INSTALL_FAILURE: 58,
  UNINSTALL_FAILURE: 59,
} as const;

const STATE_NAMES: readonly string[] = ['INITIAL', 'DOWNLOAD STARTED', 'DOWNLOADED', 'DELIVERED', 'INSTALLED'];

/** "DELIVERED" for 3; "UNKNOWN" for a number outside the OMA list. */
export function updateStateName(state: number): string {
  return STATE_NAMES[state] ?? 'UNKNOWN';
}

/** An Update Result in words, and for a failure what it means for the workload. */
export interface UpdateResultText {
  readonly words: string;
  readonly why?: string;
}

/** Every Update Result OMA defines, in the spec's words (shortened) with a hint for failures. */
export const UPDATE_RESULT_TEXT: Readonly<Record<number, UpdateResultText>> = {
  0: { words: 'initial' },
  1: { words: 'downloading' },
  2: { words: 'installed' },
  3: { words: 'downloaded and verified' },
  50: { words: 'not enough storage', why: 'the package needs more flash than the device has free' },
  51: { words: 'out of memory', why: 'the workload needs more RAM than the device has' },
  52: { words: 'connection lost', why: 'the download of the package broke off' },
  53: { words: 'integrity check failure', why: 'the package is damaged or not a valid service.json' },
  54: { words: 'unsupported package type', why: 'the device cannot run this workload: engine, SDK API or model' },
  56: { words: 'invalid URI', why: 'the device cannot download from the package URI' },
  57: { words: 'device-defined update error', why: 'the device log says more' },
  58: { words: 'installation failure', why: 'the device could not install the delivered package' },
  59: { words: 'uninstallation failure', why: 'the device could not uninstall the package' },
};

/** "out of memory" for 51; "unknown result" for a code OMA does not define. */
export function updateResultWords(code: number): string {
  return UPDATE_RESULT_TEXT[code]?.words ?? 'unknown result';
}

/** E.g. "51 out of memory (the workload needs more RAM than the device has)". */
export function explainUpdateResult(code: number): string {
  const text = UPDATE_RESULT_TEXT[code];
  if (text === undefined) return `${code} unknown result`;
  return text.why === undefined ? `${code} ${text.words}` : `${code} ${text.words} (${text.why})`;
}

/** Whether an Update Result reports a failure (OMA puts them all at 50 and above). */
export function isUpdateFailure(code: number): boolean {
  return code >= SOFTWARE_UPDATE_RESULT.NOT_ENOUGH_STORAGE;
}
