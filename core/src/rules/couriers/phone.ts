/**
 * A Chilean phone in E.164 ("+56912345678"): what couriers type varies ("9 1234 5678",
 * "+56 9 1234 5678", "56912345678"). Undefined when it is not nine national digits.
 */
export function normalizeChileanPhone(text: string): string | undefined {
  const digits = text.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("56") ? digits.slice(2) : digits;
  return /^[2-9]\d{8}$/.test(national) ? `+56${national}` : undefined;
}
