/**
 * When an order holds stock in the hub, for every platform. A store reserves units as soon as an
 * order is placed (Magento's MSI reservations, Shopify's "committed"), so the hub does the same:
 * otherwise the counter could sell a unit the web shop already promised. An unpaid order holds its
 * units for a while; an order the platform holds for review (payment review, suspected fraud, on
 * hold) keeps them until the merchant decides, because the platform keeps them too.
 */

export type PlatformHold = "payment_review" | "suspected_fraud" | "on_hold";

export interface ReservationFacts {
  status: "pending" | "paid" | "cancelled" | "refunded" | "partially_refunded";
  hold: PlatformHold | null;
  /** The order already has its sale document (its stock was consumed then). */
  hasSaleDocument: boolean;
  /** When the hub first saw the order. */
  placedAt: Date;
  now: Date;
  /** How long an unpaid order holds stock; 0: unpaid orders do not reserve. */
  unpaidHoldHours: number;
}

export type ReservationAction =
  /** Hold (or keep holding) the order's units; idempotent. */
  | { action: "reserve"; expiresAt: Date | null }
  /** Give back whatever the order holds and is not yet sold. */
  | { action: "release"; why: "cancelled" | "expired" | "not_reserving" }
  | { action: "none" };

export function reservationAction(f: ReservationFacts): ReservationAction {
  if (f.hasSaleDocument) return { action: "none" };
  if (f.status === "cancelled" || f.status === "refunded") return { action: "release", why: "cancelled" };
  if (f.status === "paid" || f.status === "partially_refunded" || f.hold !== null)
    return { action: "reserve", expiresAt: null };
  if (f.unpaidHoldHours <= 0) return { action: "release", why: "not_reserving" };
  const expiresAt = new Date(f.placedAt.getTime() + f.unpaidHoldHours * 3_600_000);
  if (f.now.getTime() >= expiresAt.getTime()) return { action: "release", why: "expired" };
  return { action: "reserve", expiresAt };
}
