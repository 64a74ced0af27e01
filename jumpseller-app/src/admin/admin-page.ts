import type { Store } from "@prisma/client";
import { dayTime, documentLabel, listCouriers, listZones } from "@timbre/core/admin";
import type { AdminNotice } from "./admin-actions.js";
import type { Db } from "@timbre/core/hub";
import { FIELD_KEYS, readSettings } from "../store/store-state.js";
import { HOOK_EVENTS } from "../install/register-hooks.js";

const esc = (s: unknown) =>
  String(s ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const FIELD_LABELS: Record<(typeof FIELD_KEYS)[number], string> = {
  documentType: "Tipo de documento",
  rut: "RUT",
  businessName: "Razón social",
  activity: "Giro",
};

const DOC_STATE: Record<string, string> = {
  issued: "Emitido",
  sent: "Enviado al SII",
  accepted: "Aceptado",
  accepted_with_objections: "Aceptado con reparos",
  rejected: "Rechazado",
};

const SYNC_PHASES: Record<string, string> = {
  reading: "leyendo productos",
  matching: "cruzando SKU",
  publishing: "publicando stock",
  done: "terminada",
};

const ORDER_STATUS: Record<string, string> = {
  pending: "Pendiente de pago",
  paid: "Pagado",
  cancelled: "Anulado",
  refunded: "Reembolsado",
  partially_refunded: "Reembolso parcial",
};

const dt = (d: Date | string | undefined | null) => dayTime(d ?? null);

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="es-CL"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:24px;background:#f6f6f7;color:#202223}
main{max-width:960px;margin:auto}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:0}
section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
table{width:100%;border-collapse:collapse;font-size:.9rem}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e1e3e5;overflow-wrap:anywhere}
@media (max-width:600px){body{padding:12px}thead{display:none}table,tbody,tr,td{display:block;width:auto}tr{border-bottom:1px solid #e1e3e5;padding:6px 0}td{border:0;padding:2px 0}td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
.ok{color:#007f5f}.warn{color:#b98900}.bad{color:#d72c0d}.muted{color:#6d7175;font-size:.85rem}
progress{width:100%}button{background:#008060;color:#fff;border:0;border-radius:4px;padding:8px 14px;cursor:pointer}
button.secondary{background:#fff;color:#d72c0d;border:1px solid #d72c0d}
form.grid{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:12px 0}form.grid label{display:flex;flex-direction:column;font-size:.85rem;flex:1 1 160px;min-width:0}
form.grid input,form.grid select{padding:6px;border:1px solid #c9cccf;border-radius:4px;font:inherit;min-width:0}
#notice.ok{border-left:4px solid #007f5f}#notice.bad{border-left:4px solid #d72c0d}
</style></head><body><main>${body}</main></body></html>`;
}

/**
 * The app's page inside the Jumpseller admin: setup state, recent orders with their documents and
 * problems, and stock sync progress. Server-rendered; the two buttons are plain forms.
 */
export async function renderAdminPage(
  db: Db,
  store: Store,
  actions: { sig: string; base: string; notice?: AdminNotice },
): Promise<string> {
  const s = readSettings(store);
  const [orders, run, couriers, zones] = await Promise.all([
    db.order.findMany({
      where: { storeId: store.id },
      orderBy: { createdAt: "desc" },
      take: 20,
      include: { documents: { orderBy: { createdAt: "asc" } } },
    }),
    db.syncRun.findFirst({ where: { storeId: store.id }, orderBy: { startedAt: "desc" } }),
    listCouriers(db, store.companyId),
    listZones(db, store.companyId),
  ]);
  const fields = FIELD_KEYS.map((k) => {
    const id = s.fieldIds[k];
    return `<li>${esc(FIELD_LABELS[k])}: ${id ? `<span class="ok">creado</span>` : `<span class="warn">no existe — los pedidos se emiten como boleta</span>`}</li>`;
  }).join("");
  const hooks = HOOK_EVENTS.filter((e) => s.hookIds[e] !== undefined).length;
  const setup = `<section><h2>Estado de la instalación</h2>
<p>${s.installed ? `<strong class="ok">Instalada</strong> en <strong>${esc(s.storeName ?? store.shopDomain)}</strong> (${esc(store.shopDomain)}) el ${dt(s.installedAt)}` : `<strong class="bad">No instalada</strong>${s.uninstalledAt ? ` (desinstalada el ${dt(s.uninstalledAt)})` : ""}`}</p>
<ul>${fields}</ul>
<p>Notificaciones (webhooks): ${hooks === HOOK_EVENTS.length ? `<span class="ok">${hooks} de ${HOOK_EVENTS.length} registradas</span>` : `<span class="warn">${hooks} de ${HOOK_EVENTS.length} registradas</span>`}
 · último aviso recibido: ${dt(s.lastHookAt)} · última revisión de pedidos: ${dt(s.lastSweepAt)}</p>
<p class="muted">Los datos tributarios se leen primero de los campos nativos de facturación de Jumpseller (RUT y datos de empresa) y, si faltan, de los campos de checkout de Timbre.</p>
</section>`;

  const rows = orders
    .map((o) => {
      const docs = o.documents.length
        ? o.documents
            .map(
              (d) =>
                `${esc(documentLabel(d.type, d.folio))} <span class="${d.state === "rejected" ? "bad" : d.state.startsWith("accepted") ? "ok" : "muted"}">${esc(DOC_STATE[d.state] ?? d.state)}</span>`,
            )
            .join("<br>")
        : "—";
      const reasons = Array.isArray(o.pendingReasons)
        ? (o.pendingReasons as Array<{ message?: string }>).map((r) => r.message).filter(Boolean)
        : [];
      return `<tr><td data-label="Pedido">#${esc(o.number ?? o.externalId)}</td><td data-label="Fecha">${dt(o.createdAt)}</td><td data-label="Estado">${esc(ORDER_STATUS[o.status] ?? "Otro estado")}</td><td data-label="Documentos">${docs}</td><td data-label="Problemas" class="${reasons.length ? "warn" : "muted"}">${reasons.map(esc).join("<br>") || "—"}</td></tr>`;
    })
    .join("");
  const problems = s.problems.length
    ? `<ul>${s.problems.map((p) => `<li class="warn">${dt(p.at)}: ${esc(p.message)}</li>`).join("")}</ul>`
    : `<p class="muted">Sin problemas.</p>`;
  const ordersHtml = `<section><h2>Pedidos recientes</h2>
${orders.length ? `<table><thead><tr><th>Pedido</th><th>Fecha</th><th>Estado</th><th>Documentos</th><th>Problemas</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">Aún no llegan pedidos.</p>`}
<h2 style="margin-top:16px">Problemas</h2>${problems}</section>`;

  const pct = run && run.total > 0 ? Math.round((run.done / run.total) * 100) : run?.state === "running" ? 0 : 100;
  const syncHtml = `<section><h2>Sincronización de stock</h2>
${
  run
    ? `<p>${run.state === "running" ? `En curso (${esc(SYNC_PHASES[run.phase] ?? "trabajando")}): ${run.done} de ${run.total}` : run.state === "failed" ? `<span class="bad">Falló: ${esc(run.error)}</span>` : `Terminada el ${dt(run.finishedAt)}: ${run.done} de ${run.total}`} · ${run.requests} solicitudes a Jumpseller</p>
<progress max="100" value="${pct}">${pct}%</progress>`
    : `<p class="muted">Aún no se sincroniza.</p>`
}
<form method="post" action="${esc(actions.base)}/admin/sync"><input type="hidden" name="store" value="${esc(store.id)}"><input type="hidden" name="sig" value="${esc(actions.sig)}"><button>Sincronizar ahora</button></form>
</section>`;

  const uninstall = s.installed
    ? `<section><h2>Desconectar</h2><form method="post" action="${esc(actions.base)}/admin/uninstall"><input type="hidden" name="store" value="${esc(store.id)}"><input type="hidden" name="sig" value="${esc(actions.sig)}"><button class="secondary">Desconectar Timbre de esta tienda</button></form>
<p class="muted">Los documentos emitidos se conservan.</p></section>`
    : "";
  const hidden = (intent: string) =>
    `<input type="hidden" name="store" value="${esc(store.id)}"><input type="hidden" name="sig" value="${esc(actions.sig)}"><input type="hidden" name="intent" value="${intent}">`;
  const action = `${esc(actions.base)}/admin/action`;
  const field = (name: string, label: string, extra = "") =>
    `<label>${esc(label)}<input name="${name}" ${extra}></label>`;
  const n = actions.notice;
  const notice = n
    ? `<section id="notice" class="${n.ok ? "ok" : "bad"}"><p><strong>${esc(n.message)}</strong></p>${n.fields?.length ? `<ul>${n.fields.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>` : ""}${n.link ? `<p style="overflow-wrap:anywhere"><a href="${esc(n.link)}">${esc(n.link)}</a></p>` : ""}</section>`
    : "";
  const money = (x: number) => `$${x.toLocaleString("es-CL")}`;
  const zoneRows = zones
    .map(
      (z) =>
        `<li><strong>${esc(z.name)}</strong>: ${esc([...z.regions.map((r) => `región ${r.name}`), ...z.comunas.map((c) => c.name), ...z.postalPrefixes.map((p) => `CP ${p}`)].join(", "))} · despacho ${z.rate.kind === "flat" ? money(z.rate.amount) : "por peso"}${z.rate.freeFrom !== undefined ? ` (gratis desde ${money(z.rate.freeFrom)})` : ""} · el repartidor gana ${z.commission.kind === "amount" ? money(z.commission.amount) : `el ${z.commission.percent} %`}</li>`,
    )
    .join("");
  const courierRows = couriers
    .map(
      (c) =>
        `<li><strong>${esc(c.name)}</strong> ${esc(c.phone)} · hasta ${c.capacityPerDay} por día · ${c.zones.length ? `zonas: ${esc(c.zones.join(", "))}` : "sin zonas"}${c.active ? ` <form method="post" action="${action}" style="display:inline">${hidden("link")}<input type="hidden" name="courier" value="${esc(c.id)}"><button>Enlace de ingreso</button></form>` : " (en pausa)"}</li>`,
    )
    .join("");
  const catalog = `<section id="catalogo"><h2>Productos, stock y precios</h2>
<form method="post" action="${action}" class="grid">${hidden("product")}${field("sku", "SKU")}${field("name", "Nombre en el documento", 'maxlength="80"')}${field("price", "Precio (IVA incluido)", 'inputmode="numeric"')}<button>Guardar producto</button></form>
<form method="post" action="${action}" class="grid">${hidden("movement")}${field("sku", "SKU")}<label>Movimiento<select name="kind"><option value="in">Entrada</option><option value="out">Salida</option><option value="count">Conteo físico</option><option value="adjust">Ajuste (con signo)</option><option value="transfer">Traspaso</option></select></label>${field("quantity", "Cantidad", 'inputmode="decimal"')}${field("warehouse", "Bodega (código, opcional)")}${field("to", "Hacia la bodega (traspaso)")}${field("reason", "Motivo (opcional)")}<button>Registrar movimiento</button></form>
<form method="post" action="${action}" class="grid">${hidden("price")}${field("list", "Lista de precios")}${field("sku", "SKU")}${field("price", "Precio (IVA incluido)", 'inputmode="numeric"')}<button>Guardar precio</button></form>
</section>
<section id="reparto"><h2>Reparto propio</h2>
${zones.length ? `<ul>${zoneRows}</ul>` : `<p class="muted">Aún no hay zonas de reparto.</p>`}
<form method="post" action="${action}" class="grid">${hidden("zone")}${field("name", "Nombre de la zona")}${field("comunas", "Comunas (separadas por coma)")}${field("flat", "Despacho", 'inputmode="numeric"')}${field("freeFrom", "Gratis desde (opcional)", 'inputmode="numeric"')}${field("commission", "Comisión del repartidor (pesos o %)")}<button>Guardar zona</button></form>
${couriers.length ? `<ul>${courierRows}</ul>` : `<p class="muted">Aún no hay repartidores.</p>`}
<form method="post" action="${action}" class="grid">${hidden("courier")}${field("name", "Nombre")}${field("phone", "Teléfono", 'type="tel" placeholder="+56 9 1234 5678"')}${field("capacity", "Entregas por día", 'inputmode="numeric" value="20"')}${field("zones", "Zonas (separadas por coma)")}<button>Guardar repartidor</button></form>
</section>`;
  return layout(
    "Timbre · Jumpseller",
    `<h1>Timbre · Boletas y facturas electrónicas</h1>${notice}${setup}${ordersHtml}${syncHtml}${catalog}${uninstall}`,
  );
}
