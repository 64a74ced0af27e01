import { z } from "zod";
import type { JumpsellerClient } from "../client/jumpseller-client.js";
import { JumpsellerApiError } from "../client/jumpseller-client.js";
import type { FieldKey, JumpsellerSettings } from "../store/store-state.js";

/** The four fields shoppers need for a boleta or a factura (platforms.md §3.3), in checkout order. */
export const CHECKOUT_FIELDS: ReadonlyArray<{
  key: FieldKey;
  label: string;
  type: "select" | "input";
  options?: string[];
  required: boolean;
}> = [
  { key: "documentType", label: "Tipo de documento", type: "select", options: ["Boleta", "Factura"], required: true },
  { key: "rut", label: "RUT", type: "input", required: false },
  { key: "businessName", label: "Razón social", type: "input", required: false },
  { key: "activity", label: "Giro", type: "input", required: false },
];

const FieldSchema = z.object({ id: z.number(), label: z.string().nullish(), type: z.string().nullish() });
const ListSchema = z.array(z.object({ checkout_custom_field: FieldSchema }));
const OneSchema = z.object({ checkout_custom_field: FieldSchema });

/**
 * Makes sure the store has our four checkout fields and returns their ids. Idempotent: a field we
 * created before is found by its id (merchants rename labels), so a reinstall never duplicates one.
 * Only when we have no id at all (first install, or the store was set up by hand) is a field with
 * our exact label and type adopted instead of creating a twin. A field the merchant deleted is not
 * recreated behind their back on a later sweep: `recreate` is true only at install.
 */
export async function ensureCheckoutFields(
  api: JumpsellerClient,
  known: JumpsellerSettings["fieldIds"],
  opts: { recreate: boolean },
): Promise<{ fieldIds: JumpsellerSettings["fieldIds"]; created: FieldKey[]; missing: FieldKey[] }> {
  const existing = ListSchema.parse(await api.get("/checkout_custom_fields")).map((f) => f.checkout_custom_field);
  const byId = new Map(existing.map((f) => [f.id, f]));
  const fieldIds: JumpsellerSettings["fieldIds"] = {};
  const created: FieldKey[] = [];
  const missing: FieldKey[] = [];
  for (const [position, spec] of CHECKOUT_FIELDS.entries()) {
    const id = known[spec.key];
    if (id !== undefined && byId.has(id)) {
      fieldIds[spec.key] = id;
      continue;
    }
    const adoptable =
      id === undefined ? existing.find((f) => f.label?.trim() === spec.label && f.type === spec.type) : undefined;
    if (adoptable) {
      fieldIds[spec.key] = adoptable.id;
      continue;
    }
    if (!opts.recreate) {
      missing.push(spec.key);
      continue;
    }
    const body = {
      checkout_custom_field: {
        label: spec.label,
        type: spec.type,
        area: "billing_shipping",
        required: spec.required,
        position: position + 1,
        deletable: true,
        ...(spec.options ? { custom_field_select_options: spec.options } : {}),
      },
    };
    try {
      const made = OneSchema.parse(await api.post("/checkout_custom_fields", body));
      fieldIds[spec.key] = made.checkout_custom_field.id;
      created.push(spec.key);
    } catch (e) {
      if (e instanceof JumpsellerApiError && e.status === 422) missing.push(spec.key);
      else throw e;
    }
  }
  return { fieldIds, created, missing };
}
