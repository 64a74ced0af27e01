<?php
// phpcs:ignoreFile -- tests.
use PHPUnit\Framework\TestCase;

final class OrderMapperTest extends TestCase {
	private function order() {
		$o = new Fake_Order(
			array(
				'id'                 => 1001,
				'order_number'       => '1001',
				'status'             => 'processing',
				'billing_email'      => 'ana@example.test',
				'billing_first_name' => 'Ana',
				'billing_last_name'  => 'Pérez',
				'billing_address_1'  => 'Av. Providencia 1234',
				'billing_address_2'  => 'Depto 5',
				'billing_city'       => 'Santiago',
				'shipping_total'     => '3990.00',
				'shipping_tax'       => '0',
				'shipping_method'    => 'Despacho a domicilio',
				'total'              => '27970.00',
				'modified'           => 1767225600,
			)
		);
		$o->items['line_item'] = array(
			11 => new Fake_Item( array( 'name' => 'Café de origen 250 g', 'quantity' => 2, 'subtotal' => '23980.00', 'total' => '23980.00', 'sku' => 'CAFE-250' ) ),
			12 => new Fake_Item( array( 'name' => 'Taza', 'quantity' => 1, 'subtotal' => '5000.00', 'total' => '4000.00' ) ),
		);
		$o->items['shipping'] = array( 13 => new Fake_Item( array( 'name' => 'Despacho' ) ) );
		$o->meta = array(
			'_wc_other/timbre/document-type' => 'factura',
			'_wc_other/timbre/rut'           => '76.192.083-9',
			'_wc_other/timbre/business-name' => 'Comercial Los Andes SpA',
			'_wc_other/timbre/activity'      => 'Venta al por menor',
			'_wc_billing/timbre/comuna'      => 'Providencia',
		);
		return $o;
	}

	public function test_maps_a_paid_factura_order_in_whole_pesos() {
		$p = ( new Timbre_Order_Mapper( array( 'processing', 'completed' ) ) )->order( $this->order() );
		$this->assertSame( '1001', $p['externalId'] );
		$this->assertSame( 'paid', $p['status'] );
		$this->assertSame( '2026-01-01T00:00:00Z', $p['updatedAt'] );
		$this->assertSame( array( 'externalId' => '11', 'name' => 'Café de origen 250 g', 'quantity' => 2.0, 'unitPrice' => 11990, 'discount' => 0, 'sku' => 'CAFE-250' ), $p['lines'][0] );
		$this->assertSame( 1000, $p['lines'][1]['discount'] );
		$this->assertArrayNotHasKey( 'sku', $p['lines'][1] );
		$this->assertSame( array( 'name' => 'Despacho a domicilio', 'price' => 3990 ), $p['shipping'] );
		$this->assertSame( 'factura', $p['buyer']['document'] );
		$this->assertSame( '76192083-9', $p['buyer']['rut'] );
		$this->assertSame( 'Comercial Los Andes SpA', $p['buyer']['businessName'] );
		$this->assertSame( 'Providencia', $p['buyer']['commune'] );
		$this->assertSame( 'Av. Providencia 1234 Depto 5', $p['buyer']['address'] );
	}

	public function test_statuses() {
		$m = new Timbre_Order_Mapper( array( 'completed' ) );
		$this->assertSame( 'pending', $m->status( 'processing' ) );
		$this->assertSame( 'paid', $m->status( 'completed' ) );
		$this->assertSame( 'cancelled', $m->status( 'cancelled' ) );
		$this->assertSame( 'refunded', $m->status( 'refunded' ) );
		$this->assertSame( 'pending', $m->status( 'on-hold' ) );
	}

	public function test_a_boleta_order_carries_no_fiscal_data() {
		$o = $this->order();
		$o->meta['_wc_other/timbre/document-type'] = 'boleta';
		$p = ( new Timbre_Order_Mapper( array( 'processing' ) ) )->order( $o );
		$this->assertSame( 'boleta', $p['buyer']['document'] );
		$this->assertArrayNotHasKey( 'rut', $p['buyer'] );
	}

	private function refund( $id, $amount, array $lines, $shipping = false, $created = 1767225700 ) {
		$r = new Fake_Order( array( 'id' => $id, 'amount' => $amount, 'reason' => '', 'created' => $created ) );
		foreach ( $lines as $item => $qty ) {
			$r->items['line_item'][] = new Fake_Item( array( 'quantity' => -$qty, 'meta' => array( '_refunded_item_id' => (string) $item ) ) );
		}
		if ( $shipping ) {
			$r->items['shipping'][] = new Fake_Item( array() );
		}
		return $r;
	}

	public function test_a_refund_by_line_names_the_lines() {
		$o      = $this->order();
		$refund = $this->refund( 2001, '11990', array( 11 => 1 ) );
		$o->refunds = array( $refund );
		$p = ( new Timbre_Order_Mapper( array( 'processing' ) ) )->refund( $o, $refund );
		$this->assertSame( array( 'externalId' => '2001', 'reason' => 'Devolución', 'lines' => array( array( 'externalId' => '11', 'quantity' => 1.0 ) ), 'shipping' => false ), $p );
	}

	public function test_an_amount_only_refund_of_everything_left_credits_what_is_left() {
		$o      = $this->order();
		$first  = $this->refund( 2001, '11990', array( 11 => 1 ), false, 1767225700 );
		$last   = $this->refund( 2002, '15980', array(), false, 1767225800 );
		$o->refunds = array( $last, $first );
		$p = ( new Timbre_Order_Mapper( array( 'processing' ) ) )->refund( $o, $last );
		$this->assertSame( array( array( 'externalId' => '11', 'quantity' => 1.0 ), array( 'externalId' => '12', 'quantity' => 1.0 ) ), $p['lines'] );
		$this->assertTrue( $p['shipping'] );
	}

	public function test_a_partial_amount_only_refund_cannot_become_a_credit_note() {
		$o      = $this->order();
		$refund = $this->refund( 2001, '1000', array() );
		$o->refunds = array( $refund );
		$this->assertNull( ( new Timbre_Order_Mapper( array( 'processing' ) ) )->refund( $o, $refund ) );
	}
}
