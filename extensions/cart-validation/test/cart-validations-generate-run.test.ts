import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { cartValidationsGenerateRun } from "../src/cart-validations-generate-run.js";

interface Fixture {
  payload: { export: string; target: string; input: unknown; output: unknown };
}

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const read = (path: string): Fixture => JSON.parse(readFileSync(path, "utf8")) as Fixture;
const ours = readdirSync(dir).filter((f) => f.endsWith(".json"));
const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

describe("cart.validations.generate.run", () => {
  let built: Record<string, (input: unknown) => unknown>;
  beforeAll(async () => {
    // The bundle Shopify would run (npm run build first); proves it exports the target by name.
    built = (await import(new URL("../dist/function.js", import.meta.url).href)) as typeof built;
  });

  it.each(ours)("%s: the source and the built bundle give the expected output", (file) => {
    const { payload } = read(dir + file);
    expect(payload.target).toBe("cart.validations.generate.run");
    expect(cartValidationsGenerateRun(payload.input as never)).toEqual(payload.output);
    const run = built[camel(payload.export)];
    expect(run, `dist/function.js exports ${camel(payload.export)}`).toBeTypeOf("function");
    expect(run!(payload.input)).toEqual(payload.output);
  });

  it("answers in the shape of Shopify's own validation fixtures", () => {
    const template = read(`${dir}template/function-cart-validations-generate-run-quantity-exceeds-one.json`).payload;
    const passing = read(`${dir}template/function-cart-validations-generate-run-quantity-is-one.json`).payload;
    expect(template.export).toBe("cart-validations-generate-run");
    // Their cart has no fiscal attributes: a boleta, never blocked — the same "no errors" output.
    expect(cartValidationsGenerateRun(passing.input as never)).toEqual(passing.output);
    expect(cartValidationsGenerateRun(template.input as never)).toEqual(passing.output);
    const blocked = cartValidationsGenerateRun({ cart: { documentType: { value: "factura" } } });
    const expected = template.output as {
      operations: Array<{ validationAdd: { errors: Array<Record<string, unknown>> } }>;
    };
    const got = blocked.operations[0]!.validationAdd.errors[0]!;
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected.operations[0]!.validationAdd.errors[0]!).sort());
    expect(got.target).toBe(expected.operations[0]!.validationAdd.errors[0]!.target);
  });

  it("keeps the input query's attribute keys in step with the shared names", async () => {
    const { FISCAL_ATTRIBUTE } = await import("@timbre/ext-shared");
    const query = readFileSync(
      fileURLToPath(new URL("../src/cart_validations_generate_run.graphql", import.meta.url)),
      "utf8",
    );
    for (const [alias, key] of Object.entries(FISCAL_ATTRIBUTE)) {
      expect(query).toMatch(new RegExp(`${alias}: attribute\\(key: "${key}"\\)`));
    }
  });
});
