/** The SII emulator, for tests, the demo and `timbre sii-emulator`. */
export { startSiiEmulator, type SiiEmulator, type SiiEmulatorOptions, type SiiEmulatorTiming } from "./emulator.js";
export type { SiiFault } from "./faults.js";
export type {
  DocumentFinding,
  EnvelopeRecord,
  ProcessedDocument,
  ProcessingResult,
  SiiEmulatorState,
} from "./emulator-state.js";
