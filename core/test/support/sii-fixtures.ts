import { readFileSync } from "node:fs";
import {
  loadCertificate,
  parseCaf,
  type Caf,
  type DteRequestInput,
  type DteType,
  type SigningCertificate,
} from "../../src/rules/index.js";
import {
  createCafAuthority,
  createTestCaf,
  createTestCertificate,
  type CafAuthority,
  type TestCertificate,
} from "../../src/testing/certs.js";

/** Fixtures shared by the SII document tests: files copied from shared/sii, and generated test keys. */

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/sii/${name}`, import.meta.url));
}

export function fixtureText(name: string): string {
  return fixture(name).toString("latin1");
}

export const ISSUER = {
  rut: "76192083-9",
  name: "SASCO SpA",
  activity: "Venta al por menor por internet",
  acteco: [479100],
  address: "Av. Providencia 123",
  commune: "Providencia",
  city: "Santiago",
  resolution: { number: 0, date: "2026-01-15" },
};

export const FACTURA_RECEIVER = {
  rut: "77777777-7",
  name: "EMPRESA DE PRUEBA LTDA",
  activity: "Servicios informaticos",
  address: "San Diego 2222",
  commune: "Santiago",
  city: "Santiago",
  email: "compras@example.cl",
};

export const ISSUE_DATE = "2026-11-20";
export const TIMESTAMP = "2026-11-20T10:30:00";

let cached:
  { authority: CafAuthority; cert: TestCertificate; signing: SigningCertificate; cafs: Map<number, Caf> } | undefined;

/** One certificate (RUT 11111111-1 in its subject) and one CAF per type, folios 1–100, IDK 100. */
export function keys(): {
  authority: CafAuthority;
  cert: TestCertificate;
  signing: SigningCertificate;
  caf(type: DteType): Caf;
} {
  if (!cached) {
    const authority = createCafAuthority();
    const cert = createTestCertificate({ rut: "11111111-1" });
    cached = {
      authority,
      cert,
      signing: loadCertificate({ keyPem: cert.keyPem, certPem: cert.certPem }),
      cafs: new Map(),
    };
  }
  const c = cached;
  return {
    authority: c.authority,
    cert: c.cert,
    signing: c.signing,
    caf(type) {
      let caf = c.cafs.get(type);
      if (!caf) {
        caf = parseCaf(
          createTestCaf({
            rut: ISSUER.rut,
            name: "SASCO SPA",
            type,
            from: 1,
            to: 100,
            authorizedOn: "2026-10-01",
            authority: c.authority,
          }).xml,
        );
        c.cafs.set(type, caf);
      }
      return caf;
    },
  };
}

/** A valid request of each type, to be varied by the tests. */
export function requestFor(type: DteType): DteRequestInput {
  const lines = [
    { name: 'Notebook 14"', quantity: 2, unitPrice: 10000, discount: { percent: 10 } },
    { name: "Libro técnico", quantity: 1, unitPrice: 5990, exempt: true },
  ];
  switch (type) {
    case 39:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        lines: [{ name: "Café de grano", quantity: 2, unitPrice: 1500 }],
      };
    case 41:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        lines: [{ name: "Entrada museo", quantity: 3, unitPrice: 2500 }],
      };
    case 33:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        receiver: FACTURA_RECEIVER,
        lines,
        globalDiscount: { percent: 5 },
        paymentMethod: 1,
      };
    case 34:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        receiver: FACTURA_RECEIVER,
        lines: [{ name: "Horas de desarrollo", quantity: 5, unitPrice: 25000 }],
      };
    case 52:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        receiver: FACTURA_RECEIVER,
        lines: [{ name: "Conectores RJ45", quantity: 450, unitPrice: 70 }],
        transport: { transferType: 1, dispatchType: 2, address: "San Diego 2222", commune: "Santiago" },
      };
    case 56:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        receiver: FACTURA_RECEIVER,
        lines: [{ name: "Anula nota de crédito 5", quantity: 1, unitPrice: 31500 }],
        references: [{ type: 61, folio: 5, date: "2026-11-19", code: 1, reason: "Anula nota de crédito" }],
      };
    case 61:
      return {
        type,
        issueDate: ISSUE_DATE,
        issuer: ISSUER,
        receiver: FACTURA_RECEIVER,
        lines: [{ name: 'Devolución Notebook 14"', quantity: 1, unitPrice: 9000 }],
        references: [{ type: 33, folio: 12, date: "2026-11-19", code: 3, reason: "Devolución de mercadería" }],
      };
  }
}
