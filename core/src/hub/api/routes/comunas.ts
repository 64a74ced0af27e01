import { COMUNAS, REGIONS } from "../../../rules/couriers/comunas.js";
import { apiRoute, type ApiRoute } from "../define-route.js";
import { json } from "../http.js";
import { ComunasSchema } from "../schemas/couriers.js";

const regions = () => ({
  regions: REGIONS.map((r) => ({
    ...r,
    comunas: COMUNAS.filter((c) => c.regionCode === r.code).map(({ code, name }) => ({ code, name })),
  })),
});

export function comunaRoutes(): ApiRoute[] {
  return [
    apiRoute({
      method: "GET",
      path: "/api/v1/comunas",
      summary: "The official regiones and comunas of Chile with their CUT codes (for zones and addresses)",
      tags: ["couriers"],
      auth: "none",
      responses: { 200: { description: "Regiones with their comunas", schema: ComunasSchema } },
      handler: () => json(regions()),
    }),
  ];
}
