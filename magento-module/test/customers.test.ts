import { describe, expect, it } from "vitest";
import { customerInput, MagentoCustomerSchema } from "../connector/customers/magento-customers.js";

// A customer account as GET /V1/customers/search gives it on 2.4.7 (trimmed to what we read).
const raw = {
  id: 7,
  group_id: 1,
  default_billing: "12",
  created_at: "2026-12-01 14:02:11",
  updated_at: "2026-12-01 14:05:40",
  email: "compras@distribuidora.test",
  firstname: "Rosa",
  lastname: "Díaz",
  website_id: 1,
  addresses: [
    { id: 11, street: ["Otra 1"], city: "Ñuñoa", telephone: "+5622", company: null },
    {
      id: 12,
      default_billing: true,
      company: "Distribuidora del Sur Limitada",
      vat_id: "77.123.456-9",
      street: ["Av. Matta 800", "Of. 3"],
      city: "Santiago",
      telephone: "+56 2 2345 6789",
    },
  ],
};

describe("a Magento customer account as the hub's customer", () => {
  it("takes the RUT, razón social and address of the default billing address", () => {
    const c = MagentoCustomerSchema.parse(raw);
    expect(customerInput(c)).toEqual({
      email: "compras@distribuidora.test",
      guest: false,
      name: "Rosa Díaz",
      rut: "77.123.456-9",
      businessName: "Distribuidora del Sur Limitada",
      address: "Av. Matta 800 Of. 3",
      commune: "Santiago",
      phone: "+56 2 2345 6789",
    });
  });

  it("prefers the account's taxvat and cuts fields to what a DTE receptor holds", () => {
    const c = MagentoCustomerSchema.parse({
      ...raw,
      taxvat: "76.354.771-K",
      addresses: [{ id: 1, default_billing: true, company: "X".repeat(150), city: "Pedro Aguirre Cerda Sur" }],
    });
    const input = customerInput(c);
    expect(input.rut).toBe("76.354.771-K");
    expect(input.businessName).toHaveLength(100);
    expect(input.commune).toHaveLength(20);
  });

  it("an account without addresses is still a customer by its e-mail", () => {
    const c = MagentoCustomerSchema.parse({ ...raw, addresses: [], default_billing: null, lastname: null });
    expect(customerInput(c)).toEqual({ email: "compras@distribuidora.test", guest: false, name: "Rosa" });
  });
});
