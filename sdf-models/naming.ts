/**
 * DESIGN.md naming rule shared with NextGenGW: an OMA name becomes an SDF name by
 * turning spaces, commas and slashes into `_` ("LWM2M Software Management" →
 * "LWM2M_Software_Management", "Sensor Value" → "Sensor_Value").
 */
export function sdfName(omaName: string): string {
  return omaName.trim().replace(/[ ,/]/g, '_');
}
