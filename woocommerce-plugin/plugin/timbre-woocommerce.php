<?php
/**
 * Plugin Name:          Timbre para WooCommerce
 * Plugin URI:           https://timbre.cl/woocommerce
 * Description:          Boleta y factura electrónica del SII para cada pedido pagado, stock desde tus bodegas y el documento en "Mi cuenta" y en el correo del pedido. Conecta tu tienda con Timbre.
 * Version:              0.1.0
 * Requires at least:    6.5
 * Requires PHP:         7.4
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.9
 * WC tested up to:      10.2
 * Author:               Timbre
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          timbre-woocommerce
 * Domain Path:          /languages
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

define( 'TIMBRE_WC_VERSION', '0.1.0' );
define( 'TIMBRE_WC_FILE', __FILE__ );
define( 'TIMBRE_WC_DIR', plugin_dir_path( __FILE__ ) );

require_once TIMBRE_WC_DIR . 'includes/class-timbre-rut.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-config.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-hub-client.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-checkout-fields.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-order-mapper.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-order-sync.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-order-views.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-admin-page.php';
require_once TIMBRE_WC_DIR . 'includes/class-timbre-connect.php';

// HPOS (custom order tables) and the cart/checkout blocks: every order access goes through WC CRUD.
add_action(
	'before_woocommerce_init',
	function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', TIMBRE_WC_FILE, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', TIMBRE_WC_FILE, true );
		}
	}
);

add_action(
	'init',
	function () {
		load_plugin_textdomain( 'timbre-woocommerce', false, dirname( plugin_basename( TIMBRE_WC_FILE ) ) . '/languages' );
	}
);

add_action(
	'plugins_loaded',
	function () {
		if ( ! class_exists( 'WooCommerce' ) ) {
			return;
		}
		$config = new Timbre_Config();
		$client = new Timbre_Hub_Client( $config );
		Timbre_Checkout_Fields::register();
		( new Timbre_Order_Sync( $config, $client ) )->register();
		( new Timbre_Order_Views( $config, $client ) )->register();
		( new Timbre_Admin_Page( $config, $client ) )->register();
		( new Timbre_Connect( $config ) )->register();
	}
);
