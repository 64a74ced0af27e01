import type { Customer, CustomerAddress } from "@prisma/client";

/** A customer as the CLI, the sync API and admin screens show it. */
export interface CustomerView {
  code: string;
  guest: boolean;
  rut: string | null;
  email: string | null;
  name: string;
  businessName: string | null;
  activity: string | null;
  address: string | null;
  commune: string | null;
  city: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  addresses?: Array<{ kind: string; line1: string; line2: string; commune: string; city: string; region: string }>;
  /** Orders of this customer (all stores of the company). */
  orders?: number;
}

export function customerView(
  c: Customer & { addresses?: CustomerAddress[]; _count?: { orders: number } },
): CustomerView {
  return {
    code: c.code,
    guest: c.isGuest,
    rut: c.rut,
    email: c.email,
    name: c.name,
    businessName: c.businessName,
    activity: c.activity,
    address: c.address,
    commune: c.commune,
    city: c.city,
    phone: c.phone,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...(c.addresses
      ? {
          addresses: c.addresses.map((a) => ({
            kind: a.kind,
            line1: a.line1,
            line2: a.line2,
            commune: a.commune,
            city: a.city,
            region: a.region,
          })),
        }
      : {}),
    ...(c._count ? { orders: c._count.orders } : {}),
  };
}
