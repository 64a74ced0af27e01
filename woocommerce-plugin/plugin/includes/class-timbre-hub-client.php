<?php
/**
 * Signed requests to the hub's sync API. The secret stays on this server: the admin screens in the
 * browser go through Timbre_Admin_Page's proxy, which signs here.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * HTTP client of the sync API.
 */
class Timbre_Hub_Client {

	/**
	 * Connection settings.
	 *
	 * @var Timbre_Config
	 */
	private $config;

	/**
	 * Constructor.
	 *
	 * @param Timbre_Config $config Connection settings.
	 */
	public function __construct( Timbre_Config $config ) {
		$this->config = $config;
	}

	/**
	 * X-Timbre-Signature: base64(HMAC-SHA256(secret, "<timestamp>\n<METHOD>\n<path and query>\n<body>")).
	 *
	 * @param string $secret    Store secret.
	 * @param string $timestamp Unix seconds.
	 * @param string $method    HTTP method.
	 * @param string $target    Path and query, exactly as sent.
	 * @param string $body      Raw body ('' for none).
	 * @return string
	 */
	public static function sign( $secret, $timestamp, $method, $target, $body ) {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the wire format is base64.
		return base64_encode( hash_hmac( 'sha256', $timestamp . "\n" . strtoupper( $method ) . "\n" . $target . "\n" . $body, $secret, true ) );
	}

	/**
	 * Sends one request. Never throws: network failures come back as status 0.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path under the hub URL, starting with /api/v1/.
	 * @param array|null $data   JSON body.
	 * @param array      $args   Extra wp_remote_request arguments (timeout).
	 * @return array{status:int, body:mixed, raw:string, error:string, retry:bool}
	 */
	public function request( $method, $path, $data = null, $args = array() ) {
		if ( ! $this->config->is_connected() ) {
			return array(
				'status' => 0,
				'body'   => null,
				'raw'    => '',
				'error'  => __( 'La tienda aún no está conectada con Timbre.', 'timbre-woocommerce' ),
				'retry'  => true,
			);
		}
		$url       = $this->config->hub_url() . $path;
		$parts     = wp_parse_url( $url );
		$target    = ( isset( $parts['path'] ) ? $parts['path'] : '/' ) . ( isset( $parts['query'] ) ? '?' . $parts['query'] : '' );
		$body      = null === $data ? '' : wp_json_encode( $data );
		$timestamp = (string) time();
		$headers   = array(
			'Authorization'   => 'Bearer ' . $this->config->api_key(),
			'Accept'          => 'application/json',
			'Accept-Language' => 'es-CL',
		);
		$headers['X-Timbre-Timestamp'] = $timestamp;
		$headers['X-Timbre-Signature'] = self::sign( $this->config->secret(), $timestamp, $method, $target, $body );
		if ( null !== $data ) {
			$headers['Content-Type'] = 'application/json';
		}
		$response = wp_remote_request(
			$url,
			array_merge(
				array(
					'method'      => $method,
					'headers'     => $headers,
					'body'        => null === $data ? null : $body,
					'timeout'     => 15,
					'redirection' => 0,
				),
				$args
			)
		);
		if ( is_wp_error( $response ) ) {
			return array(
				'status' => 0,
				'body'   => null,
				'raw'    => '',
				'error'  => $response->get_error_message(),
				'retry'  => true,
			);
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$raw    = (string) wp_remote_retrieve_body( $response );
		$json   = json_decode( $raw, true );
		return array(
			'status' => $status,
			'body'   => $json,
			'raw'    => $raw,
			'error'  => $status >= 400 ? self::error_message( $json, $status ) : '',
			'retry'  => self::is_retryable( $status ),
		);
	}

	/**
	 * Whether sending again later can help: the hub was down, busy or refused our keys (they may be
	 * fixed by reconnecting); a 4xx about the order itself will not change by retrying.
	 *
	 * @param int $status HTTP status (0: no answer).
	 * @return bool
	 */
	public static function is_retryable( $status ) {
		return 0 === $status || 401 === $status || 408 === $status || 429 === $status || $status >= 500;
	}

	/**
	 * The hub's Spanish message for an error answer.
	 *
	 * @param mixed $json   Decoded body.
	 * @param int   $status HTTP status.
	 * @return string
	 */
	public static function error_message( $json, $status ) {
		if ( is_array( $json ) && isset( $json['error'] ) && is_array( $json['error'] ) ) {
			$error = $json['error'];
			if ( isset( $error['message'] ) && is_string( $error['message'] ) ) {
				return $error['message'];
			}
			if ( isset( $error['message']['es'] ) ) {
				return (string) $error['message']['es'];
			}
		}
		if ( is_array( $json ) && isset( $json['message'] ) && is_string( $json['message'] ) ) {
			return $json['message'];
		}
		/* translators: %d: HTTP status code */
		return sprintf( __( 'Timbre respondió con un error (%d).', 'timbre-woocommerce' ), $status );
	}
}
