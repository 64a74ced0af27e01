/**
 * Our schemas' own messages are written in English (developers read them in code and in `messageEn`),
 * but whatever a merchant or an API caller reads first must be Spanish (es-CL). This catalog is the
 * one place they are said in Spanish; validate() and fieldIssues() use it, and a test fails when a
 * schema gains an English message that is not here.
 */
const ES: Record<string, string> = {
  "1-32 letters, digits, spaces, . _ -": "De 1 a 32 letras, dígitos, espacios, punto, guion o guion bajo.",
  "4 to 8 digits": "De 4 a 8 dígitos.",
  "YYYY-MM-DD": "Use una fecha AAAA-MM-DD.",
  "a date, YYYY-MM-DD": "Use una fecha AAAA-MM-DD.",
  "a Chilean phone: nine digits, e.g. +56 9 1234 5678": "Un teléfono chileno: nueve dígitos, p. ej. +56 9 1234 5678.",
  "a count cannot be negative": "Un conteo no puede ser negativo.",
  "a postal code or its first digits": "Un código postal o sus primeros dígitos.",
  "a refund needs lines or shipping": "Una devolución necesita productos o el despacho.",
  "a transfer moves a positive quantity": "Un traspaso mueve una cantidad positiva.",
  "a zone needs at least one región, comuna or postal code":
    "Una zona necesita al menos una región, comuna o código postal.",
  "already exists": "Ya existe.",
  "already registered": "Ya está registrado.",
  "already used": "Ya está en uso.",
  "an external carrier needs its name": "Un transportista externo necesita su nombre.",
  "at most six decimals (SII QtyItem)": "A lo más seis decimales.",
  "at most two decimals": "A lo más dos decimales.",
  "bands must go up in weight": "Los tramos deben ir de menor a mayor peso.",
  "at most four decimals": "A lo más cuatro decimales.",
  "at most three decimals": "A lo más tres decimales (p. ej. 2,125).",
  "guests need a prefix of their own": "Los invitados necesitan un prefijo propio.",
  "has no warehouse": "No tiene bodega.",
  "invalid URL": "No es una dirección web válida.",
  "larger than the line total": "Es mayor que el total de la línea.",
  "letters, digits, '.', '_' or '-'": "Solo letras, dígitos, punto, guion bajo o guion.",
  "letters, digits, '_' or '-'": "Solo letras, dígitos, guion bajo o guion.",
  "missing column": "Falta la columna.",
  "must be a number": "Debe ser un número.",
  "must be a string": "Debe ser un texto.",
  "must be a string (platform ids are sent as strings)": "Debe ser un texto (los ids de la plataforma van como texto).",
  "must differ from warehouse": "Debe ser otra bodega que la de origen.",
  "must not be empty": "No puede estar vacío.",
  "must not be negative": "No puede ser negativo.",
  "must not be zero": "No puede ser cero.",
  "no outcome from the platform": "La plataforma no respondió.",
  "not found": "No existe.",
  "not found or not dead": "No existe o no está detenido.",
  "no answer": "Sin respuesta.",
  "no default warehouse: give one": "No hay bodega por omisión: indique una.",
  "not a line of this order": "No es una línea de este pedido.",
  "one or more distinct codes": "Uno o más códigos distintos.",
  "only for a transfer": "Solo para un traspaso.",
  "quantity must be a whole number ≥ 0": "La cantidad debe ser un número entero mayor o igual a 0.",
  "repeated in this batch": "Está repetido en este lote.",
  "repeated line id": "Id de línea repetido.",
  required: "Es obligatorio.",
  "reserved for Timbre's own corrections": "Reservado para las correcciones del propio Timbre.",
  "required for a factura": "Es obligatorio para una factura.",
  "required for a transfer": "Es obligatorio para un traspaso.",
  "required to create the company": "Es obligatorio para crear la empresa.",
  "required when there are several companies": "Es obligatorio cuando hay varias empresas.",
  "same as the account prefix": "Es igual al prefijo de la cuenta.",
  "shipping was already refunded": "El despacho ya se devolvió.",
  "the order has no shipping charge": "El pedido no tiene cobro de despacho.",
  "unknown zone": "Zona desconocida.",
  unknown: "Desconocido.",
  "must be whole pesos (CLP)": "Pesos enteros, sin decimales.",
  "whole CLP": "Pesos enteros, sin decimales.",
  "must be a postgresql:// URL": "Debe ser una dirección postgresql://.",
  "must be an smtp:// or smtps:// URL": "Debe ser una dirección smtp:// o smtps://.",
};

/** Messages built with a value inside. */
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^line total over (\d+) CLP$/, (m) => `El total de la línea supera $${Number(m[1]).toLocaleString("es-CL")}.`],
  [/^must be one of (.+)$/, (m) => `Debe ser uno de: ${m[1]}.`],
  [
    /^order total over (\d+) CLP \(what a document can hold\)$/,
    (m) => `El total del pedido supera $${Number(m[1]).toLocaleString("es-CL")}, lo que cabe en un documento.`,
  ],
  [/^no item (.+)$/s, (m) => `No existe el producto ${m[1]}.`],
  [/^not an option of --platform (.+)$/, (m) => `No es una opción de --platform ${m[1]}.`],
  [/^only (\d+(?:\.\d+)?) left to refund$/, (m) => `Solo queda${m[1] === "1" ? "" : "n"} ${m[1]} por devolver.`],
  [/^over (\d+) bytes$/, (m) => `Supera ${m[1]} bytes.`],
  [/^unknown SKU (.+)$/s, (m) => `No existe el SKU ${m[1]}.`],
  [/^unknown warehouse (.+)$/s, (m) => `No existe la bodega ${m[1]}.`],
  [
    /^unknown región "(.*)" \(use its code, e\.g\. 13, or its name\)$/s,
    (m) => `No existe la región "${m[1]}" (use su número, p. ej. 13, o su nombre).`,
  ],
  [
    /^unknown comuna "(.*)" \(use its CUT code, e\.g\. 13123, or its name\)$/s,
    (m) => `No existe la comuna "${m[1]}" (use su código, p. ej. 13123, o su nombre).`,
  ],
];

/** The Spanish of one of our schema messages; anything else (zod's es locale, Spanish text) as is. */
export function spanishSchemaMessage(message: string): string {
  const exact = ES[message];
  if (exact) return exact;
  for (const [re, say] of PATTERNS) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

/** Whether `message` is one this catalog says in Spanish (for the test that keeps it complete). */
export function hasSpanishFor(message: string): boolean {
  return spanishSchemaMessage(message) !== message;
}
