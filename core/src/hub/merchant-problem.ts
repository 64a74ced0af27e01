import type { FieldIssue, TimbreError } from "../errors.js";

/**
 * A use case's error as a merchant reads it on a screen: the field names said in Spanish and no
 * validator wording ("Too small: expected array…"). Our own messages (Spanish sentences) stay.
 */

type Lang = "es" | "en";

const LABELS: Record<string, { es: string; en: string }> = {
  rut: { es: "RUT", en: "RUT" },
  businessName: { es: "Razón social", en: "Company name" },
  activity: { es: "Giro", en: "Line of business" },
  actecos: { es: "Códigos de actividad", en: "Activity codes" },
  address: { es: "Dirección", en: "Address" },
  commune: { es: "Comuna", en: "Commune" },
  city: { es: "Ciudad", en: "City" },
  email: { es: "Correo", en: "E-mail" },
  siiOffice: { es: "Oficina del SII", en: "SII office" },
  resolutionNumber: { es: "N° de resolución", en: "Resolution number" },
  resolutionDate: { es: "Fecha de resolución", en: "Resolution date" },
  lowFolioThreshold: { es: "Aviso de folios", en: "Folio warning" },
  code: { es: "Código", en: "Code" },
  name: { es: "Nombre", en: "Name" },
  pfx: { es: "Archivo del certificado", en: "Certificate file" },
  password: { es: "Contraseña", en: "Password" },
  caf: { es: "Archivo CAF", en: "CAF file" },
  lines: { es: "Productos del pedido", en: "Order lines" },
  quantity: { es: "Cantidad", en: "Quantity" },
  unitPrice: { es: "Precio", en: "Price" },
  sku: { es: "SKU", en: "SKU" },
  phone: { es: "Teléfono", en: "Phone" },
  capacityPerDay: { es: "Entregas por día", en: "Deliveries per day" },
  priority: { es: "Prioridad", en: "Priority" },
  zones: { es: "Zonas", en: "Zones" },
  pin: { es: "PIN", en: "PIN" },
  regions: { es: "Regiones", en: "Regions" },
  comunas: { es: "Comunas", en: "Communes" },
  postalPrefixes: { es: "Códigos postales", en: "Postal codes" },
  rate: { es: "Tarifa", en: "Fee" },
  bands: { es: "Tramos de peso", en: "Weight bands" },
  upToGrams: { es: "Tramos de peso", en: "Weight bands" },
  freeFrom: { es: "Gratis desde", en: "Free from" },
  commission: { es: "Comisión del repartidor", en: "Courier commission" },
  percent: { es: "Porcentaje", en: "Percentage" },
  amount: { es: "Monto", en: "Amount" },
  kind: { es: "Tipo de movimiento", en: "Movement kind" },
  warehouse: { es: "Bodega", en: "Warehouse" },
  toWarehouse: { es: "Bodega de destino", en: "Destination warehouse" },
  unitCost: { es: "Costo unitario", en: "Unit cost" },
  reason: { es: "Motivo", en: "Reason" },
  price: { es: "Precio", en: "Price" },
  priceList: { es: "Lista de precios", en: "Price list" },
  list: { es: "Lista de precios", en: "Price list" },
  trackingNumber: { es: "Número de seguimiento", en: "Tracking number" },
  carrier: { es: "Transportista", en: "Carrier" },
  carrierName: { es: "Nombre del transportista", en: "Carrier name" },
  assignmentRule: { es: "Regla de asignación", en: "Assignment rule" },
  courierId: { es: "Repartidor", en: "Courier" },
  safetyBuffer: { es: "Margen de seguridad", en: "Safety buffer" },
  guestPrefix: { es: "Prefijo de invitados", en: "Guests' prefix" },
  accountPrefix: { es: "Prefijo de clientes con cuenta", en: "Account holders' prefix" },
};

const VALIDATOR =
  /expected|too (small|big)|invalid (input|type|string|option)|required|received|must (be|have)|Demasiado|se esperaba|Entrada inválida/i;

export function fieldLabel(field: string, lang: Lang = "es"): string {
  const parts = field.split(".").filter((p) => !/^\d+$/.test(p));
  const last = parts.at(-1) ?? field;
  return LABELS[last]?.[lang] ?? LABELS[parts[0] ?? ""]?.[lang] ?? (lang === "en" ? "A field" : "Un dato");
}

export interface MerchantField {
  field: string;
  label: string;
  message: string;
}

export function merchantFields(fields: readonly FieldIssue[], lang: Lang = "es"): MerchantField[] {
  return fields.map((f) => ({
    field: f.field,
    label: fieldLabel(f.field, lang),
    message:
      VALIDATOR.test(f.message) || !/\s/.test(f.message)
        ? lang === "en"
          ? "Check this field."
          : "Revise este dato."
        : f.message,
  }));
}

/** The title of a problem: our sentence, unless it lists raw field names, then the fields in words. */
export function merchantTitle(e: Pick<TimbreError, "user" | "fields">, lang: Lang = "es"): string {
  // A field named in code ("phone", "capacityPerDay", "lines.0.quantity") inside the title is raw.
  const raw = e.fields.some(
    (f) => /^[A-Za-z0-9_.]+$/.test(f.field) && new RegExp(`\\b${f.field.replace(/\./g, "\\.")}\\b`).test(e.user[lang]),
  );
  if (!raw && !VALIDATOR.test(e.user[lang])) return e.user[lang];
  const labels = [...new Set(merchantFields(e.fields, lang).map((f) => f.label))];
  return lang === "en" ? `Check these fields: ${labels.join(", ")}.` : `Revise estos datos: ${labels.join(", ")}.`;
}
