import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { TimbreError } from "../../src/errors.js";
import { hasSpanishFor, spanishSchemaMessage } from "../../src/schema-messages.js";
import { MovementInputSchema } from "../../src/rules/stock/catalog-input.js";
import { ZoneInputSchema } from "../../src/rules/couriers/zone-input.js";
import { validate } from "../../src/validation.js";

const SRC = join(import.meta.dirname, "../../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "testing" ? [] : files(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** Words no Spanish sentence of ours uses: a literal with one of them is English. */
const ENGLISH =
  /\b(the|must|required|already|only|unknown|invalid|needs?|repeated|missing|same|larger|whole|one or more|digits|letters|at most|has no|a date|cannot|not|for|with|of|from|to|and|or|give|default|there|is|are|be)\b/;

/** A template literal's text with its values filled by a sample, so the catalog's patterns can be tried. */
const sample = (t: string) => t.replace(/\$\{[^}]*\}/g, "1");

/** Field and schema messages as written in code: `message: …` lines, and the text of `.refine(…, "…")` and the like. */
function literals(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const file of files(SRC)) {
    const src = readFileSync(file, "utf8");
    const add = (text: string) => out.push({ file: file.slice(SRC.length + 1), text });
    for (const m of src.matchAll(
      /\.(?:refine|regex)\([^;]*?, "([^"]+)"\)|\.(?:int|positive|nonnegative|nonempty|email|url)\("([^"]+)"\)/g,
    ))
      add((m[1] ?? m[2])!);
    // Every literal on a `message:` line, so a ternary's branches are read too.
    for (const line of src.split("\n").filter((l) => /\bmessage: /.test(l) && !/\b(es|en): |\.describe\(/.test(l))) {
      const said = line.slice(line.indexOf("message: ")).split("messageEn:")[0]!;
      for (const m of said.matchAll(/"([^"\\]+)"|`([^`]+)`/g)) {
        const text = m[1] ?? sample(m[2]!);
        if (/\s/.test(text)) add(text); // one word is a code ("rut.invalid"), not a sentence
      }
    }
  }
  return out;
}

describe("field messages are Spanish first", () => {
  it("every English field or schema message written in core has its Spanish in the catalog", () => {
    const found = literals();
    expect(found.length).toBeGreaterThan(30);
    const missing = found.filter((l) => ENGLISH.test(l.text) && !hasSpanishFor(l.text));
    expect(missing).toEqual([]);
  });

  it("a 400 names the field in Spanish with the English beside it", () => {
    const e = (() => {
      try {
        validate(z.object({ movements: z.array(MovementInputSchema) }), {
          movements: [{ sku: "CAFE", kind: "in", quantity: 1e-7 }],
        });
      } catch (err) {
        return err as TimbreError;
      }
      throw new Error("accepted 1e-7");
    })();
    expect(e.fields).toEqual([
      {
        field: "movements.0.quantity",
        message: "A lo más tres decimales (p. ej. 2,125).",
        messageEn: "at most three decimals",
      },
    ]);
  });

  it("messages with a value inside are said in Spanish too", () => {
    const r = ZoneInputSchema.safeParse({
      name: "Centro",
      comunas: ["Narnia"],
      rate: { kind: "flat", amount: 2990 },
      commission: { kind: "amount", amount: 1000 },
    });
    expect(r.success).toBe(false);
    expect(spanishSchemaMessage(r.error!.issues[0]!.message)).toBe(
      'No existe la comuna "Narnia" (use su código, p. ej. 13123, o su nombre).',
    );
  });

  it("a use case's own field message reaches the caller in Spanish", () => {
    const e = new TimbreError(
      "price.invalid",
      { es: "Precio inválido.", en: "Invalid price." },
      {
        fields: [{ field: "price", message: "whole CLP" }],
      },
    );
    expect(e.fields).toEqual([{ field: "price", message: "Pesos enteros, sin decimales.", messageEn: "whole CLP" }]);
  });
});
