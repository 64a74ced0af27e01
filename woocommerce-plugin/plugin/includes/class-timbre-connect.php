<?php
/**
 * "Conectar con Timbre": the merchant approves on the hub, the plugin creates WooCommerce REST keys
 * and hands them to the hub server-to-server with the hub's one-time code, and keeps the API key and
 * secret the hub answers. Nothing is copied by hand. (WooCommerce's own /wc-auth/v1/authorize flow
 * needs an HTTPS callback, which shops on plain HTTP or behind a proxy cannot always give.)
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * The connection flow.
 */
class Timbre_Connect {

	/**
	 * Settings.
	 *
	 * @var Timbre_Config
	 */
	private $config;

	/**
	 * Constructor.
	 *
	 * @param Timbre_Config $config Settings.
	 */
	public function __construct( Timbre_Config $config ) {
		$this->config = $config;
	}

	/**
	 * Hooks in.
	 */
	public function register() {
		add_action( 'admin_post_timbre_connect_start', array( $this, 'start' ) );
		add_action( 'admin_post_timbre_connect_return', array( $this, 'finish' ) );
	}

	/**
	 * Where the hub sends the merchant back.
	 *
	 * @return string
	 */
	private function return_url() {
		return admin_url( 'admin-post.php?action=timbre_connect_return' );
	}

	/**
	 * The plugin's page, with a notice code.
	 *
	 * @param string $notice Notice code.
	 * @return string
	 */
	private function page_url( $notice ) {
		return add_query_arg( 'timbre_notice', $notice, admin_url( 'admin.php?page=timbre' ) );
	}

	/**
	 * Step 1: to the hub's approval page.
	 */
	public function start() {
		check_admin_referer( 'timbre_connect_start' );
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'No tienes permiso para conectar la tienda.', 'timbre-woocommerce' ), 403 );
		}
		$hub = defined( 'TIMBRE_HUB_URL' ) ? (string) TIMBRE_HUB_URL : ( isset( $_POST['hub_url'] ) ? esc_url_raw( wp_unslash( $_POST['hub_url'] ) ) : '' );
		if ( '' === $hub || ! wp_http_validate_url( $hub ) ) {
			wp_safe_redirect( $this->page_url( 'bad_hub_url' ) );
			exit;
		}
		update_option( Timbre_Config::OPTION_HUB_URL, untrailingslashit( $hub ), false );
		$state = wp_generate_password( 32, false );
		set_transient( 'timbre_connect_' . get_current_user_id(), $state, 30 * MINUTE_IN_SECONDS );
		$url = add_query_arg(
			array(
				'site'       => rawurlencode( home_url() ),
				'name'       => rawurlencode( get_bloginfo( 'name' ) ),
				'return_url' => rawurlencode( $this->return_url() ),
				'state'      => rawurlencode( $state ),
			),
			untrailingslashit( $hub ) . '/woocommerce/connect'
		);
		// phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- the hub is another host by design.
		wp_redirect( $url );
		exit;
	}

	/**
	 * Step 2: back from the hub with its code.
	 */
	public function finish() {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'No tienes permiso para conectar la tienda.', 'timbre-woocommerce' ), 403 );
		}
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the state parameter is this flow's nonce.
		$state = isset( $_GET['state'] ) ? sanitize_text_field( wp_unslash( $_GET['state'] ) ) : '';
		$code  = isset( $_GET['code'] ) ? sanitize_text_field( wp_unslash( $_GET['code'] ) ) : '';
		// phpcs:enable
		$expected = get_transient( 'timbre_connect_' . get_current_user_id() );
		delete_transient( 'timbre_connect_' . get_current_user_id() );
		if ( ! is_string( $expected ) || '' === $state || ! hash_equals( $expected, $state ) || '' === $code ) {
			wp_safe_redirect( $this->page_url( 'connect_expired' ) );
			exit;
		}
		$keys   = self::create_rest_keys( get_current_user_id() );
		$result = wp_remote_post(
			$this->config->hub_url() . '/woocommerce/connect/complete',
			array(
				'headers'     => array( 'Content-Type' => 'application/json' ),
				'body'        => wp_json_encode(
					array(
						'code'           => $code,
						'site'           => home_url(),
						'consumerKey'    => $keys['consumer_key'],
						'consumerSecret' => $keys['consumer_secret'],
					)
				),
				'timeout'     => 30,
				'redirection' => 0,
			)
		);
		$status = is_wp_error( $result ) ? 0 : (int) wp_remote_retrieve_response_code( $result );
		$body   = is_wp_error( $result ) ? null : json_decode( (string) wp_remote_retrieve_body( $result ), true );
		if ( 200 !== $status || ! is_array( $body ) || empty( $body['apiKey'] ) || empty( $body['secret'] ) ) {
			self::delete_rest_keys( $keys['key_id'] );
			wp_safe_redirect( $this->page_url( 'connect_failed' ) );
			exit;
		}
		$this->config->save_connection( $this->config->hub_url(), (string) $body['apiKey'], (string) $body['secret'], (string) $body['storeId'] );
		wp_safe_redirect( $this->page_url( 'connected' ) );
		exit;
	}

	/**
	 * Read/write REST keys for a user, stored the way WooCommerce stores its own (hashed key).
	 *
	 * @param int $user_id Owner of the keys.
	 * @return array{key_id:int, consumer_key:string, consumer_secret:string}
	 */
	public static function create_rest_keys( $user_id ) {
		global $wpdb;
		$consumer_key    = 'ck_' . wc_rand_hash();
		$consumer_secret = 'cs_' . wc_rand_hash();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- WooCommerce has no public API to create keys.
		$wpdb->insert(
			$wpdb->prefix . 'woocommerce_api_keys',
			array(
				'user_id'         => $user_id,
				'description'     => 'Timbre - ' . gmdate( 'Y-m-d H:i' ),
				'permissions'     => 'read_write',
				'consumer_key'    => wc_api_hash( $consumer_key ),
				'consumer_secret' => $consumer_secret,
				'truncated_key'   => substr( $consumer_key, -7 ),
			),
			array( '%d', '%s', '%s', '%s', '%s', '%s' )
		);
		return array(
			'key_id'          => (int) $wpdb->insert_id,
			'consumer_key'    => $consumer_key,
			'consumer_secret' => $consumer_secret,
		);
	}

	/**
	 * Removes keys the hub did not take.
	 *
	 * @param int $key_id Key row id.
	 */
	public static function delete_rest_keys( $key_id ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
		$wpdb->delete( $wpdb->prefix . 'woocommerce_api_keys', array( 'key_id' => (int) $key_id ), array( '%d' ) );
	}
}
