import type { CustomerInput } from "@timbre/core/platform-parts";
import { isValidRut, normalizeRut } from "@timbre/core/platform-parts";
import type { PsAddress, PsCustomer } from "./resources.js";

const cut = (s: string, max: number) => s.replace(/\s+/g, " ").trim().slice(0, max);

/**
 * A shop customer as the hub's: matched by RUT (an address's dni) then e-mail; a guest account
 * (is_guest) gets a guest code. The address with a valid RUT carries the fiscal data.
 */
export function mapCustomer(c: PsCustomer, addresses: readonly PsAddress[]): CustomerInput {
  const live = addresses.filter((a) => !a.deleted);
  const fiscal = live.find((a) => a.dni && isValidRut(a.dni));
  const first = fiscal ?? live[0];
  const name = cut(`${c.firstname} ${c.lastname}`, 100);
  const address = (a: PsAddress) => ({
    line1: cut(a.address1, 120) || "-",
    line2: cut(a.address2, 120),
    commune: cut(a.city, 60) || "-",
    city: cut(a.city, 60),
    ...(a.phone_mobile || a.phone ? { phone: cut(a.phone_mobile || a.phone, 30) } : {}),
  });
  return {
    guest: c.is_guest,
    ...(c.email ? { email: c.email.trim().toLowerCase() } : {}),
    ...(name ? { name } : {}),
    ...(fiscal ? { rut: normalizeRut(fiscal.dni) } : {}),
    ...(fiscal?.company || c.company ? { businessName: cut(fiscal?.company || c.company, 100) } : {}),
    ...(first
      ? {
          address: cut([first.address1, first.address2].filter(Boolean).join(" "), 70),
          commune: cut(first.city, 20),
          city: cut(first.city, 20),
          ...(first.phone_mobile || first.phone ? { phone: cut(first.phone_mobile || first.phone, 30) } : {}),
          shippingAddress: address(first),
        }
      : {}),
  };
}
