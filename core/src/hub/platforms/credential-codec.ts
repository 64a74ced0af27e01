import { TimbreError } from "../../errors.js";
import type { Encryptor } from "../secrets/encryptor.js";
import type { AnyConnector } from "./connector.js";

/**
 * Store.credentials: the connector's secrets as JSON, checked against its `credentials` schema and
 * sealed with the hub key (purpose "store.credentials"). The one place that encodes them.
 */
export const CREDENTIALS_PURPOSE = "store.credentials";

function invalid(connector: AnyConnector, detail: string): TimbreError {
  return new TimbreError(
    "store.credentials_invalid",
    {
      es: `Las credenciales de ${connector.name} no tienen la forma esperada.`,
      en: `The ${connector.name} credentials do not have the expected shape.`,
    },
    { kind: "invalid_input", detail },
  );
}

export function sealCredentials(encryptor: Encryptor, connector: AnyConnector, credentials: unknown): string {
  let value = credentials;
  if (connector.credentials) {
    const parsed = connector.credentials.safeParse(credentials);
    if (!parsed.success) throw invalid(connector, parsed.error.message);
    value = parsed.data;
  }
  return encryptor.encrypt(JSON.stringify(value), CREDENTIALS_PURPOSE);
}

export function openCredentials<C>(
  encryptor: Encryptor,
  connector: AnyConnector,
  sealed: string | null,
): C | undefined {
  if (!sealed) return undefined;
  const raw: unknown = JSON.parse(encryptor.decryptText(sealed, CREDENTIALS_PURPOSE));
  if (!connector.credentials) return raw as C;
  const parsed = connector.credentials.safeParse(raw);
  // Stored by an older connector version: the connector must migrate, never silently get garbage.
  if (!parsed.success) throw invalid(connector, `stored credentials: ${parsed.error.message}`);
  return parsed.data as C;
}
