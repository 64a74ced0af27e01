import { validateXML } from "xmllint-wasm";
import { decodeXml } from "./latin1.js";
import { SII_NAMESPACE } from "./types.js";

/**
 * Validation against the official SII XSDs with libxml2 (xmllint-wasm). Pure: the caller passes the
 * XSD files in (see `loadSiiSchemas()` in src/sii-schemas.ts).
 */

export const SII_SCHEMA_FILES = [
  "DTE_v10.xsd",
  "SiiTypes_v10.xsd",
  "xmldsignature_v10.xsd",
  "EnvioDTE_v10.xsd",
  "EnvioBOLETA_v11.xsd",
  "BoletaDTE_v11.xsd",
] as const;

export type SiiSchemaFile = (typeof SII_SCHEMA_FILES)[number];

export interface SiiSchemas {
  readonly files: Readonly<Record<SiiSchemaFile, Uint8Array>>;
}

/** Entry schema and the files it includes or imports (by their schemaLocation names). */
const SCHEMA_SETS: Record<string, readonly SiiSchemaFile[]> = {
  EnvioDTE: ["EnvioDTE_v10.xsd", "DTE_v10.xsd", "SiiTypes_v10.xsd", "xmldsignature_v10.xsd"],
  EnvioBOLETA: ["EnvioBOLETA_v11.xsd", "xmldsignature_v10.xsd"],
  DTE: ["DTE_v10.xsd", "SiiTypes_v10.xsd", "xmldsignature_v10.xsd"],
  BoletaDTE: ["BoletaDTE_v11.xsd", "EnvioBOLETA_v11.xsd", "xmldsignature_v10.xsd"],
};

export interface SchemaResult {
  valid: boolean;
  /** Entry XSD used. */
  schema: string;
  errors: string[];
  /** What was adjusted before validating (e.g. a standalone DTE without the SiiDte namespace). */
  notes: string[];
}

export async function validateSchema(xml: string | Uint8Array, schemas: SiiSchemas): Promise<SchemaResult> {
  let text = decodeXml(xml).replace(/^\s*<\?xml[^>]*\?>/, "");
  const root = /<(?:(\w+):)?(\w+)([^>]*)>/.exec(text.replace(/<!--[\s\S]*?-->/g, ""));
  const name = root?.[2] ?? "";
  const notes: string[] = [];
  let set: string;
  if (name === "EnvioDTE" || name === "EnvioBOLETA") set = name;
  else if (name === "DTE") {
    const type = Number(/<(?:\w+:)?TipoDTE>\s*(\d+)/.exec(text)?.[1]);
    set = type === 39 || type === 41 ? "BoletaDTE" : "DTE";
    if (!root![1] && !/\sxmlns\s*=/.test(root![3] ?? "")) {
      // Signed without a namespace (LibreDTE, some vendors): it takes SiiDte's once inside an envelope.
      text = text.replace(/<DTE\b/, `<DTE xmlns="${SII_NAMESPACE}"`);
      notes.push("DTE sin espacio de nombres: validado como dentro de un envío (xmlns SiiDte).");
    }
  } else {
    return {
      valid: false,
      schema: "",
      errors: [`El elemento raíz <${name}> no es un documento del SII (DTE, EnvioDTE o EnvioBOLETA).`],
      notes,
    };
  }
  const [entry, ...included] = SCHEMA_SETS[set]!;
  const result = await validateXML({
    xml: { fileName: "document.xml", contents: text },
    schema: { fileName: entry!, contents: schemas.files[entry!] },
    preload: included.map((f) => ({ fileName: f, contents: schemas.files[f] })),
  });
  return { valid: result.valid, schema: entry!, errors: result.errors.map((e) => e.message), notes };
}
