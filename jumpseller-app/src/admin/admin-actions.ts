import {
  CourierInputSchema,
  isTimbreError,
  issueLoginLink,
  merchantFields,
  merchantTitle,
  MovementInputSchema,
  ProductInputSchema,
  recordMovements,
  runTransaction,
  saveCourier,
  saveZone,
  setPrices,
  upsertProducts,
  validate,
  ZoneInputSchema,
} from "@timbre/core/admin";

/** The hub's database handle as the admin use cases take it (the page already holds one). */
type AdminDb = Parameters<typeof upsertProducts>[0];

/** What the page says after an action: a sentence, the fields to fix, and a link to hand over. */
export interface AdminNotice {
  ok: boolean;
  message: string;
  fields?: string[];
  link?: string;
}

const s = (form: URLSearchParams, k: string) => (form.get(k) ?? "").trim();
/** "$2.990" → 2990; "2,5" → 2.5; anything else NaN, which the schema refuses for that field. */
const pesos = (v: string) => (/^\d{1,13}$/.test(v.replace(/[$\s.]/g, "")) ? Number(v.replace(/[$\s.]/g, "")) : NaN);
const decimal = (v: string) => (/^-?\d{1,13}(?:[.,]\d{1,12})?$/.test(v) ? Number(v.replace(",", ".")) : NaN);
const whole = (v: string) => (/^\d{1,9}$/.test(v) ? Number(v) : NaN);
const list = (v: string) =>
  v
    .split(/[,\n;]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The merchant actions the CLI has, from the Jumpseller admin page: a product, a stock movement, a
 * price in a price list, a delivery zone, a courier and their sign-in link. Each calls the same use
 * case the CLI and the Shopify screens call.
 */
export async function runAdminAction(
  db: AdminDb,
  store: { id: string; companyId: string },
  form: URLSearchParams,
  publicUrl: string,
): Promise<AdminNotice> {
  const companyId = store.companyId;
  const actor = `jumpseller:${store.id}`;
  try {
    switch (s(form, "intent")) {
      case "product": {
        const item = validate(ProductInputSchema, {
          sku: s(form, "sku"),
          name: s(form, "name"),
          price: pesos(s(form, "price")),
        });
        const r = await upsertProducts(db, companyId, [item], { actor });
        return {
          ok: true,
          message:
            r.results[0]?.status === "created" ? `Producto ${item.sku} creado.` : `Producto ${item.sku} guardado.`,
        };
      }
      case "movement": {
        const kind = s(form, "kind");
        const input = validate(MovementInputSchema, {
          sku: s(form, "sku"),
          kind,
          quantity: decimal(s(form, "quantity")),
          ...(s(form, "warehouse") ? { warehouse: s(form, "warehouse") } : {}),
          ...(kind === "transfer" && s(form, "to") ? { toWarehouse: s(form, "to") } : {}),
          ...(s(form, "reason") ? { reason: s(form, "reason") } : {}),
        });
        const [m] = await recordMovements(db, companyId, [input], { actor, store });
        const n = (x: number) => x.toLocaleString("es-CL", { maximumFractionDigits: 3 });
        return {
          ok: true,
          message: `${m!.sku} en ${m!.warehouse}: ${m!.quantity >= 0 ? "+" : ""}${n(m!.quantity)}, quedan ${n(m!.onHand)}.`,
        };
      }
      case "price": {
        const price = pesos(s(form, "price"));
        if (!s(form, "list") || !s(form, "sku") || !Number.isInteger(price))
          return { ok: false, message: "Indique la lista, el SKU y el precio en pesos enteros (p. ej. 12990)." };
        const r = await setPrices(db, companyId, s(form, "list"), [{ sku: s(form, "sku"), price }], actor);
        return {
          ok: true,
          message: `${s(form, "sku")} en la lista ${r.list}: $${price.toLocaleString("es-CL")}.`,
        };
      }
      case "zone": {
        const commission = s(form, "commission");
        const input = validate(ZoneInputSchema, {
          name: s(form, "name"),
          comunas: list(s(form, "comunas")),
          rate: {
            kind: "flat",
            amount: pesos(s(form, "flat")),
            ...(s(form, "freeFrom") ? { freeFrom: pesos(s(form, "freeFrom")) } : {}),
          },
          commission: commission.endsWith("%")
            ? { kind: "percent", percent: decimal(commission.slice(0, -1).trim()) }
            : { kind: "amount", amount: pesos(commission) },
        });
        const r = await runTransaction(db, (tx) => saveZone(tx, companyId, input, actor), { retryOn: ["23505"] });
        return { ok: true, message: `${r.created ? "Zona creada" : "Zona actualizada"}: ${r.zone.name}.` };
      }
      case "courier": {
        const input = validate(CourierInputSchema, {
          name: s(form, "name"),
          phone: s(form, "phone"),
          capacityPerDay: whole(s(form, "capacity")),
          zones: list(s(form, "zones")),
        });
        const r = await runTransaction(db, (tx) => saveCourier(tx, companyId, input, actor), { retryOn: ["23505"] });
        return {
          ok: true,
          message: `${r.created ? "Repartidor agregado" : "Repartidor actualizado"}: ${r.courier.name}.`,
        };
      }
      case "link": {
        const link = await issueLoginLink(db, companyId, s(form, "courier"), actor);
        return {
          ok: true,
          message: "Enlace de ingreso creado: envíelo al teléfono del repartidor (sirve una vez, por 72 horas).",
          link: new URL(link.path, publicUrl).toString(),
        };
      }
      default:
        return { ok: false, message: "Esa acción no existe." };
    }
  } catch (e) {
    if (!isTimbreError(e)) throw e;
    return {
      ok: false,
      message: merchantTitle(e, "es"),
      fields: merchantFields(e.fields, "es").map((f) => `${f.label}: ${f.message}`),
    };
  }
}
