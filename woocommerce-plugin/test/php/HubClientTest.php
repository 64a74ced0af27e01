<?php
// phpcs:ignoreFile -- tests.
use PHPUnit\Framework\TestCase;

final class HubClientTest extends TestCase {
	public function test_signature_covers_timestamp_method_path_and_body() {
		// Vector computed independently: printf '1767225600\nPOST\n/api/v1/orders\n{"a":1}' | openssl dgst -sha256 -hmac s3cret -binary | base64
		$expected = trim( shell_exec( "printf '1767225600\\nPOST\\n/api/v1/orders\\n{\"a\":1}' | openssl dgst -sha256 -hmac s3cret -binary | base64" ) );
		$this->assertSame( $expected, Timbre_Hub_Client::sign( 's3cret', '1767225600', 'post', '/api/v1/orders', '{"a":1}' ) );
		$this->assertNotSame( $expected, Timbre_Hub_Client::sign( 's3cret', '1767225600', 'PUT', '/api/v1/orders', '{"a":1}' ) );
		$this->assertNotSame( $expected, Timbre_Hub_Client::sign( 's3cret', '1767225601', 'POST', '/api/v1/orders', '{"a":1}' ) );
	}

	public function test_retries_only_what_can_change_by_waiting() {
		foreach ( array( 0, 401, 408, 429, 500, 502, 503 ) as $s ) {
			$this->assertTrue( Timbre_Hub_Client::is_retryable( $s ), "$s" );
		}
		foreach ( array( 400, 404, 409, 422 ) as $s ) {
			$this->assertFalse( Timbre_Hub_Client::is_retryable( $s ), "$s" );
		}
	}

	public function test_reads_the_hubs_spanish_message() {
		$this->assertSame( 'RUT inválido.', Timbre_Hub_Client::error_message( array( 'error' => array( 'code' => 'x', 'message' => 'RUT inválido.', 'messageEn' => 'Bad RUT.' ) ), 400 ) );
		$this->assertSame( 'Timbre respondió con un error (502).', Timbre_Hub_Client::error_message( null, 502 ) );
	}

	public function test_backoff_grows_and_is_capped_at_an_hour() {
		$this->assertSame( 15, Timbre_Order_Sync::backoff( 1 ) );
		$this->assertSame( 30, Timbre_Order_Sync::backoff( 2 ) );
		$this->assertSame( 60, Timbre_Order_Sync::backoff( 3 ) );
		$this->assertSame( 3600, Timbre_Order_Sync::backoff( 40 ) );
	}

	public function test_admin_proxy_allows_only_the_admin_apps_paths() {
		$this->assertTrue( Timbre_Admin_Page::is_allowed( 'orders' ) );
		$this->assertTrue( Timbre_Admin_Page::is_allowed( 'orders/1001/issue' ) );
		$this->assertTrue( Timbre_Admin_Page::is_allowed( 'sync/status' ) );
		$this->assertFalse( Timbre_Admin_Page::is_allowed( 'ordersx' ) );
		$this->assertFalse( Timbre_Admin_Page::is_allowed( 'orders/../stores' ) );
		$this->assertFalse( Timbre_Admin_Page::is_allowed( 'stores' ) );
		$this->assertFalse( Timbre_Admin_Page::is_allowed( 'sync' ) );
	}
}
