/** Pure SII rules: no I/O; strings and Buffers in, strings and Buffers out. */

export { formatRut, isValidRut, normalizeRut, parseRut, rutCheckDigit, type Rut } from "./rut.js";
export {
  computeAmounts,
  ivaOnNet,
  splitGross,
  type Adjustment,
  type Amounts,
  type AmountsInput,
  type DocumentTotals,
  type GlobalAdjustment,
  type LineAmounts,
  type PriceMode,
} from "./amounts.js";

export {
  ANONYMOUS_NAME,
  DOCUMENT_NAMES,
  DOCUMENT_TITLES,
  documentLabel,
  DTE_TYPES,
  envelopeKindFor,
  GENERIC_RUT,
  isBoleta,
  isDteType,
  LIMITS,
  SII_RUT,
  type DteType,
  type EnvelopeKind,
} from "./dte/types.js";
export { DteRequestSchema, parseDteRequest, type DteRequest, type DteRequestInput } from "./dte/request.js";
export {
  assertCaf,
  cafExpiry,
  cafSignatureValid,
  checkCaf,
  ENVIRONMENT_IDK,
  parseCaf,
  type Caf,
  type CafContext,
  type CafProblem,
  type SiiEnvironment,
  type SiiKeys,
} from "./dte/caf.js";
export { buildDd, buildTed, extractTed, verifyTed, type ExtractedTed, type TedData } from "./dte/ted.js";
export { buildDte, XML_DECLARATION, type BuildOptions, type BuiltDte } from "./dte/builder.js";
export {
  assertCertificateValid,
  loadCertificate,
  type CertificateSource,
  type SigningCertificate,
} from "./dte/certificate.js";
export { signDte, signXml, type SignOptions } from "./dte/signing.js";
export { verifyEnvelopedSignature, type SignatureResult } from "./dte/xmldsig-verify.js";
export { buildEnvelope, dteBody, type CaratulaInput } from "./dte/envelope.js";
export { issueDte, type IssuedDte, type IssueInput } from "./dte/issue.js";
export {
  validateSchema,
  SII_SCHEMA_FILES,
  type SchemaResult,
  type SiiSchemaFile,
  type SiiSchemas,
} from "./dte/schema-validation.js";
export {
  verifyDocument,
  type VerificationCheck,
  type VerificationReport,
  type VerifiedDocument,
  type VerifyOptions,
} from "./dte/verify.js";
export { readDte, type DteView } from "./dte/dte-reader.js";
export { renderPdf, tedBarcodeMatrix, type PdfOptions } from "./dte/pdf.js";
export { decodeXml, latin1Bytes, toLatin1 } from "./dte/latin1.js";
export { siiDate, siiTimestamp } from "./dte/time.js";
export {
  billingMonth,
  fairUse,
  formatUf,
  formatUfValue,
  lastDayOfMonth,
  monthBounds,
  monthOf,
  OPEN_BAND,
  parseUf,
  parseUfValue,
  previousMonth,
  priceOrders,
  ufToClp,
  USAGE_TIERS,
  type BillingMonth,
  type FairUseWarning,
  type UsagePrice,
  type UsageTier,
} from "./billing/index.js";
