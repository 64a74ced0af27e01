import type { HubConfig } from "../config.js";
import { demoCafAuthority } from "../demo/demo-authority.js";

/**
 * The SII keys a CAF's signature is checked with when a merchant uploads one: the configured ones,
 * and in demo mode the demo's own test authority (its CAFs are never valid at the SII).
 */
export function cafVerificationKeys(config: Pick<HubConfig, "siiKeys" | "demo" | "dataDir">): Record<number, string> {
  return config.demo
    ? { ...config.siiKeys, 100: demoCafAuthority(config.dataDir).publicKeyPem }
    : { ...config.siiKeys };
}
