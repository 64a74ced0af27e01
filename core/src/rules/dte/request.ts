import { z } from "zod";
import { TimbreError, type FieldIssue } from "../../errors.js";
import { parseRut } from "../rut.js";
import { DTE_TYPES, GENERIC_RUT, isBoleta, isExemptType, isNote, LIMITS, type DteType } from "./types.js";

/** What a caller asks for: one document, in the shop's words (sii.md §1–§3 decide the SII's). */

function decimals(n: number): number {
  const s = String(n);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use una fecha AAAA-MM-DD.")
  .refine(isRealDate, "Esa fecha no existe.")
  .refine((s) => s >= "2000-01-01" && s <= "2050-12-31", "El SII solo acepta fechas entre 2000 y 2050.");

const rut = z.string().transform((s, ctx) => {
  try {
    const r = parseRut(s);
    return `${r.body}-${r.dv}`;
  } catch (e) {
    ctx.addIssue({ code: "custom", message: e instanceof TimbreError ? e.user.es : "RUT inválido." });
    return z.NEVER;
  }
});

const text = z.string().trim().min(1, "No puede estar vacío.");

/** Quantities and prices: the XSD's Dec12_6 (12 integer digits, 6 decimals). */
const decimal6 = z
  .number()
  .finite()
  .nonnegative()
  .max(999_999_999_999, "Demasiado grande.")
  .refine((n) => decimals(n) <= 6, "Máximo 6 decimales.");

const percent = z
  .number()
  .positive()
  .max(100, "Un porcentaje no puede superar 100.")
  .refine((n) => decimals(n) <= 2, "Máximo 2 decimales.");

const adjustment = z.union(
  [z.strictObject({ amount: z.number().int("Los montos son pesos enteros.").positive() }), z.strictObject({ percent })],
  { error: "Use { amount } en pesos enteros o { percent } entre 0 y 100." },
);

const issuer = z.strictObject({
  rut,
  name: text,
  activity: text,
  acteco: z.array(z.number().int().min(1).max(999_999)).max(4, "Máximo 4 códigos de actividad.").default([]),
  address: text,
  commune: text,
  city: text.optional(),
  branchCode: z.number().int().positive().max(999_999_999).optional(),
  email: z.string().trim().pipe(z.email("Correo inválido.")).optional(),
  phone: text.optional(),
  resolution: z.strictObject({ number: z.number().int().min(0).max(999_999), date }),
});

const receiver = z.strictObject({
  rut,
  name: text.optional(),
  activity: text.optional(),
  address: text.optional(),
  commune: text.optional(),
  city: text.optional(),
  email: z.string().trim().pipe(z.email("Correo inválido.")).optional(),
  contact: text.optional(),
});

const line = z.strictObject({
  name: text,
  description: text.optional(),
  quantity: decimal6.refine((n) => n > 0, "La cantidad debe ser mayor que cero.").default(1),
  unitPrice: decimal6,
  exempt: z.boolean().optional(),
  discount: adjustment.optional(),
  surcharge: adjustment.optional(),
  unit: text.optional(),
  code: text.optional(),
});

const reference = z.strictObject({
  /** TpoDocRef: a document type, or "SET" for certification cases. */
  type: z.union([z.number().int().positive().max(999), z.string().trim().min(1).max(3)]).optional(),
  folio: z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(18)]).optional(),
  date: date.optional(),
  /** CodRef: 1 anula, 2 corrige texto, 3 corrige montos; boletas carry free text ("SET"). */
  code: z.union([z.literal(1), z.literal(2), z.literal(3), z.string().trim().min(1).max(18)]).optional(),
  reason: text.optional(),
});

const transport = z.strictObject({
  /** IndTraslado: 1 venta … 9 (DTE_v10.xsd). */
  transferType: z.number().int().min(1).max(9).default(1),
  /** TipoDespacho: 1 por cuenta del receptor, 2 del emisor a instalaciones del cliente, 3 del emisor a otras. */
  dispatchType: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  address: text.optional(),
  commune: text.optional(),
  city: text.optional(),
});

const FACTURA_RECEIVER_FIELDS = ["name", "activity", "address", "commune"] as const;

export const DteRequestSchema = z
  .strictObject({
    type: z.union(DTE_TYPES.map((t) => z.literal(t)) as [z.ZodLiteral<DteType>, ...Array<z.ZodLiteral<DteType>>]),
    issueDate: date,
    issuer,
    receiver: receiver.optional(),
    lines: z.array(line).min(1, "El documento necesita al menos una línea."),
    globalDiscount: adjustment.optional(),
    globalSurcharge: adjustment.optional(),
    references: z.array(reference).max(LIMITS.references, `Máximo ${LIMITS.references} referencias.`).default([]),
    pricesIncludeTax: z.boolean().optional(),
    /** FmaPago (facturas): 1 contado, 2 crédito, 3 sin costo. */
    paymentMethod: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** IndServicio (boletas): 3 ventas y servicios unless told otherwise. */
    serviceIndicator: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    transport: transport.optional(),
  })
  .superRefine((r, ctx) => {
    const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: "custom", path, message });
    const boleta = isBoleta(r.type);
    const maxLines = boleta ? LIMITS.linesBoleta : LIMITS.linesDte;
    if (r.lines.length > maxLines) issue(["lines"], `Máximo ${maxLines} líneas en este tipo de documento.`);
    if (!boleta) {
      if (r.issuer.acteco.length === 0)
        issue(["issuer", "acteco"], "Indique al menos un código de actividad económica.");
      if (!r.receiver) issue(["receiver"], "Este documento necesita los datos del receptor.");
      else {
        const generic = r.receiver.rut === GENERIC_RUT;
        const required = r.type === 33 || r.type === 34 || !generic ? FACTURA_RECEIVER_FIELDS : (["name"] as const);
        for (const f of required) if (!r.receiver[f]) issue(["receiver", f], "Falta este dato del receptor.");
      }
    }
    if (isExemptType(r.type)) {
      r.lines.forEach((l, i) => {
        if (l.exempt === false) issue(["lines", i, "exempt"], "En un documento exento todas las líneas son exentas.");
      });
    } else if ((r.type === 33 || r.type === 39) && r.lines.length > 0 && r.lines.every((l) => l.exempt)) {
      issue(
        ["lines"],
        `Todas las líneas son exentas: emita ${r.type === 33 ? "una factura exenta (34)" : "una boleta exenta (41)"}.`,
      );
    }
    if (r.transport && r.type !== 52) issue(["transport"], "Solo las guías de despacho (52) llevan datos de traslado.");
    r.references.forEach((ref, i) => {
      if (boleta) return;
      if (ref.type === undefined) issue(["references", i, "type"], "Indique el tipo del documento referenciado.");
      if (ref.folio === undefined) issue(["references", i, "folio"], "Indique el folio del documento referenciado.");
      if (ref.date === undefined) issue(["references", i, "date"], "Indique la fecha del documento referenciado.");
      if (typeof ref.code === "string")
        issue(
          ["references", i, "code"],
          "El código de referencia es 1 (anula), 2 (corrige texto) o 3 (corrige montos).",
        );
    });
    if (isNote(r.type) && !r.references.some((ref) => typeof ref.code === "number")) {
      issue(
        ["references"],
        "Una nota de crédito o débito debe referenciar el documento que corrige, con su código (1 anula, 2 corrige texto, 3 corrige montos).",
      );
    }
  });

export type DteRequestInput = z.input<typeof DteRequestSchema>;
export type DteRequest = z.output<typeof DteRequestSchema>;

function issuesToFields(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i): FieldIssue[] => {
    const path = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => ({ field: path ? `${path}.${k}` : k, message: `Campo desconocido "${k}".` }));
    }
    return [{ field: path || "(request)", message: i.message }];
  });
}

/** Validates a request (JSON already parsed); a TimbreError names every offending field. */
export function parseDteRequest(input: unknown): DteRequest {
  const r = DteRequestSchema.safeParse(input, { error: z.locales.es().localeError });
  if (r.success) return r.data;
  const fields = issuesToFields(r.error);
  const names = [...new Set(fields.map((f) => f.field))].join(", ");
  throw new TimbreError(
    "dte.request_invalid",
    {
      es: `La solicitud del documento tiene errores en: ${names}.`,
      en: `The document request has errors in: ${names}.`,
    },
    { fields },
  );
}
