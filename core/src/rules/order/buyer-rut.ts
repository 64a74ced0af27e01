import { normalizeRut } from "../rut.js";

/** The wire form of a RUT typed at checkout, or undefined when it is absent or not a valid RUT. */
export function canonicalRut(text: string | undefined): string | undefined {
  if (!text?.trim()) return undefined;
  try {
    return normalizeRut(text);
  } catch {
    return undefined;
  }
}
