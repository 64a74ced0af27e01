import { z } from "zod";

/** What a courier must collect to close a delivery (Onfleet-style completion requirements). */
export const ProofRequirementsSchema = z.object({
  photo: z.boolean().default(true),
  receiverName: z.boolean().default(true),
  signature: z.boolean().default(false),
  notes: z.boolean().default(false),
});

export type ProofRequirements = z.output<typeof ProofRequirementsSchema>;

export const DEFAULT_PROOF_REQUIREMENTS: ProofRequirements = {
  photo: true,
  receiverName: true,
  signature: false,
  notes: false,
};

export interface ProofFacts {
  hasPhoto: boolean;
  receiverName?: string | undefined;
  hasSignature: boolean;
  notes?: string | undefined;
}

const LABELS: Record<keyof ProofRequirements, string> = {
  photo: "foto",
  receiverName: "nombre de quien recibe",
  signature: "firma",
  notes: "notas",
};

/** The required parts of the proof that are missing, as field names with their Spanish label. */
export function missingProof(
  req: ProofRequirements,
  proof: ProofFacts,
): Array<{ field: keyof ProofRequirements; label: string }> {
  const present: Record<keyof ProofRequirements, boolean> = {
    photo: proof.hasPhoto,
    receiverName: (proof.receiverName ?? "").trim().length > 0,
    signature: proof.hasSignature,
    notes: (proof.notes ?? "").trim().length > 0,
  };
  return (Object.keys(LABELS) as Array<keyof ProofRequirements>)
    .filter((k) => req[k] && !present[k])
    .map((field) => ({ field, label: LABELS[field] }));
}
