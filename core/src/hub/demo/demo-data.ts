/** The demo issuer: certification environment only; nothing it issues is valid at the SII. */
export const DEMO_COMPANY = {
  rut: "76192083-9",
  businessName: "Comercial Demo Timbre SpA",
  activity: "Venta al por menor por internet",
  actecos: [479100],
  address: "Av. Providencia 1234",
  commune: "Providencia",
  city: "Santiago",
  email: "facturacion@demo.timbre.cl",
  resolutionNumber: 0,
  resolutionDate: new Date("2026-01-15T00:00:00Z"),
  environment: "certification",
  siiOffice: "S.I.I. - SANTIAGO ORIENTE",
} as const;

export const DEMO_STORE = { name: "Tienda demo", platform: "demo", shopDomain: "demo.timbre.local" } as const;

/** Self-signed; its holder's RUT becomes RutEnvia on every demo envelope. */
export const DEMO_CERTIFICATE = { rut: "11111111-1", name: "FIRMANTE DEMO TIMBRE", password: "demo" } as const;

export const DEMO_DOCUMENT_TYPES = [33, 34, 39, 41, 56, 61] as const;

/** Folios per demo CAF; a new CAF is generated when they run out. */
export const DEMO_CAF_RANGE = 1000;
