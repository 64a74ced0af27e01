/**
 * What screens show, safe for a browser bundle (no Node imports): document names, dates, audit
 * sentences and merchant-facing field problems. `@timbre/core/labels`.
 */
export { documentLabel, DOCUMENT_TITLES } from "./rules/dte/types.js";
export { day, dayTime } from "./rules/dates.js";
export { auditSentence, auditActor } from "./hub/audit/describe-audit.js";
export { merchantFields, merchantTitle, fieldLabel, type MerchantField } from "./hub/merchant-problem.js";
