<?php
/**
 * PHP unit tests of the plugin's own logic, outside WordPress: the few WordPress functions those
 * classes call are defined here with WordPress's behaviour. What needs WordPress and WooCommerce
 * running is tested against the real shop (test/platforms).
 *
 * @package Timbre
 */

// phpcs:ignoreFile -- test scaffolding.
define( 'ABSPATH', __DIR__ . '/' );
define( 'TIMBRE_WC_FILE', __DIR__ . '/../../plugin/timbre-woocommerce.php' );
define( 'TIMBRE_WC_VERSION', 'test' );

function __( $text, $domain = 'default' ) { return $text; }
function esc_html__( $text, $domain = 'default' ) { return $text; }
function wp_strip_all_tags( $text ) { return trim( strip_tags( (string) $text ) ); }
function is_email( $email ) { return false !== filter_var( $email, FILTER_VALIDATE_EMAIL ); }
function number_format_i18n( $n ) { return number_format( (float) $n, 0, ',', '.' ); }
function wp_parse_url( $url, $component = -1 ) { return parse_url( $url, $component ); }
function untrailingslashit( $s ) { return rtrim( $s, '/\\' ); }
function get_option( $name, $default = false ) { return $GLOBALS['timbre_test_options'][ $name ] ?? $default; }

$plugin = __DIR__ . '/../../plugin/includes/';
require_once $plugin . 'class-timbre-rut.php';
require_once $plugin . 'class-timbre-config.php';
require_once $plugin . 'class-timbre-hub-client.php';
require_once $plugin . 'class-timbre-order-mapper.php';
require_once $plugin . 'class-timbre-order-sync.php';
require_once $plugin . 'class-timbre-admin-page.php';
require_once __DIR__ . '/fake-order.php';

// The checkout-fields class reads our fields from order meta when WooCommerce's service is absent.
class Timbre_Checkout_Fields {
	const DOCUMENT_TYPE = 'timbre/document-type';
	const RUT           = 'timbre/rut';
	const BUSINESS_NAME = 'timbre/business-name';
	const ACTIVITY      = 'timbre/activity';
	const COMUNA        = 'timbre/comuna';
	public static function order_field( $order, $key, $group = 'other' ) {
		return (string) $order->get_meta( '_wc_' . $group . '/' . $key );
	}
}
