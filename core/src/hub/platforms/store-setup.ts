import type { z } from "zod";
import { TimbreError } from "../../errors.js";
import type { AnyConnector, StoreIdentityAndSecrets } from "./connector.js";

/**
 * Connector-declared setup fields as CLI flags, and operator input checked against them. The flag of
 * a field is its key in kebab case (`consumerKey` → `--consumer-key`); the same flag declared by two
 * platforms (`--url`) is one flag, checked by whichever platform is chosen.
 */
export interface SetupFlag {
  flag: string;
  /** The field's key in the connector's `setup.fields`. */
  key: string;
  description: string;
  required: boolean;
}

export const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function setupFlags(connector: AnyConnector): SetupFlag[] {
  const shape = connector.setup?.fields.shape ?? {};
  return Object.entries(shape).map(([key, field]) => {
    const schema = field as z.ZodType;
    return {
      flag: kebab(key),
      key,
      description: schema.description ?? "",
      required: !schema.safeParse(undefined).success,
    };
  });
}

/**
 * Checks one platform's setup input (flag name → string value, as the CLI parsed it) and turns it
 * into what is stored. Flags of other platforms are refused by name, required ones are asked for,
 * and every zod issue is reported against its flag.
 */
export function readStoreSetup(
  connector: AnyConnector,
  given: Readonly<Record<string, string | undefined>>,
  otherFlags: readonly string[] = [],
): StoreIdentityAndSecrets {
  const flags = setupFlags(connector);
  const mine = new Set(flags.map((f) => f.flag));
  const foreign = otherFlags.filter((f) => !mine.has(f) && given[f] !== undefined);
  if (foreign.length > 0) {
    throw new TimbreError(
      "store.setup_flag_foreign",
      {
        es: `${foreign.map((f) => `--${f}`).join(", ")} no corresponde a la plataforma ${connector.name}.`,
        en: `${foreign.map((f) => `--${f}`).join(", ")} does not apply to platform ${connector.name}.`,
      },
      { fields: foreign.map((f) => ({ field: f, message: `no es una opción de --platform ${connector.id}` })) },
    );
  }
  if (!connector.setup) return {};
  const input = Object.fromEntries(
    flags.filter((f) => given[f.flag] !== undefined).map((f) => [f.key, given[f.flag]] as const),
  );
  const parsed = connector.setup.fields.safeParse(input);
  if (!parsed.success) {
    const byKey = new Map(flags.map((f) => [f.key, f.flag]));
    const fields = parsed.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return { field: byKey.get(key) ?? key, message: i.message };
    });
    throw new TimbreError(
      "store.setup_invalid",
      {
        es: `Datos de la tienda ${connector.name} inválidos: ${fields.map((f) => `--${f.field}: ${f.message}`).join("; ")}.`,
        en: `Invalid ${connector.name} store data: ${fields.map((f) => `--${f.field}: ${f.message}`).join("; ")}.`,
      },
      { fields },
    );
  }
  return connector.setup.toStore(parsed.data);
}
