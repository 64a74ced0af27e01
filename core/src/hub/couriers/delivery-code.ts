import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: read aloud over a phone and typed into a store's tracking field.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** "TMB-7K3F9Q": 31^6 ≈ 887 million codes; a collision is retried by the caller's unique index. */
export function newDeliveryCode(): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `TMB-${s}`;
}
