import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { TimbreError } from "../../errors.js";

/**
 * AES-256-GCM for every credential, certificate and CAF key stored by the hub.
 * Each value is bound to its purpose (as additional authenticated data), so a ciphertext copied
 * from one column into another does not decrypt.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export type SecretPurpose = "store.credentials" | "store.secret" | "certificate" | "caf.key" | (string & {});

export interface Encryptor {
  encrypt(plaintext: string | Buffer, purpose: SecretPurpose): string;
  decrypt(sealed: string, purpose: SecretPurpose): Buffer;
  decryptText(sealed: string, purpose: SecretPurpose): string;
  /** A short tag proving the hub made `value` for `purpose` (signed links); never the key itself. */
  mac(value: string, purpose: SecretPurpose): string;
  verifyMac(value: string, purpose: SecretPurpose, tag: string): boolean;
}

const VERSION = "v1";

/** Accepts 32 bytes as 64 hex characters or as base64/base64url (43–44 characters). */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(t) && !/^[A-Za-z0-9+/_-]{43}=?$/.test(t))) {
    throw new TimbreError(
      "secrets.bad_key",
      {
        es: "TIMBRE_SECRET_KEY debe tener 32 bytes: 64 caracteres hexadecimales o base64. Genere una con `openssl rand -base64 32`.",
        en: "TIMBRE_SECRET_KEY must be 32 bytes: 64 hex characters or base64. Generate one with `openssl rand -base64 32`.",
      },
      { kind: "configuration" },
    );
  }
  return key;
}

export function generateSecretKey(): string {
  return randomBytes(32).toString("base64");
}

export function createEncryptor(key: Buffer): Encryptor {
  if (key.length !== 32) throw new Error("AES-256-GCM needs a 32-byte key");
  const decrypt = (sealed: string, purpose: SecretPurpose): Buffer => {
    const parts = sealed.split(".");
    if (parts.length !== 4 || parts[0] !== VERSION) throw unreadable(purpose, "malformed sealed value");
    const [, iv, tag, ct] = parts as [string, string, string, string];
    try {
      const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      d.setAAD(Buffer.from(purpose, "utf8"));
      d.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]);
    } catch (cause) {
      throw unreadable(purpose, "authentication failed (wrong key or tampered value)", cause);
    }
  };
  // Its own subkey, so a MAC can never be turned into anything about the encryption key.
  const macKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "timbre mac v1", 32));
  const mac = (value: string, purpose: SecretPurpose) =>
    createHmac("sha256", macKey).update(`${purpose}\n${value}`).digest("base64url").slice(0, 32);
  return {
    mac,
    verifyMac(value, purpose, tag) {
      const want = Buffer.from(mac(value, purpose));
      const got = Buffer.from(tag);
      return got.length === want.length && timingSafeEqual(got, want);
    },
    encrypt(plaintext, purpose) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      c.setAAD(Buffer.from(purpose, "utf8"));
      const ct = Buffer.concat([
        c.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext),
        c.final(),
      ]);
      return [VERSION, iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(
        ".",
      );
    },
    decrypt,
    decryptText: (sealed, purpose) => decrypt(sealed, purpose).toString("utf8"),
  };
}

function unreadable(purpose: string, detail: string, cause?: unknown): TimbreError {
  return new TimbreError(
    "secrets.unreadable",
    {
      es: "No se pudo leer un dato protegido: la clave TIMBRE_SECRET_KEY no es la misma con la que se guardó.",
      en: "A protected value could not be read: TIMBRE_SECRET_KEY is not the key it was stored with.",
    },
    { kind: "configuration", detail: `${purpose}: ${detail}`, cause },
  );
}
