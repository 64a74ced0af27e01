import { documentLabel } from "../../rules/dte/types.js";

/**
 * An audit event as a sentence a merchant reads ("Boleta electrónica N° 1 aceptada por el SII",
 * "CAF cargado: folios 1 a 1000 de nota de crédito"), never the event's code or its raw data.
 * Every screen that shows history (Shopify, Jumpseller, the shared admin bundle) uses this.
 */

type Lang = "es" | "en";
type Data = Record<string, unknown>;

const DOC_NOUN: Record<number, { es: string; en: string; female: boolean }> = {
  33: { es: "factura", en: "invoice", female: true },
  34: { es: "factura exenta", en: "exempt invoice", female: true },
  39: { es: "boleta", en: "receipt", female: true },
  41: { es: "boleta exenta", en: "exempt receipt", female: true },
  52: { es: "guía de despacho", en: "dispatch guide", female: true },
  56: { es: "nota de débito", en: "debit note", female: true },
  61: { es: "nota de crédito", en: "credit note", female: true },
};

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const clp = (n: number) => `$${n.toLocaleString("es-CL")}`;

function doc(d: Data, lang: Lang): string {
  const type = num(d.type) ?? num(d.documentType);
  const folio = num(d.folio);
  if (type === undefined) return lang === "en" ? "The document" : "El documento";
  return folio === undefined ? (DOC_NOUN[type]?.[lang] ?? documentLabel(type, "")) : documentLabel(type, folio, lang);
}

type Describer = (d: Data, lang: Lang) => string;

const t = (lang: Lang, es: string, en: string) => (lang === "en" ? en : es);

const SENTENCES: Record<string, Describer> = {
  "document.issued": (d, l) =>
    t(l, `${doc(d, l)} emitida`, `${doc(d, l)} issued`) +
    (num(d.total) !== undefined ? ` (${clp(num(d.total)!)})` : ""),
  "credit_note.issued": (d, l) =>
    t(l, `${doc(d, l)} emitida`, `${doc(d, l)} issued`) +
    (num(d.total) !== undefined ? ` (${clp(num(d.total)!)})` : ""),
  "document.sent": (d, l) => t(l, `${doc(d, l)} enviada al SII`, `${doc(d, l)} sent to the SII`),
  "document.accepted": (d, l) =>
    d.state === "accepted_with_objections"
      ? t(l, `${doc(d, l)} aceptada con reparos por el SII`, `${doc(d, l)} accepted with objections by the SII`)
      : t(l, `${doc(d, l)} aceptada por el SII`, `${doc(d, l)} accepted by the SII`),
  "document.rejected": (d, l) =>
    t(l, `${doc(d, l)} rechazada por el SII`, `${doc(d, l)} rejected by the SII`) +
    (str(d.reason) ? `: ${str(d.reason)}` : ""),
  "document.resend": (d, l) =>
    t(l, `${doc(d, l)} se volverá a enviar al SII`, `${doc(d, l)} will be sent to the SII again`),
  "document.emailed": (d, l) =>
    t(l, `${doc(d, l)} enviada por correo al comprador`, `${doc(d, l)} e-mailed to the buyer`) +
    (str(d.to) ? ` (${str(d.to)})` : ""),
  "document.email_skipped": (d, l) =>
    t(l, `${doc(d, l)} no se envió por correo`, `${doc(d, l)} was not e-mailed`) +
    (str(d.reason) ? `: ${str(d.reason)}` : ""),
  "document.email_resend_requested": (d, l) =>
    t(l, `Se pidió reenviar por correo ${doc(d, l)}`, `Resending ${doc(d, l)} by e-mail was requested`),
  "document.written_back": (d, l) => t(l, `${doc(d, l)} informada a la tienda`, `${doc(d, l)} reported to the store`),
  "document.note": (d, l) =>
    t(l, `Nota sobre ${doc(d, l)}`, `Note about ${doc(d, l)}`) + (str(d.notes) ? `: ${str(d.notes)}` : ""),
  "caf.loaded": (d, l) => {
    const type = num(d.type) ?? 0;
    const noun = DOC_NOUN[type]?.[l] ?? String(type);
    return t(
      l,
      `CAF cargado: folios ${d.from} a ${d.to} de ${noun}`,
      `CAF loaded: folios ${d.from} to ${d.to} of ${noun}`,
    );
  },
  "billing.charged": (d, l) => {
    const month = str(d.month) ? dmy(`${str(d.month)}-01`).slice(3) : "";
    const pesos = num(d.clp) === undefined ? "" : ` $${num(d.clp)!.toLocaleString("es-CL")}`;
    const via = d.method === "factura" ? t(l, " con factura", " by factura") : d.method === "shopify" ? t(l, " en Shopify", " on Shopify") : "";
    return t(l, `Cobro de Timbre ${month}:${pesos}${via}`, `Timbre charge ${month}:${pesos}${via}`);
  },
  "caf.low_folios": (d, l) =>
    t(l, `Quedan pocos folios de ${DOC_NOUN[num(d.documentType) ?? 0]?.es ?? "un tipo"}`, `Few folios left`),
  "caf.caf_expiring": (d, l) =>
    t(
      l,
      `El CAF de ${DOC_NOUN[num(d.documentType) ?? 0]?.es ?? "un tipo"} está por vencer`,
      `A CAF is about to expire`,
    ),
  "certificate.loaded": (d, l) =>
    t(l, `Certificado de firma cargado`, `Signing certificate loaded`) +
    (str(d.subject) ? `: ${str(d.subject)}` : "") +
    (str(d.validTo) ? t(l, `, vence el ${dmy(str(d.validTo)!)}`, `, expires ${dmy(str(d.validTo)!)}`) : ""),
  "company.created": (_d, l) => t(l, "Empresa registrada", "Company registered"),
  "company.updated": (_d, l) => t(l, "Datos de la empresa actualizados", "Company data updated"),
  "order.received": (_d, l) => t(l, "Pedido recibido de la tienda", "Order received from the store"),
  "order.updated": (_d, l) => t(l, "Pedido actualizado por la tienda", "Order updated by the store"),
  "order.pending": (d, l) =>
    t(l, "Pedido pendiente", "Order pending") +
    (Array.isArray(d.reasons) && d.reasons.length
      ? `: ${d.reasons.filter((r) => typeof r === "string").join(" · ")}`
      : ""),
  "order.unblocked": (_d, l) => t(l, "El pedido ya no está pendiente", "The order is no longer pending"),
  "order.reprocess_requested": (_d, l) =>
    t(l, "Se pidió emitir el pedido ahora", "Issuing the order now was requested"),
  "order.document_type_changed": (d, l) =>
    d.document === "factura"
      ? t(
          l,
          `Se emitirá factura${str(d.rut) ? ` a ${str(d.rut)}` : ""}`,
          `An invoice will be issued${str(d.rut) ? ` to ${str(d.rut)}` : ""}`,
        )
      : t(l, "Se emitirá boleta", "A receipt will be issued"),
  "order.reissue_as_factura": (d, l) =>
    t(l, "El comprador pidió factura después de la boleta", "The buyer asked for an invoice after the receipt") +
    (str(d.businessName) ? ` (${str(d.businessName)})` : ""),
  "order.delivered": (_d, l) => t(l, "Pedido entregado", "Order delivered"),
  "refund.received": (_d, l) => t(l, "Devolución recibida de la tienda", "Refund received from the store"),
  "refund.before_issue": (_d, l) =>
    t(l, "Devolución antes de emitir: no corresponde nota de crédito", "Refund before issuing: no credit note needed"),
  "stock.reserved": (_d, l) => t(l, "Stock reservado para el pedido", "Stock reserved for the order"),
  "stock.released": (_d, l) => t(l, "Reserva de stock liberada", "Stock reservation released"),
  "stock.consumed": (_d, l) => t(l, "Stock descontado por la venta", "Stock taken by the sale"),
  "stock.returned": (_d, l) => t(l, "Stock devuelto a la bodega", "Stock returned to the warehouse"),
  "stock.short": (_d, l) =>
    t(l, "No había stock suficiente para el pedido", "There was not enough stock for the order"),
  "stock.published": (_d, l) => t(l, "Stock publicado en la tienda", "Stock published to the store"),
  "stock.published_overwriting_store_edits": (_d, l) =>
    t(
      l,
      "Stock publicado en la tienda (reemplazó cambios hechos en la tienda)",
      "Stock published (replaced edits made in the store)",
    ),
  "stock.store_edit_overwritten": (d, l) =>
    t(
      l,
      `Se reemplazó un cambio de stock hecho en la tienda${str(d.sku) ? ` (SKU ${str(d.sku)})` : ""}`,
      `A stock edit made in the store was replaced`,
    ),
  "store.created": (_d, l) => t(l, "Tienda conectada", "Store connected"),
  "store.reconnected": (_d, l) => t(l, "Tienda conectada de nuevo (claves nuevas)", "Store connected again (new keys)"),
  "store.company_changed": (_d, l) => t(l, "La tienda cambió de empresa emisora", "The store changed issuing company"),
  "store.settings_changed": (_d, l) => t(l, "Ajustes de la tienda guardados", "Store settings saved"),
  "store.sync_settings_changed": (_d, l) => t(l, "Ajustes de sincronización guardados", "Sync settings saved"),
  "store.synced": (_d, l) => t(l, "Catálogo sincronizado", "Catalogue synced"),
  "store.warehouses_set": (d, l) =>
    t(l, "Bodegas de la tienda", "Store warehouses") +
    (Array.isArray(d.warehouses) ? `: ${d.warehouses.join(", ")}` : ""),
  "warehouse.created": (d, l) =>
    t(
      l,
      `Bodega creada${str(d.name) ? `: ${str(d.name)}` : ""}`,
      `Warehouse created${str(d.name) ? `: ${str(d.name)}` : ""}`,
    ),
  "products.upserted": (_d, l) => t(l, "Productos creados o actualizados", "Products created or updated"),
  "product.sell_online_on": (_d, l) => t(l, "Venta en línea activada", "Online sales turned on"),
  "product.sell_online_off": (_d, l) => t(l, "Venta en línea desactivada", "Online sales turned off"),
  "prices.set": (d, l) =>
    t(l, `Precios actualizados${str(d.list) ? ` en la lista ${str(d.list)}` : ""}`, `Prices updated`),
  "customer.created": (_d, l) => t(l, "Cliente creado", "Customer created"),
  "customer.codes_set": (_d, l) => t(l, "Prefijos de códigos de cliente cambiados", "Customer code prefixes changed"),
  "courier.created": (_d, l) => t(l, "Repartidor agregado", "Courier added"),
  "courier.updated": (_d, l) => t(l, "Repartidor actualizado", "Courier updated"),
  "courier.signed_in": (_d, l) => t(l, "Un repartidor ingresó a la app", "A courier signed in to the app"),
  "courier.login_link_issued": (_d, l) =>
    t(l, "Enlace de ingreso para repartidor creado", "Courier sign-in link created"),
  "courier.settings_changed": (_d, l) => t(l, "Ajustes de reparto guardados", "Delivery settings saved"),
  "courier.shipping_method_mapped": (d, l) =>
    t(l, `Método de envío configurado${str(d.method) ? `: ${str(d.method)}` : ""}`, `Shipping method set`),
  "courier.zone_created": (d, l) =>
    t(l, `Zona de reparto creada${str(d.name) ? `: ${str(d.name)}` : ""}`, `Delivery zone created`),
  "courier.zone_updated": (d, l) =>
    t(l, `Zona de reparto cambiada${str(d.name) ? `: ${str(d.name)}` : ""}`, `Delivery zone changed`),
  "courier.zone_removed": (d, l) =>
    t(l, `Zona de reparto eliminada${str(d.name) ? `: ${str(d.name)}` : ""}`, `Delivery zone removed`),
  "delivery.written_back": (_d, l) =>
    t(l, "Estado del despacho informado a la tienda", "Delivery state reported to the store"),
  "delivery.not_created": (d, l) =>
    t(l, "No se creó el despacho", "The delivery was not created") + (str(d.reason) ? `: ${str(d.reason)}` : ""),
  "shopify.installed": (_d, l) => t(l, "App instalada en Shopify", "App installed in Shopify"),
  "shopify.reinstalled": (_d, l) => t(l, "App reinstalada en Shopify", "App reinstalled in Shopify"),
  "shopify.uninstalled": (_d, l) => t(l, "App desinstalada de Shopify", "App uninstalled from Shopify"),
  "shopify.customer_data_export": (_d, l) =>
    t(l, "Shopify pidió los datos de un cliente", "Shopify asked for a customer's data"),
  "shopify.customer_redacted": (_d, l) =>
    t(l, "Datos de un cliente borrados a pedido de Shopify", "A customer's data erased at Shopify's request"),
  "shopify.shop_redacted": (_d, l) =>
    t(l, "Datos de la tienda borrados a pedido de Shopify", "Shop data erased at Shopify's request"),
  "jumpseller.installed": (_d, l) => t(l, "App instalada en Jumpseller", "App installed in Jumpseller"),
  "jumpseller.uninstalled": (_d, l) => t(l, "App desconectada de Jumpseller", "App disconnected from Jumpseller"),
  "jumpseller.order_unreadable": (_d, l) =>
    t(l, "Un pedido de Jumpseller no se pudo leer", "A Jumpseller order could not be read"),
};

const DELIVERY_EVENTS: Record<string, { es: string; en: string }> = {
  created: { es: "Despacho creado", en: "Delivery created" },
  assigned: { es: "Despacho asignado a un repartidor", en: "Delivery assigned to a courier" },
  started: { es: "Despacho en camino", en: "Delivery on its way" },
  shipped: { es: "Despacho enviado con transportista", en: "Delivery shipped with a carrier" },
  delivered: { es: "Despacho entregado", en: "Delivery delivered" },
  failed: { es: "Despacho no entregado", en: "Delivery failed" },
};

function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

export function auditSentence(row: { action: string; data: unknown }, lang: Lang = "es"): string {
  const data = (row.data && typeof row.data === "object" ? row.data : {}) as Data;
  const known = SENTENCES[row.action];
  if (known) return known(data, lang);
  const delivery = /^delivery\.(\w+)$/.exec(row.action)?.[1];
  if (delivery && DELIVERY_EVENTS[delivery]) return DELIVERY_EVENTS[delivery][lang];
  // An event this table does not know yet still reads as a sentence, never as its code.
  return t(lang, "Cambio registrado", "Change recorded");
}

/** Who acted, as a merchant reads it: never an internal actor id. */
export function auditActor(actor: string, lang: Lang = "es"): string {
  if (actor === "sii") return "SII";
  if (actor === "hub" || actor === "system" || actor === "worker") return "Timbre";
  if (actor === "cli") return t(lang, "Operador (línea de comandos)", "Operator (command line)");
  if (actor === "demo") return t(lang, "Demo", "Demo");
  if (actor.startsWith("courier")) return t(lang, "Repartidor", "Courier");
  const staff = /^(shopify|jumpseller|woocommerce|prestashop|magento|mercadolibre):[^:]+:(.+)$/.exec(actor);
  if (staff) return staff[2]!;
  const platform = /^(shopify|jumpseller|woocommerce|prestashop|magento|mercadolibre)\b/.exec(actor)?.[1];
  if (platform) return platform === "shopify" ? "Shopify" : platform[0]!.toUpperCase() + platform.slice(1);
  if (actor.startsWith("api") || actor.startsWith("store")) return t(lang, "La tienda", "The store");
  return "Timbre";
}
