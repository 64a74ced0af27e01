import { progressLine } from "../../rules/stock/progress.js";
import { runStoreSync, type SyncProgress } from "../../hub/sync/run-store-sync.js";
import { requireString, type CliCommand, type CliIO, requireId } from "../command.js";
import { withHub } from "../hub-session.js";
import { loadPlatforms } from "../../hub/platforms/load-platforms.js";

const PHASE: Record<SyncProgress["phase"], string> = {
  reading: "leyendo    ",
  matching: "emparejando",
  publishing: "publicando ",
  done: "listo      ",
};

/** Redraws at most a few times a second; always draws the first and last line of each phase. */
function progressBar(io: CliIO): (p: SyncProgress) => void {
  let last = 0;
  let phase = "";
  return (p) => {
    const final = p.done >= p.total;
    if (p.phase === phase && !final && p.now - last < 250) return;
    last = p.now;
    phase = p.phase;
    io.err(progressLine(PHASE[p.phase], p));
  };
}

export const syncRun: CliCommand = {
  path: ["sync", "run"],
  summary:
    "Sincronización completa de una tienda: cruza sus productos por SKU, publica el stock e informa SKU sin cruce o repetidos",
  usage: "sync run --store <id> [--json]   (progress on stderr)",
  options: { store: { type: "string" } },
  async run(args, io) {
    const storeId = requireId(requireString(args, "store"), "tienda", "los imprime `timbre store list`");
    // A store on the platform kit reads and publishes through its connector: registered here as in the hub.
    await loadPlatforms("cli");
    const { runId, report } = await withHub((hub) =>
      runStoreSync(hub.db, storeId, { actor: "cli", onProgress: progressBar(io) }),
    );
    const c = report.counts;
    const text = [
      `Sincronización ${runId}: ${c.listings} productos en la tienda, ${c.matched} emparejados por SKU.`,
      report.mode === "push"
        ? `  Publicados ${report.published} cambios de stock en ${report.requests} solicitudes${report.overwritten ? `; ${report.overwritten} ediciones hechas en la tienda fueron sobrescritas` : ""}${report.failed ? `; ${report.failed} rechazados por la tienda` : ""}.`
        : "  La tienda lee su stock desde GET /api/v1/stock.",
      ...(report.productsCreated || report.productsUpdated
        ? [`  Productos desde la tienda: ${report.productsCreated} creados, ${report.productsUpdated} actualizados.`]
        : []),
      ...(report.imagesImported ? [`  ${report.imagesImported} imágenes importadas de la tienda.`] : []),
      ...(report.duplicates.length
        ? [
            `  SKU duplicados (sus pedidos quedan pendientes y se publican en 0): ${report.duplicates.map((d) => `${d.sku} ×${d.listings.length}`).join(", ")}`,
          ]
        : []),
      ...(report.unmatched.length
        ? [`  SKU que el hub no conoce: ${report.unmatched.map((u) => u.sku).join(", ")}`]
        : []),
      ...(report.missingSku.length ? [`  Productos sin SKU: ${report.missingSku.map((m) => m.title).join(", ")}`] : []),
    ].join("\n");
    return { json: { runId, ...report }, text };
  },
};
