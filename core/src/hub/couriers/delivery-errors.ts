import { TimbreError } from "../../errors.js";

export function invalidTransition(message: string): TimbreError {
  return new TimbreError(
    "delivery.invalid_transition",
    { es: message, en: "The delivery does not allow that in its current state." },
    { kind: "conflict" },
  );
}

export function notYourDelivery(): TimbreError {
  return new TimbreError(
    "delivery.not_assigned_to_you",
    { es: "Esta entrega no está asignada a usted.", en: "This delivery is not assigned to you." },
    { kind: "not_found" },
  );
}
