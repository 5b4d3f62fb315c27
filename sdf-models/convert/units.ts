/**
 * Units for the SDF `unit` quality, which RFC 9880 §4.7 (note 1) wants as SenML unit
 * names (RFC 8428 §12.1, RFC 8798). The OMA registry already writes nearly all of its
 * units that way ("Cel", "/100", "dBm"); the few spellings below have one obvious SenML
 * name. Anything else is kept as the registry has it rather than guessed at.
 */
const SENML_UNIT_FOR: ReadonlyMap<string, string> = new Map([
  // SenML deprecates "%"; RFC 8798's "/100" is the same percent scale (0..100).
  ['%', '/100'],
  ['°C', 'Cel'],
  ['degC', 'Cel'],
  ['°', 'deg'],
  ['sec', 's'],
  ['seconds', 's'],
]);

/** The SDF unit for an OMA `Units` text, or undefined when there is none. */
export function sdfUnit(omaUnits: string | undefined): string | undefined {
  const text = omaUnits?.trim();
  if (!text) return undefined;
  return SENML_UNIT_FOR.get(text) ?? text;
}
