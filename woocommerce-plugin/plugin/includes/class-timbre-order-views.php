<?php
/**
 * The document where people look for it: the admin order screen (type, folio, SII state, PDF, XML,
 * "Emitir ahora" and why a pending order waits), "Mi cuenta → Pedidos" and the order e-mails.
 * The hub writes timbre_* meta on the order through the REST API; the admin box also asks the hub
 * for what is live (pending reasons, credit notes).
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * Order screens, account pages and e-mails.
 */
class Timbre_Order_Views {

	/**
	 * Settings.
	 *
	 * @var Timbre_Config
	 */
	private $config;

	/**
	 * Hub client.
	 *
	 * @var Timbre_Hub_Client
	 */
	private $client;

	/**
	 * Constructor.
	 *
	 * @param Timbre_Config     $config Settings.
	 * @param Timbre_Hub_Client $client Hub client.
	 */
	public function __construct( Timbre_Config $config, Timbre_Hub_Client $client ) {
		$this->config = $config;
		$this->client = $client;
	}

	/**
	 * Hooks in.
	 */
	public function register() {
		add_action( 'add_meta_boxes', array( $this, 'add_meta_box' ), 10, 2 );
		add_action( 'admin_post_timbre_issue_now', array( $this, 'issue_now' ) );
		add_filter( 'woocommerce_my_account_my_orders_actions', array( $this, 'account_actions' ), 10, 2 );
		add_action( 'woocommerce_order_details_after_order_table', array( $this, 'order_details' ) );
		add_action( 'woocommerce_email_order_meta', array( $this, 'email_meta' ), 10, 3 );
	}

	/**
	 * Spanish name of an SII document type.
	 *
	 * @param int $type SII code.
	 * @return string
	 */
	public static function type_name( $type ) {
		$names = array(
			39 => __( 'Boleta electrónica', 'timbre-woocommerce' ),
			41 => __( 'Boleta exenta electrónica', 'timbre-woocommerce' ),
			33 => __( 'Factura electrónica', 'timbre-woocommerce' ),
			34 => __( 'Factura exenta electrónica', 'timbre-woocommerce' ),
			61 => __( 'Nota de crédito electrónica', 'timbre-woocommerce' ),
			56 => __( 'Nota de débito electrónica', 'timbre-woocommerce' ),
		);
		return isset( $names[ (int) $type ] ) ? $names[ (int) $type ] : __( 'Documento electrónico', 'timbre-woocommerce' );
	}

	/**
	 * Spanish name of a document's state at the SII.
	 *
	 * @param string $state Hub state.
	 * @return string
	 */
	public static function state_name( $state ) {
		$names = array(
			'issued'                   => __( 'Emitido, por enviar al SII', 'timbre-woocommerce' ),
			'sent'                     => __( 'Enviado al SII, esperando respuesta', 'timbre-woocommerce' ),
			'accepted'                 => __( 'Aceptado por el SII', 'timbre-woocommerce' ),
			'accepted_with_objections' => __( 'Aceptado con reparos por el SII', 'timbre-woocommerce' ),
			'rejected'                 => __( 'Rechazado por el SII', 'timbre-woocommerce' ),
		);
		return isset( $names[ $state ] ) ? $names[ $state ] : __( 'En proceso', 'timbre-woocommerce' );
	}

	/**
	 * "Boleta electrónica N° 123".
	 *
	 * @param int $type  SII code.
	 * @param int $folio Folio.
	 * @return string
	 */
	public static function title( $type, $folio ) {
		/* translators: 1: document name, 2: folio */
		return sprintf( __( '%1$s N° %2$s', 'timbre-woocommerce' ), self::type_name( $type ), number_format_i18n( (int) $folio ) );
	}

	/**
	 * The sale document written back on the order, or null.
	 *
	 * @param WC_Order $order Order.
	 * @return array{type:int,folio:int,pdf:string,xml:string,state:string}|null
	 */
	public static function written_back( $order ) {
		$folio = (int) $order->get_meta( 'timbre_folio' );
		if ( $folio <= 0 ) {
			return null;
		}
		return array(
			'type'  => (int) $order->get_meta( 'timbre_document_type' ),
			'folio' => $folio,
			'pdf'   => (string) $order->get_meta( 'timbre_pdf_url' ),
			'xml'   => (string) $order->get_meta( 'timbre_xml_url' ),
			'state' => (string) $order->get_meta( 'timbre_sii_state' ),
		);
	}

	/**
	 * The box on the order screen, HPOS or posts.
	 *
	 * @param string $screen_id Screen or post type.
	 * @param mixed  $object    Post or order.
	 */
	public function add_meta_box( $screen_id, $object = null ) {
		$screens = array( 'shop_order', 'woocommerce_page_wc-orders' );
		if ( ! in_array( $screen_id, $screens, true ) ) {
			return;
		}
		add_meta_box( 'timbre-document', __( 'Documento tributario (Timbre)', 'timbre-woocommerce' ), array( $this, 'render_meta_box' ), $screen_id, 'side', 'high' );
	}

	/**
	 * Renders the box.
	 *
	 * @param mixed $object WP_Post (posts storage) or WC_Order (HPOS).
	 */
	public function render_meta_box( $object ) {
		$order = $object instanceof WC_Order ? $object : wc_get_order( $object->ID );
		if ( ! $order ) {
			return;
		}
		if ( ! $this->config->is_connected() ) {
			echo '<p>' . esc_html__( 'Conecta la tienda con Timbre en WooCommerce → Timbre para emitir boletas y facturas.', 'timbre-woocommerce' ) . '</p>';
			return;
		}
		$problem = (string) $order->get_meta( Timbre_Order_Sync::META_PROBLEM );
		if ( '' !== $problem ) {
			echo '<p class="timbre-problem"><strong>' . esc_html__( 'Timbre no recibió este pedido:', 'timbre-woocommerce' ) . '</strong> ' . esc_html( $problem ) . '</p>';
		}
		$live   = $this->client->request( 'GET', '/api/v1/orders/' . rawurlencode( (string) $order->get_id() ), null, array( 'timeout' => 5 ) );
		$hub    = 200 === $live['status'] && isset( $live['body']['order'] ) ? $live['body']['order'] : null;
		$stored = self::written_back( $order );
		if ( null !== $hub && ! empty( $hub['documents'] ) ) {
			echo '<ul class="timbre-documents">';
			foreach ( $hub['documents'] as $doc ) {
				$is_sale = 'sale' === $doc['kind'];
				$pdf     = $is_sale && $stored ? $stored['pdf'] : '';
				$xml     = $is_sale && $stored ? $stored['xml'] : '';
				echo '<li><strong>' . esc_html( self::title( $doc['type'], $doc['folio'] ) ) . '</strong><br>';
				echo esc_html( self::state_name( $doc['state'] ) );
				if ( '' !== $pdf ) {
					echo '<br><a href="' . esc_url( $pdf ) . '" target="_blank" rel="noopener">' . esc_html__( 'Ver PDF', 'timbre-woocommerce' ) . '</a>';
				}
				if ( '' !== $xml ) {
					echo ' · <a href="' . esc_url( $xml ) . '" target="_blank" rel="noopener">' . esc_html__( 'Descargar XML', 'timbre-woocommerce' ) . '</a>';
				}
				echo '</li>';
			}
			echo '</ul>';
			return;
		}
		if ( null !== $stored ) {
			echo '<p><strong>' . esc_html( self::title( $stored['type'], $stored['folio'] ) ) . '</strong><br>' . esc_html( self::state_name( $stored['state'] ) ) . '</p>';
			if ( '' !== $stored['pdf'] ) {
				echo '<p><a href="' . esc_url( $stored['pdf'] ) . '" target="_blank" rel="noopener">' . esc_html__( 'Ver PDF', 'timbre-woocommerce' ) . '</a></p>';
			}
			return;
		}
		if ( null === $hub ) {
			if ( 404 === $live['status'] ) {
				echo '<p>' . esc_html__( 'Timbre aún no recibe este pedido: se envía cuando está pagado.', 'timbre-woocommerce' ) . '</p>';
			} else {
				echo '<p>' . esc_html__( 'No se pudo consultar Timbre en este momento.', 'timbre-woocommerce' ) . '</p>';
			}
			return;
		}
		echo '<p>' . esc_html__( 'Sin documento todavía.', 'timbre-woocommerce' ) . '</p>';
		if ( ! empty( $hub['pendingReasons'] ) && is_array( $hub['pendingReasons'] ) ) {
			echo '<p><strong>' . esc_html__( 'Por qué espera:', 'timbre-woocommerce' ) . '</strong></p><ul>';
			foreach ( $hub['pendingReasons'] as $reason ) {
				echo '<li>' . esc_html( isset( $reason['message'] ) ? (string) $reason['message'] : '' ) . '</li>';
			}
			echo '</ul>';
		}
		$url = wp_nonce_url( admin_url( 'admin-post.php?action=timbre_issue_now&order_id=' . $order->get_id() ), 'timbre_issue_now_' . $order->get_id() );
		echo '<p><a class="button button-primary" href="' . esc_url( $url ) . '">' . esc_html__( 'Emitir ahora', 'timbre-woocommerce' ) . '</a></p>';
	}

	/**
	 * "Emitir ahora": asks the hub to process the order again (it never issues twice).
	 */
	public function issue_now() {
		$order_id = isset( $_GET['order_id'] ) ? absint( $_GET['order_id'] ) : 0;
		check_admin_referer( 'timbre_issue_now_' . $order_id );
		if ( ! current_user_can( 'edit_shop_orders' ) ) {
			wp_die( esc_html__( 'No tienes permiso para emitir documentos.', 'timbre-woocommerce' ), 403 );
		}
		$order = wc_get_order( $order_id );
		if ( $order ) {
			$result = $this->client->request( 'POST', '/api/v1/orders/' . rawurlencode( (string) $order_id ) . '/issue', array() );
			if ( $result['status'] >= 200 && $result['status'] < 300 ) {
				$order->add_order_note( __( 'Timbre: se pidió emitir el documento ahora.', 'timbre-woocommerce' ) );
			} else {
				/* translators: %s: the hub's message */
				$order->add_order_note( sprintf( __( 'Timbre no pudo emitir ahora: %s', 'timbre-woocommerce' ), $result['error'] ) );
			}
		}
		wp_safe_redirect( $order ? $order->get_edit_order_url() : admin_url() );
		exit;
	}

	/**
	 * "Mi cuenta → Pedidos": a button to the document's PDF.
	 *
	 * @param array    $actions Row actions.
	 * @param WC_Order $order   Order.
	 * @return array
	 */
	public function account_actions( $actions, $order ) {
		$doc = self::written_back( $order );
		if ( null !== $doc && '' !== $doc['pdf'] ) {
			$actions['timbre-pdf'] = array(
				'url'  => $doc['pdf'],
				'name' => in_array( $doc['type'], array( 33, 34 ), true ) ? __( 'Factura PDF', 'timbre-woocommerce' ) : __( 'Boleta PDF', 'timbre-woocommerce' ),
			);
		}
		return $actions;
	}

	/**
	 * The order page in "Mi cuenta" and the thank-you page.
	 *
	 * @param WC_Order $order Order.
	 */
	public function order_details( $order ) {
		$doc = self::written_back( $order );
		if ( null === $doc ) {
			return;
		}
		echo '<section class="timbre-document"><h2>' . esc_html__( 'Documento tributario', 'timbre-woocommerce' ) . '</h2><p>';
		echo esc_html( self::title( $doc['type'], $doc['folio'] ) );
		if ( '' !== $doc['pdf'] ) {
			echo ' · <a href="' . esc_url( $doc['pdf'] ) . '" target="_blank" rel="noopener">' . esc_html__( 'Descargar PDF', 'timbre-woocommerce' ) . '</a>';
		}
		echo '</p></section>';
	}

	/**
	 * Order e-mails carry the PDF link once the document exists (the hub also e-mails it).
	 *
	 * @param WC_Order $order         Order.
	 * @param bool     $sent_to_admin Whether it goes to the shop.
	 * @param bool     $plain_text    Plain-text e-mail.
	 */
	public function email_meta( $order, $sent_to_admin, $plain_text ) {
		$doc = self::written_back( $order );
		if ( null === $doc || '' === $doc['pdf'] ) {
			return;
		}
		$title = self::title( $doc['type'], $doc['folio'] );
		if ( $plain_text ) {
			echo "\n" . esc_html( $title ) . ': ' . esc_url_raw( $doc['pdf'] ) . "\n";
			return;
		}
		echo '<p><strong>' . esc_html( $title ) . '</strong>: <a href="' . esc_url( $doc['pdf'] ) . '">' . esc_html__( 'Descargar PDF', 'timbre-woocommerce' ) . '</a></p>';
	}
}
