export {
  startJumpsellerEmulator,
  maxInWindow,
  type JumpsellerEmulator,
  type JumpsellerEmulatorOptions,
  type HookDelivery,
} from "./emulator.js";
export type { EmuStore, EmuProduct, EmuOrder, StatusEnum } from "./emulator-state.js";
