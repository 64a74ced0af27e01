import { describe, expect, it } from "vitest";
import { urlKey } from "../connector/catalog/magento-catalog.js";

describe("the URL key a published product gets", () => {
  it("is the name and the SKU, so two hub products with one name both publish", () => {
    expect(urlKey("Taza de greda artesanal de Pomaire", "TAZA-01")).toBe("taza-de-greda-artesanal-de-pomaire-taza-01");
    expect(urlKey("Taza de greda artesanal de Pomaire", "TAZA-02")).not.toBe(
      urlKey("Taza de greda artesanal de Pomaire", "TAZA-01"),
    );
  });
  it("drops accents, ñ's tilde and symbols Magento refuses in a URL key", () => {
    expect(urlKey("Café ñandú 100% orgánico!", "CAF/01")).toBe("cafe-nandu-100-organico-caf-01");
  });
});
