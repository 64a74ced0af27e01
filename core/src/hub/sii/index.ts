/** The SII client: both channels, typed answers, and the split between retryable and final failures. */
export {
  createSiiClient,
  channelOfTrackId,
  type SiiClient,
  type SiiClientOptions,
  type WaitOptions,
} from "./client.js";
export { tokenRequestXml, type SeedSigner } from "./authenticate.js";
export { seedSignerFor } from "./seed-signer.js";
export {
  resolveBaseUrls,
  SII_BASE_URLS,
  SII_PATHS,
  SiiEnvironmentSchema,
  type SiiBaseUrls,
  type SiiEnvironment,
} from "./environments.js";
export { isRetryableSiiError, SiiError } from "./sii-error.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./transport.js";
export {
  AUTH_STATES,
  DOCUMENT_QUERY_STATES,
  DOCUMENT_RESULT_STATES,
  describeCode,
  ENVELOPE_STATES,
  UPLOAD_STATUS,
  type CodeDisposition,
  type CodeInfo,
} from "./status-codes.js";
export type * from "./results.js";
