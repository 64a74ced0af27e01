/**
 * Where a zone delivers: whole regiones, single comunas (CUT codes) and, optionally, postal-code
 * prefixes for the part of a comuna a merchant serves differently. An address belongs to the most
 * specific area that names it: a postal prefix (the longest wins) over a comuna over a región, so a
 * "Las Condes alto" zone can carve its postal codes out of a "Sector oriente" zone.
 */
export interface ZoneDefinition {
  id: string;
  /** Región codes ("13"). */
  regions: readonly string[];
  /** Comuna CUT codes ("13123"). */
  comunas: readonly string[];
  postalPrefixes: readonly string[];
}

export interface DeliveryPlace {
  comunaCode: string;
  postalCode?: string | undefined;
}

export interface ZoneMatch {
  zoneId: string;
  by: "postal" | "comuna" | "region";
}

/** Chilean postal codes are seven digits; people write them with spaces or dashes. */
export function normalizePostalCode(text: string): string {
  return text.replace(/\D/g, "");
}

/**
 * The zone an address falls in, or undefined. Among zones that name the address equally
 * specifically, the first one given wins: the caller passes them in the merchant's order.
 */
export function matchZone(zones: readonly ZoneDefinition[], place: DeliveryPlace): ZoneMatch | undefined {
  const postal = place.postalCode ? normalizePostalCode(place.postalCode) : "";
  let best: { zoneId: string; score: number; by: ZoneMatch["by"] } | undefined;
  const consider = (zoneId: string, score: number, by: ZoneMatch["by"]) => {
    if (!best || score > best.score) best = { zoneId, score, by };
  };
  for (const zone of zones) {
    if (postal.length > 0) {
      for (const prefix of zone.postalPrefixes)
        if (postal.startsWith(prefix)) consider(zone.id, 100 + prefix.length, "postal");
    }
    if (zone.comunas.includes(place.comunaCode)) consider(zone.id, 50, "comuna");
    if (zone.regions.includes(place.comunaCode.slice(0, 2))) consider(zone.id, 10, "region");
  }
  return best && { zoneId: best.zoneId, by: best.by };
}
