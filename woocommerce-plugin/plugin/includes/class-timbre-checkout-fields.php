<?php
/**
 * Boleta or factura at checkout, in the block checkout (additional checkout fields API, so the Store
 * API takes them under `additional_fields`) and in the classic checkout (field filters), both
 * stored as the same order fields. Plus a comuna select for Chilean addresses.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

use Automattic\WooCommerce\Blocks\Package;
use Automattic\WooCommerce\Blocks\Domain\Services\CheckoutFields;

/**
 * Checkout fields and their validation.
 */
class Timbre_Checkout_Fields {

	const DOCUMENT_TYPE = 'timbre/document-type';
	const RUT           = 'timbre/rut';
	const BUSINESS_NAME = 'timbre/business-name';
	const ACTIVITY      = 'timbre/activity';
	const COMUNA        = 'timbre/comuna';

	/**
	 * Hooks everything in.
	 */
	public static function register() {
		add_action( 'woocommerce_init', array( __CLASS__, 'register_block_fields' ) );
		add_filter( 'woocommerce_checkout_fields', array( __CLASS__, 'classic_fields' ) );
		add_action( 'woocommerce_after_checkout_validation', array( __CLASS__, 'classic_validate' ), 10, 2 );
		add_action( 'woocommerce_checkout_create_order', array( __CLASS__, 'classic_save' ), 10, 2 );
		add_action( 'wp_enqueue_scripts', array( __CLASS__, 'classic_script' ) );
	}

	/**
	 * Comunas of Chile by region, generated from the hub's list at build time.
	 *
	 * @return array<string, string[]> Region name => comuna names.
	 */
	public static function comunas() {
		static $comunas = null;
		if ( null === $comunas ) {
			$comunas = require __DIR__ . '/comunas.php';
		}
		return $comunas;
	}

	/**
	 * Comunas as select options, alphabetically.
	 *
	 * @return array<int, array{value:string,label:string}>
	 */
	public static function comuna_options() {
		$names = array();
		foreach ( self::comunas() as $list ) {
			$names = array_merge( $names, $list );
		}
		sort( $names, SORT_LOCALE_STRING );
		return array_map(
			function ( $name ) {
				return array(
					'value' => $name,
					'label' => $name,
				);
			},
			array_values( array_unique( $names ) )
		);
	}

	/**
	 * JSON-schema rule: true when the shopper chose factura.
	 *
	 * @return array
	 */
	private static function when_factura() {
		return array(
			'checkout' => array(
				'properties' => array(
					'additional_fields' => array(
						'properties' => array(
							self::DOCUMENT_TYPE => array( 'const' => 'factura' ),
						),
						'required'   => array( self::DOCUMENT_TYPE ),
					),
				),
			),
		);
	}

	/**
	 * JSON-schema rule: true when the shopper did not choose factura.
	 *
	 * @return array
	 */
	private static function unless_factura() {
		return array(
			'checkout' => array(
				'properties' => array(
					'additional_fields' => array(
						'properties' => array(
							self::DOCUMENT_TYPE => array( 'not' => array( 'const' => 'factura' ) ),
						),
					),
				),
			),
		);
	}

	/**
	 * The block checkout's fields (WooCommerce 8.9+).
	 */
	public static function register_block_fields() {
		if ( ! function_exists( 'woocommerce_register_additional_checkout_field' ) ) {
			return;
		}
		woocommerce_register_additional_checkout_field(
			array(
				'id'       => self::DOCUMENT_TYPE,
				'label'    => __( 'Documento tributario', 'timbre-woocommerce' ),
				'location' => 'order',
				'type'     => 'select',
				'required' => true,
				'options'  => array(
					array(
						'value' => 'boleta',
						'label' => __( 'Boleta', 'timbre-woocommerce' ),
					),
					array(
						'value' => 'factura',
						'label' => __( 'Factura', 'timbre-woocommerce' ),
					),
				),
			)
		);
		$factura_fields = array(
			self::RUT           => array(
				'label'             => __( 'RUT de la empresa', 'timbre-woocommerce' ),
				'validate_callback' => array( __CLASS__, 'validate_rut_field' ),
				'sanitize_callback' => array( __CLASS__, 'sanitize_rut_field' ),
				'attributes'        => array(
					'autocomplete' => 'off',
					'maxLength'    => 12,
				),
			),
			self::BUSINESS_NAME => array(
				'label'      => __( 'Razón social', 'timbre-woocommerce' ),
				'attributes' => array(
					'autocomplete' => 'organization',
					'maxLength'    => 100,
				),
			),
			self::ACTIVITY      => array(
				'label'      => __( 'Giro', 'timbre-woocommerce' ),
				'attributes' => array( 'maxLength' => 40 ),
			),
		);
		foreach ( $factura_fields as $id => $field ) {
			woocommerce_register_additional_checkout_field(
				array_merge(
					$field,
					array(
						'id'                => $id,
						'location'          => 'order',
						'type'              => 'text',
						'required'          => self::when_factura(),
						'hidden'            => self::unless_factura(),
					)
				)
			);
		}
		woocommerce_register_additional_checkout_field(
			array(
				'id'       => self::COMUNA,
				'label'    => __( 'Comuna', 'timbre-woocommerce' ),
				'location' => 'address',
				'type'     => 'select',
				'options'  => self::comuna_options(),
				'required' => array(
					'customer' => array(
						'properties' => array(
							'address' => array(
								'properties' => array( 'country' => array( 'const' => 'CL' ) ),
							),
						),
					),
				),
				'hidden'   => array(
					'customer' => array(
						'properties' => array(
							'address' => array(
								'properties' => array( 'country' => array( 'not' => array( 'const' => 'CL' ) ) ),
							),
						),
					),
				),
			)
		);
		add_action( 'woocommerce_blocks_validate_location_order_fields', array( __CLASS__, 'validate_block_order_fields' ), 10, 2 );
	}

	/**
	 * The Spanish message for a factura RUT, or '' when it is fine.
	 *
	 * @param string $document 'boleta' or 'factura'.
	 * @param string $rut      What was typed.
	 * @return string
	 */
	public static function rut_problem( $document, $rut ) {
		if ( 'factura' !== $document ) {
			return '';
		}
		if ( '' === trim( (string) $rut ) ) {
			return __( 'Para emitir factura ingresa el RUT de la empresa.', 'timbre-woocommerce' );
		}
		if ( ! Timbre_Rut::is_valid( $rut ) ) {
			/* translators: %s: the RUT as typed */
			return sprintf( __( 'El RUT %s no es válido: revisa el número y el dígito verificador (por ejemplo 76.192.083-9).', 'timbre-woocommerce' ), trim( (string) $rut ) );
		}
		return '';
	}

	/**
	 * Per-field check of the block checkout's RUT (runs only when the field is shown: factura).
	 *
	 * @param mixed $value The posted RUT.
	 * @return WP_Error|null
	 */
	public static function validate_rut_field( $value ) {
		$problem = self::rut_problem( 'factura', (string) $value );
		return '' === $problem ? null : new WP_Error( 'timbre_invalid_rut', $problem );
	}

	/**
	 * Keeps a valid RUT in the SII's form (12345678-5), anything else as typed for the check to refuse.
	 *
	 * @param mixed $value The posted RUT.
	 * @return string
	 */
	public static function sanitize_rut_field( $value ) {
		$rut = Timbre_Rut::normalize( (string) $value );
		return null === $rut ? sanitize_text_field( (string) $value ) : $rut;
	}

	/**
	 * Cross-field check of the block checkout: a factura needs a valid RUT whatever the field rules.
	 *
	 * @param WP_Error $errors Errors to add to.
	 * @param array    $fields Posted order fields.
	 */
	public static function validate_block_order_fields( WP_Error $errors, $fields ) {
		$document = isset( $fields[ self::DOCUMENT_TYPE ] ) ? (string) $fields[ self::DOCUMENT_TYPE ] : '';
		$rut      = isset( $fields[ self::RUT ] ) ? (string) $fields[ self::RUT ] : '';
		$problem  = self::rut_problem( $document, $rut );
		if ( '' !== $problem && ! in_array( 'timbre_invalid_rut', $errors->get_error_codes(), true ) ) {
			$errors->add( 'timbre_invalid_rut', $problem );
		}
	}

	/**
	 * Classic checkout fields: the same ids, with the slash kept out of HTML names.
	 *
	 * @param array $fields WooCommerce's checkout fields.
	 * @return array
	 */
	public static function classic_fields( $fields ) {
		$fields['order']['timbre_document_type'] = array(
			'type'     => 'select',
			'label'    => __( 'Documento tributario', 'timbre-woocommerce' ),
			'required' => true,
			'options'  => array(
				'boleta'  => __( 'Boleta', 'timbre-woocommerce' ),
				'factura' => __( 'Factura', 'timbre-woocommerce' ),
			),
			'default'  => 'boleta',
			'priority' => 5,
		);
		$fields['order']['timbre_rut']           = array(
			'label'       => __( 'RUT de la empresa', 'timbre-woocommerce' ),
			'placeholder' => '76.192.083-9',
			'class'       => array( 'timbre-factura-field' ),
			'priority'    => 6,
		);
		$fields['order']['timbre_business_name'] = array(
			'label'    => __( 'Razón social', 'timbre-woocommerce' ),
			'class'    => array( 'timbre-factura-field' ),
			'priority' => 7,
		);
		$fields['order']['timbre_activity']      = array(
			'label'    => __( 'Giro', 'timbre-woocommerce' ),
			'class'    => array( 'timbre-factura-field' ),
			'priority' => 8,
		);
		$options = array( '' => __( 'Elige tu comuna', 'timbre-woocommerce' ) );
		foreach ( self::comuna_options() as $option ) {
			$options[ $option['value'] ] = $option['label'];
		}
		$fields['billing']['billing_timbre_comuna'] = array(
			'type'     => 'select',
			'label'    => __( 'Comuna', 'timbre-woocommerce' ),
			'options'  => $options,
			'class'    => array( 'form-row-wide', 'timbre-comuna-field' ),
			'priority' => 75,
		);
		return $fields;
	}

	/**
	 * Classic checkout validation: the same rule and message as the block checkout.
	 *
	 * @param array    $data   Posted checkout data.
	 * @param WP_Error $errors Errors to add to.
	 */
	public static function classic_validate( $data, $errors ) {
		$document = isset( $data['timbre_document_type'] ) ? (string) $data['timbre_document_type'] : 'boleta';
		$problem  = self::rut_problem( $document, isset( $data['timbre_rut'] ) ? (string) $data['timbre_rut'] : '' );
		if ( '' !== $problem ) {
			$errors->add( 'timbre_invalid_rut', $problem );
		}
		if ( 'factura' === $document ) {
			if ( empty( $data['timbre_business_name'] ) ) {
				$errors->add( 'timbre_business_name', __( 'Para emitir factura ingresa la razón social.', 'timbre-woocommerce' ) );
			}
			if ( empty( $data['timbre_activity'] ) ) {
				$errors->add( 'timbre_activity', __( 'Para emitir factura ingresa el giro de la empresa.', 'timbre-woocommerce' ) );
			}
		}
		if ( isset( $data['billing_country'] ) && 'CL' === $data['billing_country'] && empty( $data['billing_timbre_comuna'] ) ) {
			$errors->add( 'timbre_comuna', __( 'Elige la comuna de la dirección.', 'timbre-woocommerce' ) );
		}
	}

	/**
	 * Stores the classic checkout's values as the block checkout's fields, so everything downstream
	 * reads one place.
	 *
	 * @param WC_Order $order The order being created.
	 * @param array    $data  Posted checkout data.
	 */
	public static function classic_save( $order, $data ) {
		$document = isset( $data['timbre_document_type'] ) && 'factura' === $data['timbre_document_type'] ? 'factura' : 'boleta';
		$values   = array( self::DOCUMENT_TYPE => $document );
		if ( 'factura' === $document ) {
			$values[ self::RUT ]           = Timbre_Rut::normalize( (string) $data['timbre_rut'] );
			$values[ self::BUSINESS_NAME ] = sanitize_text_field( (string) $data['timbre_business_name'] );
			$values[ self::ACTIVITY ]      = sanitize_text_field( (string) $data['timbre_activity'] );
		}
		foreach ( $values as $key => $value ) {
			self::set_order_field( $order, $key, $value, 'other' );
		}
		if ( ! empty( $data['billing_timbre_comuna'] ) ) {
			self::set_order_field( $order, self::COMUNA, sanitize_text_field( (string) $data['billing_timbre_comuna'] ), 'billing' );
		}
	}

	/**
	 * Shows the factura fields only when factura is chosen, and the comuna only for Chile.
	 */
	public static function classic_script() {
		if ( ! function_exists( 'is_checkout' ) || ! is_checkout() ) {
			return;
		}
		wp_enqueue_script( 'timbre-classic-checkout', plugins_url( 'assets/classic-checkout.js', TIMBRE_WC_FILE ), array( 'jquery' ), TIMBRE_WC_VERSION, true );
	}

	/**
	 * Writes one of our fields where the block checkout keeps it.
	 *
	 * @param WC_Order $order Order.
	 * @param string   $key   Field id.
	 * @param string   $value Value.
	 * @param string   $group 'other', 'billing' or 'shipping'.
	 */
	private static function set_order_field( $order, $key, $value, $group ) {
		$controller = self::controller();
		if ( $controller && $controller->is_field( $key ) ) {
			$controller->persist_field_for_order( $key, $value, $order, $group, false );
			return;
		}
		$order->update_meta_data( '_wc_' . $group . '/' . $key, $value );
	}

	/**
	 * Reads one of our fields from an order, whichever checkout filled it.
	 *
	 * @param WC_Order $order Order.
	 * @param string   $key   Field id.
	 * @param string   $group 'other', 'billing' or 'shipping'.
	 * @return string
	 */
	public static function order_field( $order, $key, $group = 'other' ) {
		$controller = self::controller();
		if ( $controller && $controller->is_field( $key ) ) {
			return (string) $controller->get_field_from_object( $key, $order, $group );
		}
		return (string) $order->get_meta( '_wc_' . $group . '/' . $key );
	}

	/**
	 * WooCommerce's checkout fields service, when blocks are loaded.
	 *
	 * @return CheckoutFields|null
	 */
	private static function controller() {
		if ( ! class_exists( Package::class ) ) {
			return null;
		}
		try {
			return Package::container()->get( CheckoutFields::class );
		} catch ( Exception $e ) {
			return null;
		}
	}
}
