<?php
/**
 * A WooCommerce order as the sync API's normalized order, and its refunds as refund requests. Only
 * copying and unit conversion: what document to issue is decided by the hub.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * Order → sync API payloads.
 */
class Timbre_Order_Mapper {

	/**
	 * Shop statuses that count as paid.
	 *
	 * @var string[]
	 */
	private $paid_statuses;

	/**
	 * Constructor.
	 *
	 * @param string[] $paid_statuses Statuses (without wc-) that mean paid.
	 */
	public function __construct( array $paid_statuses ) {
		$this->paid_statuses = $paid_statuses;
	}

	/**
	 * The hub's order status for a WooCommerce status.
	 *
	 * @param string $status WooCommerce status without wc-.
	 * @return string
	 */
	public function status( $status ) {
		if ( 'cancelled' === $status ) {
			return 'cancelled';
		}
		if ( 'refunded' === $status ) {
			return 'refunded';
		}
		return in_array( $status, $this->paid_statuses, true ) ? 'paid' : 'pending';
	}

	/**
	 * Whole pesos from a WooCommerce amount (a decimal string).
	 *
	 * @param mixed $amount Amount.
	 * @return int
	 */
	public static function clp( $amount ) {
		return max( 0, (int) round( (float) $amount ) );
	}

	/**
	 * Cuts a text to the hub's limit for that field.
	 *
	 * @param string $text  Text.
	 * @param int    $limit Characters.
	 * @return string
	 */
	private static function cut( $text, $limit ) {
		$text = trim( wp_strip_all_tags( (string) $text ) );
		return function_exists( 'mb_substr' ) ? mb_substr( $text, 0, $limit ) : substr( $text, 0, $limit );
	}

	/**
	 * The normalized order.
	 *
	 * @param WC_Order $order Order.
	 * @return array
	 */
	public function order( $order ) {
		$lines = array();
		foreach ( $order->get_items( 'line_item' ) as $item_id => $item ) {
			$qty = (float) $item->get_quantity();
			if ( $qty <= 0 ) {
				continue;
			}
			// Gross amounts whatever the shop's tax settings: what the buyer pays is what the document shows.
			$gross_subtotal = (float) $item->get_subtotal() + (float) $item->get_subtotal_tax();
			$gross_total    = (float) $item->get_total() + (float) $item->get_total_tax();
			$unit           = self::clp( $gross_subtotal / $qty );
			$line           = array(
				'externalId' => (string) $item_id,
				'name'       => self::cut( $item->get_name(), 80 ),
				'quantity'   => $qty,
				'unitPrice'  => $unit,
				'discount'   => max( 0, (int) round( $unit * $qty ) - self::clp( $gross_total ) ),
			);
			$product        = $item->get_product();
			if ( $product && '' !== (string) $product->get_sku() ) {
				$line['sku'] = self::cut( $product->get_sku(), 35 );
			}
			$lines[] = $line;
		}
		foreach ( $order->get_fees() as $fee_id => $fee ) {
			$amount = (float) $fee->get_total() + (float) $fee->get_total_tax();
			if ( $amount > 0 ) {
				$lines[] = array(
					'externalId' => 'fee-' . $fee_id,
					'name'       => self::cut( $fee->get_name(), 80 ),
					'quantity'   => 1,
					'unitPrice'  => self::clp( $amount ),
					'discount'   => 0,
				);
			}
		}
		$payload  = array(
			'externalId'       => (string) $order->get_id(),
			'number'           => self::cut( $order->get_order_number(), 40 ),
			'status'           => $this->status( $order->get_status() ),
			'updatedAt'        => $this->updated_at( $order ),
			'pricesIncludeTax' => true,
			'buyer'            => $this->buyer( $order ),
			'lines'            => $lines,
		);
		$shipping = (float) $order->get_shipping_total() + (float) $order->get_shipping_tax();
		if ( count( $order->get_items( 'shipping' ) ) > 0 ) {
			$name                = self::cut( $order->get_shipping_method(), 80 );
			$payload['shipping'] = array(
				'name'  => '' === $name ? __( 'Despacho', 'timbre-woocommerce' ) : $name,
				'price' => self::clp( $shipping ),
			);
		}
		return $payload;
	}

	/**
	 * ISO 8601 with offset of the last change.
	 *
	 * @param WC_Order $order Order.
	 * @return string
	 */
	private function updated_at( $order ) {
		$date = $order->get_date_modified();
		if ( ! $date ) {
			$date = $order->get_date_created();
		}
		return $date ? gmdate( 'Y-m-d\TH:i:s\Z', $date->getTimestamp() ) : gmdate( 'Y-m-d\TH:i:s\Z' );
	}

	/**
	 * Who buys, and what document they asked for.
	 *
	 * @param WC_Order $order Order.
	 * @return array
	 */
	private function buyer( $order ) {
		$buyer = array();
		$email = (string) $order->get_billing_email();
		if ( is_email( $email ) && strlen( $email ) <= 80 ) {
			$buyer['email'] = $email;
		}
		$name = trim( $order->get_billing_first_name() . ' ' . $order->get_billing_last_name() );
		if ( '' !== $name ) {
			$buyer['name'] = self::cut( $name, 100 );
		}
		$document = Timbre_Checkout_Fields::order_field( $order, Timbre_Checkout_Fields::DOCUMENT_TYPE );
		if ( 'factura' === $document || 'boleta' === $document ) {
			$buyer['document'] = $document;
		}
		if ( 'factura' === $document ) {
			$rut                   = Timbre_Checkout_Fields::order_field( $order, Timbre_Checkout_Fields::RUT );
			$buyer['rut']          = self::cut( null === Timbre_Rut::normalize( $rut ) ? $rut : Timbre_Rut::normalize( $rut ), 20 );
			$buyer['businessName'] = self::cut( Timbre_Checkout_Fields::order_field( $order, Timbre_Checkout_Fields::BUSINESS_NAME ), 100 );
			$buyer['activity']     = self::cut( Timbre_Checkout_Fields::order_field( $order, Timbre_Checkout_Fields::ACTIVITY ), 80 );
		}
		$address = trim( $order->get_billing_address_1() . ' ' . $order->get_billing_address_2() );
		if ( '' !== $address ) {
			$buyer['address'] = self::cut( $address, 70 );
		}
		$comuna = Timbre_Checkout_Fields::order_field( $order, Timbre_Checkout_Fields::COMUNA, 'billing' );
		if ( '' === $comuna ) {
			$comuna = (string) $order->get_billing_city();
		}
		if ( '' !== trim( $comuna ) ) {
			$buyer['commune'] = self::cut( $comuna, 20 );
		}
		if ( '' !== trim( (string) $order->get_billing_city() ) ) {
			$buyer['city'] = self::cut( $order->get_billing_city(), 20 );
		}
		return array_filter(
			$buyer,
			function ( $v ) {
				return '' !== $v;
			}
		);
	}

	/**
	 * One refund as the hub's refund request, or null when it names no products nor shipping and
	 * does not close the order (an amount the hub cannot turn into lines).
	 *
	 * @param WC_Order        $order  Order.
	 * @param WC_Order_Refund $refund One of its refunds.
	 * @return array|null
	 */
	public function refund( $order, $refund ) {
		$lines = array();
		foreach ( $refund->get_items( 'line_item' ) as $item ) {
			$original = (string) $item->get_meta( '_refunded_item_id' );
			$qty      = abs( (float) $item->get_quantity() );
			if ( '' !== $original && $qty > 0 ) {
				$lines[] = array(
					'externalId' => $original,
					'quantity'   => $qty,
				);
			}
		}
		$shipping = count( $refund->get_items( 'shipping' ) ) > 0;
		if ( array() === $lines && ! $shipping ) {
			if ( ! $this->closes_order( $order, $refund ) ) {
				return null;
			}
			// A refund of the whole remaining amount without lines: everything not refunded before.
			$lines    = $this->remaining_lines( $order, $refund );
			$shipping = count( $order->get_items( 'shipping' ) ) > 0 && ! $this->shipping_refunded_before( $order, $refund );
			if ( array() === $lines && ! $shipping ) {
				return null;
			}
		}
		$reason = trim( (string) $refund->get_reason() );
		return array(
			'externalId' => (string) $refund->get_id(),
			'reason'     => self::cut( '' === $reason ? __( 'Devolución', 'timbre-woocommerce' ) : $reason, 90 ),
			'lines'      => $lines,
			'shipping'   => $shipping,
		);
	}

	/**
	 * True when, after this refund, nothing of the order is left to refund.
	 *
	 * @param WC_Order        $order  Order.
	 * @param WC_Order_Refund $refund Refund.
	 * @return bool
	 */
	private function closes_order( $order, $refund ) {
		$refunded = 0.0;
		foreach ( $order->get_refunds() as $r ) {
			if ( $r->get_date_created() && $refund->get_date_created() && $r->get_date_created()->getTimestamp() > $refund->get_date_created()->getTimestamp() ) {
				continue;
			}
			$refunded += (float) $r->get_amount();
		}
		return $refunded + 0.5 >= (float) $order->get_total();
	}

	/**
	 * Line quantities not given back by refunds older than this one.
	 *
	 * @param WC_Order        $order  Order.
	 * @param WC_Order_Refund $refund Refund.
	 * @return array
	 */
	private function remaining_lines( $order, $refund ) {
		$done = array();
		foreach ( $order->get_refunds() as $r ) {
			if ( $r->get_id() === $refund->get_id() ) {
				continue;
			}
			foreach ( $r->get_items( 'line_item' ) as $item ) {
				$id          = (string) $item->get_meta( '_refunded_item_id' );
				$done[ $id ] = ( isset( $done[ $id ] ) ? $done[ $id ] : 0 ) + abs( (float) $item->get_quantity() );
			}
		}
		$lines = array();
		foreach ( $order->get_items( 'line_item' ) as $item_id => $item ) {
			$left = (float) $item->get_quantity() - ( isset( $done[ (string) $item_id ] ) ? $done[ (string) $item_id ] : 0 );
			if ( $left > 1e-9 ) {
				$lines[] = array(
					'externalId' => (string) $item_id,
					'quantity'   => $left,
				);
			}
		}
		return $lines;
	}

	/**
	 * Whether an earlier refund already gave back the shipping.
	 *
	 * @param WC_Order        $order  Order.
	 * @param WC_Order_Refund $refund Refund.
	 * @return bool
	 */
	private function shipping_refunded_before( $order, $refund ) {
		foreach ( $order->get_refunds() as $r ) {
			if ( $r->get_id() !== $refund->get_id() && count( $r->get_items( 'shipping' ) ) > 0 ) {
				return true;
			}
		}
		return false;
	}
}
