<?php
// phpcs:ignoreFile -- tests.
use PHPUnit\Framework\TestCase;

final class RutTest extends TestCase {
	public function test_accepts_valid_ruts_as_people_type_them() {
		foreach ( array( '76.192.083-9', '76192083-9', '761920839', ' 12 345 678 5 ', '12.345.678-5', '11.111.111-1', '7.654.321-6', '8.888.888-K' ) as $rut ) {
			$this->assertTrue( Timbre_Rut::is_valid( $rut ), $rut );
		}
		$this->assertTrue( Timbre_Rut::is_valid( '10.000.013-k' ), 'lowercase k' );
	}

	public function test_refuses_a_wrong_check_digit_and_garbage() {
		foreach ( array( '76.192.083-8', '12.345.678-K', '', 'abc', '0-0', '123456789012-3', '12.345.678' ) as $rut ) {
			$this->assertFalse( Timbre_Rut::is_valid( $rut ), $rut );
		}
	}

	public function test_check_digit_covers_0_and_k() {
		$this->assertSame( 'K', Timbre_Rut::check_digit( 10000013 ) );
		$this->assertSame( '0', Timbre_Rut::check_digit( 10000004 ) );
	}

	public function test_normalizes_to_the_sii_form_and_displays_with_dots() {
		$this->assertSame( '76192083-9', Timbre_Rut::normalize( '76.192.083-9' ) );
		$this->assertSame( '10000013-K', Timbre_Rut::normalize( '10000013k' ) );
		$this->assertNull( Timbre_Rut::normalize( '76.192.083-8' ) );
		$this->assertSame( '76.192.083-9', Timbre_Rut::display( '761920839' ) );
	}
}
