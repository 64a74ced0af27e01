import { readFile } from "node:fs/promises";
import { TimbreError } from "../../errors.js";
import { MAX_UPSERT_BATCH, upsertProducts, type UpsertOutcome } from "../../hub/catalog/upsert-products.js";
import { findCompany } from "../../hub/company/find-company.js";
import { ProductInputSchema, type ProductInput } from "../../rules/stock/catalog-input.js";
import { optionalString, UsageError, type CliCommand } from "../command.js";
import { withHub } from "../hub-session.js";
import { parseCsv } from "../read-csv.js";

/** Column names accepted in the header, Spanish or English. */
const COLUMNS: Record<string, keyof ProductInput | "images"> = {
  sku: "sku",
  name: "name",
  nombre: "name",
  price: "price",
  precio: "price",
  exempt: "exempt",
  exento: "exempt",
  product: "product",
  producto: "product",
  product_name: "productName",
  nombre_producto: "productName",
  barcode: "barcode",
  codigo_barras: "barcode",
  description: "description",
  descripcion: "description",
  images: "images",
  imagenes: "images",
};

const TRUE = new Set(["1", "true", "yes", "si", "sí", "x"]);

export interface ImportRowIssue {
  line: number;
  sku: string;
  problem: string;
}

export const productsImport: CliCommand = {
  path: ["products", "import"],
  summary:
    "Crea o actualiza productos desde un CSV (sku,name,price[,exempt,product,product_name,barcode,description,images])",
  usage: "products import <file.csv> [--company <rut>] [--json]",
  options: { company: { type: "string" } },
  async run(args, io) {
    const file = args.positionals[0];
    if (!file) throw new UsageError("indique el archivo CSV");
    let rows: string[][];
    try {
      rows = parseCsv(await readFile(file, "utf8"));
    } catch (e) {
      throw new TimbreError(
        "import.unreadable",
        {
          es: `No se pudo leer ${file}: ${(e as Error).message}`,
          en: `Could not read ${file}: ${(e as Error).message}`,
        },
        { kind: "invalid_input" },
      );
    }
    const [header, ...data] = rows;
    const columns = (header ?? []).map(
      (h) =>
        COLUMNS[
          h
            .trim()
            .toLowerCase()
            .normalize("NFD")
            .replace(/[\u0300-\u036f]/g, "")
            .replace(/\s+/g, "_")
        ],
    );
    for (const required of ["sku", "name", "price"] as const) {
      if (!columns.includes(required)) {
        throw new TimbreError(
          "import.header",
          { es: `Falta la columna ${required} en la primera línea.`, en: `The header has no ${required} column.` },
          { fields: [{ field: required, message: "missing column" }] },
        );
      }
    }
    const issues: ImportRowIssue[] = [];
    const items: Array<{ line: number; item: ProductInput }> = [];
    data.forEach((cells, i) => {
      const line = i + 2;
      const raw: Record<string, unknown> = {};
      columns.forEach((col, j) => {
        const v = (cells[j] ?? "").trim();
        if (!col || v === "") return;
        if (col === "price") raw.price = Number(v.replace(/[$.\s]/g, "").replace(",", "."));
        else if (col === "exempt") raw.exempt = TRUE.has(v.toLowerCase());
        else if (col === "images") raw.images = v.split(/[|\s]+/).filter(Boolean);
        else raw[col] = v;
      });
      const parsed = ProductInputSchema.safeParse(raw);
      if (parsed.success) items.push({ line, item: parsed.data });
      else
        issues.push({
          line,
          sku: String(raw.sku ?? ""),
          problem: parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "),
        });
    });
    // A SKU on several lines of the file: which line is right would be a guess.
    const lines = new Map<string, number[]>();
    for (const { line, item } of items) lines.set(item.sku, [...(lines.get(item.sku) ?? []), line]);
    const duplicates = [...lines].filter(([, ls]) => ls.length > 1).map(([sku, ls]) => ({ sku, lines: ls }));
    const unique = items.filter(({ item }) => lines.get(item.sku)!.length === 1);
    const outcomes: UpsertOutcome[] = await withHub(async (hub) => {
      const company = await findCompany(hub.db, optionalString(args, "company"));
      const out: UpsertOutcome[] = [];
      for (let i = 0; i < unique.length; i += MAX_UPSERT_BATCH) {
        const r = await upsertProducts(
          hub.db,
          company.id,
          unique.slice(i, i + MAX_UPSERT_BATCH).map((u) => u.item),
          { actor: "cli" },
        );
        out.push(...r.results);
        io.err(`importando ${Math.min(i + MAX_UPSERT_BATCH, unique.length)}/${unique.length}`);
      }
      return out;
    });
    const count = (s: UpsertOutcome["status"]) => outcomes.filter((o) => o.status === s).length;
    const json = {
      created: count("created"),
      updated: count("updated"),
      unchanged: count("unchanged"),
      duplicates,
      invalid: issues,
    };
    const text = [
      `${json.created} creados, ${json.updated} actualizados, ${json.unchanged} sin cambios.`,
      ...duplicates.map((d) => `  SKU ${d.sku} repetido en las líneas ${d.lines.join(", ")}: no se importó.`),
      ...issues.map((x) => `  Línea ${x.line}${x.sku ? ` (${x.sku})` : ""}: ${x.problem}`),
    ].join("\n");
    return { json, text };
  },
};
