<?php
/**
 * Where the hub is and how the store signs to it. Constants in wp-config.php (managed hosting)
 * override what "Conectar con Timbre" saved.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's connection settings.
 */
class Timbre_Config {

	const OPTION_HUB_URL  = 'timbre_hub_url';
	const OPTION_API_KEY  = 'timbre_api_key';
	const OPTION_SECRET   = 'timbre_secret';
	const OPTION_STORE_ID = 'timbre_store_id';
	const OPTION_STATUSES = 'timbre_paid_statuses';

	/**
	 * A constant when defined, else the option.
	 *
	 * @param string $constant Constant name.
	 * @param string $option   Option name.
	 * @return string
	 */
	private function value( $constant, $option ) {
		if ( defined( $constant ) && '' !== (string) constant( $constant ) ) {
			return (string) constant( $constant );
		}
		return (string) get_option( $option, '' );
	}

	/**
	 * The hub's base URL, without a trailing slash.
	 *
	 * @return string
	 */
	public function hub_url() {
		return untrailingslashit( $this->value( 'TIMBRE_HUB_URL', self::OPTION_HUB_URL ) );
	}

	/**
	 * The store's API key (Authorization: Bearer).
	 *
	 * @return string
	 */
	public function api_key() {
		return $this->value( 'TIMBRE_API_KEY', self::OPTION_API_KEY );
	}

	/**
	 * The store's signing secret; never leaves the server.
	 *
	 * @return string
	 */
	public function secret() {
		return $this->value( 'TIMBRE_SECRET', self::OPTION_SECRET );
	}

	/**
	 * True when the three constants are set in wp-config.php: the settings page cannot change them.
	 *
	 * @return bool
	 */
	public function from_constants() {
		return defined( 'TIMBRE_HUB_URL' ) && defined( 'TIMBRE_API_KEY' ) && defined( 'TIMBRE_SECRET' );
	}

	/**
	 * True when the plugin can talk to the hub.
	 *
	 * @return bool
	 */
	public function is_connected() {
		return '' !== $this->hub_url() && '' !== $this->api_key() && '' !== $this->secret();
	}

	/**
	 * Order statuses that mean "paid" for this shop (without the wc- prefix).
	 *
	 * @return string[]
	 */
	public function paid_statuses() {
		$statuses = get_option( self::OPTION_STATUSES, array( 'processing', 'completed' ) );
		return is_array( $statuses ) && array() !== $statuses ? array_values( $statuses ) : array( 'processing', 'completed' );
	}

	/**
	 * Saves what the hub handed over when the store was connected.
	 *
	 * @param string $hub_url  Hub base URL.
	 * @param string $api_key  Store API key.
	 * @param string $secret   Store signing secret.
	 * @param string $store_id The hub's id of this store.
	 */
	public function save_connection( $hub_url, $api_key, $secret, $store_id ) {
		update_option( self::OPTION_HUB_URL, esc_url_raw( $hub_url ), false );
		update_option( self::OPTION_API_KEY, $api_key, false );
		update_option( self::OPTION_SECRET, $secret, false );
		update_option( self::OPTION_STORE_ID, $store_id, false );
	}
}
