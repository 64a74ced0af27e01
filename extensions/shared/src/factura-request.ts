import { normalizeRut } from "@timbre/core/rules/rut";
import type { FiscalFields } from "./fiscal-fields.js";
import { validateFiscalFields, type FieldError } from "./validate-fiscal-fields.js";

/**
 * After the purchase, the thank-you / order-status block lets a buyer who got a boleta ask for a
 * factura. The hub answers at this path (relative to the app URL) with the buyer's session token
 * as `Authorization: Bearer …`.
 */
export const FACTURA_REQUEST_PATH = "/extensions/factura-request";

export interface FacturaRequestBody {
  /** Order GID (gid://shopify/Order/…) or numeric id, kept as a string. */
  orderId: string;
  rut: string;
  businessName: string;
  activity: string;
}

export type FacturaRequestResult =
  | { ok: true; message: { es: string; en: string } }
  | { ok: false; errors: FieldError[]; message: { es: string; en: string } };

/** Validates locally (the hub validates again) and builds the body, RUT in wire form. */
export function buildFacturaRequest(
  orderId: string,
  f: Omit<FiscalFields, "documentType">,
): { body: FacturaRequestBody } | { errors: FieldError[] } {
  const errors = validateFiscalFields({ ...f, documentType: "factura" });
  if (errors.length > 0) return { errors };
  return {
    body: { orderId, rut: normalizeRut(f.rut), businessName: f.businessName.trim(), activity: f.activity.trim() },
  };
}

type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Sends the request; every failure comes back as a message for the buyer, never a throw. */
export async function sendFacturaRequest(
  fetchImpl: FetchLike,
  appUrl: string,
  sessionToken: string,
  orderId: string,
  f: Omit<FiscalFields, "documentType">,
): Promise<FacturaRequestResult> {
  const built = buildFacturaRequest(orderId, f);
  if ("errors" in built)
    return {
      ok: false,
      errors: built.errors,
      message: { es: "Revise los datos marcados.", en: "Check the highlighted fields." },
    };
  try {
    const res = await fetchImpl(`${appUrl.replace(/\/+$/, "")}${FACTURA_REQUEST_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${sessionToken}` },
      body: JSON.stringify(built.body),
    });
    const data = (await res.json().catch(() => ({}))) as {
      message?: { es?: string; en?: string };
      error?: { message?: string; en?: string };
    };
    if (res.ok) {
      return {
        ok: true,
        message: {
          es: data.message?.es ?? "Recibimos su solicitud de factura.",
          en: data.message?.en ?? "We received your invoice request.",
        },
      };
    }
    return {
      ok: false,
      errors: [],
      message: {
        es: data.error?.message ?? "No pudimos registrar la solicitud. Intente más tarde.",
        en: data.error?.en ?? "We could not record the request. Try again later.",
      },
    };
  } catch {
    return {
      ok: false,
      errors: [],
      message: { es: "Sin conexión con Timbre. Intente más tarde.", en: "Could not reach Timbre. Try again later." },
    };
  }
}
