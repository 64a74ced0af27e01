<?php
/**
 * Minimal stand-ins for WC_Order, its items and refunds: the getters the mapper reads, with
 * WooCommerce's value types (amounts as decimal strings, refund quantities negative).
 *
 * @package Timbre
 */

// phpcs:ignoreFile -- test scaffolding.
class Fake_Date {
	private $t;
	public function __construct( $t ) { $this->t = $t; }
	public function getTimestamp() { return $this->t; }
}

class Fake_Product {
	private $sku;
	public function __construct( $sku ) { $this->sku = $sku; }
	public function get_sku() { return $this->sku; }
}

class Fake_Item {
	public $data;
	public function __construct( array $data ) { $this->data = $data + array( 'subtotal_tax' => '0', 'total_tax' => '0', 'meta' => array() ); }
	public function __call( $name, $args ) {
		$key = substr( $name, 4 );
		return $this->data[ $key ] ?? null;
	}
	public function get_product() { return isset( $this->data['sku'] ) ? new Fake_Product( $this->data['sku'] ) : null; }
	public function get_meta( $key ) { return $this->data['meta'][ $key ] ?? ''; }
}

class Fake_Order {
	public $data;
	public $items = array( 'line_item' => array(), 'shipping' => array(), 'fee' => array() );
	public $refunds = array();
	public $meta = array();
	public function __construct( array $data ) { $this->data = $data; }
	public function __call( $name, $args ) {
		$key = substr( $name, 4 );
		return $this->data[ $key ] ?? '';
	}
	public function get_items( $type = 'line_item' ) { return $this->items[ $type ] ?? array(); }
	public function get_fees() { return $this->items['fee']; }
	public function get_refunds() { return $this->refunds; }
	public function get_meta( $key ) { return $this->meta[ $key ] ?? ''; }
	public function get_date_modified() { return new Fake_Date( $this->data['modified'] ?? 1767225600 ); }
	public function get_date_created() { return new Fake_Date( $this->data['created'] ?? 1767225600 ); }
}
