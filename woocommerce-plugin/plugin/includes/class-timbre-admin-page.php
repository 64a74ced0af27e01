<?php
/**
 * WooCommerce → Timbre: the connection, and the shared admin app (admin/timbre-admin.js, built from
 * woocommerce-plugin/admin/) mounted in the page. The app never sees the store secret: it calls
 * this plugin's REST proxy (cookie + X-WP-Nonce, manage_woocommerce), which signs each request to
 * the hub here.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin page and its proxy to the hub.
 */
class Timbre_Admin_Page {

	/**
	 * Sync API paths the admin app may reach through the proxy (prefixes under /api/v1/).
	 */
	const ALLOWED = array( 'orders', 'folios', 'jobs', 'sync/status', 'sync/run', 'stock', 'products', 'company', 'certificate', 'cafs', 'onboarding', 'settings', 'documents', 'comunas', 'billing/usage' );

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
		add_action( 'admin_menu', array( $this, 'menu' ), 60 );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
		add_action( 'rest_api_init', array( $this, 'routes' ) );
		add_action( 'admin_post_timbre_document', array( $this, 'document' ) );
	}

	/**
	 * The submenu under WooCommerce.
	 */
	public function menu() {
		add_submenu_page( 'woocommerce', __( 'Timbre', 'timbre-woocommerce' ), __( 'Timbre', 'timbre-woocommerce' ), 'manage_woocommerce', 'timbre', array( $this, 'render' ) );
	}

	/**
	 * Whether a proxied path is one the admin app may use.
	 *
	 * @param string $path Path under /api/v1/.
	 * @return bool
	 */
	public static function is_allowed( $path ) {
		if ( false !== strpos( $path, '..' ) || false !== strpos( $path, '//' ) ) {
			return false;
		}
		foreach ( self::ALLOWED as $prefix ) {
			if ( $path === $prefix || 0 === strpos( $path, $prefix . '/' ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The app's script and its host configuration.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue( $hook_suffix ) {
		if ( 'woocommerce_page_timbre' !== $hook_suffix || ! $this->config->is_connected() ) {
			return;
		}
		wp_enqueue_style( 'timbre-admin', plugins_url( 'admin/timbre-admin.css', TIMBRE_WC_FILE ), array(), TIMBRE_WC_VERSION );
		wp_enqueue_script( 'timbre-admin', plugins_url( 'admin/timbre-admin.js', TIMBRE_WC_FILE ), array(), TIMBRE_WC_VERSION, true );
		$host = array(
			'host'        => 'woocommerce',
			'apiBase'     => esc_url_raw( rest_url( 'timbre/v1/hub/' ) ),
			'headers'     => array( 'X-WP-Nonce' => wp_create_nonce( 'wp_rest' ) ),
			'documentUrl' => esc_url_raw( admin_url( 'admin-post.php?action=timbre_document&_wpnonce=' . wp_create_nonce( 'timbre_document' ) . '&file=' ) ),
			'locale'      => 'es-CL',
		);
		wp_add_inline_script( 'timbre-admin', 'window.timbreAdminHost = ' . wp_json_encode( $host ) . ';', 'before' );
	}

	/**
	 * The proxy route: /wp-json/timbre/v1/hub/<path>.
	 */
	public function routes() {
		register_rest_route(
			'timbre/v1',
			'/hub/(?P<path>[a-z0-9/_.\-]+)',
			array(
				'methods'             => array( 'GET', 'POST', 'PUT', 'DELETE' ),
				'permission_callback' => function () {
					return current_user_can( 'manage_woocommerce' );
				},
				'callback'            => array( $this, 'proxy' ),
			)
		);
	}

	/**
	 * Forwards one admin-app request to the hub, signed.
	 *
	 * @param WP_REST_Request $request The app's request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function proxy( WP_REST_Request $request ) {
		$path = (string) $request['path'];
		if ( ! self::is_allowed( $path ) ) {
			return new WP_Error( 'timbre_forbidden_path', __( 'Esa sección de Timbre no está disponible desde la tienda.', 'timbre-woocommerce' ), array( 'status' => 404 ) );
		}
		$query = $request->get_query_params();
		unset( $query['_wpnonce'], $query['rest_route'] );
		$target = '/api/v1/' . $path . ( array() === $query ? '' : '?' . http_build_query( $query ) );
		$body   = 'GET' === $request->get_method() ? null : (array) $request->get_json_params();
		$result = $this->client->request( $request->get_method(), $target, $body, array( 'timeout' => 30 ) );
		if ( 0 === $result['status'] ) {
			return new WP_Error( 'timbre_hub_unreachable', __( 'No se pudo contactar a Timbre. Inténtalo de nuevo en unos minutos.', 'timbre-woocommerce' ), array( 'status' => 502 ) );
		}
		return new WP_REST_Response( $result['body'], $result['status'] );
	}

	/**
	 * A document's PDF or XML for the admin, fetched signed and passed through.
	 */
	public function document() {
		check_admin_referer( 'timbre_document' );
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'No tienes permiso para ver documentos.', 'timbre-woocommerce' ), 403 );
		}
		$file = isset( $_GET['file'] ) ? sanitize_file_name( wp_unslash( $_GET['file'] ) ) : '';
		if ( ! preg_match( '/^[0-9a-f-]{36}\.(pdf|xml)$/', $file, $m ) ) {
			wp_die( esc_html__( 'Documento desconocido.', 'timbre-woocommerce' ), 404 );
		}
		$result = $this->client->request( 'GET', '/api/v1/documents/' . $file, null, array( 'timeout' => 30 ) );
		if ( 200 !== $result['status'] ) {
			wp_die( esc_html( $result['error'] ), (int) max( 400, $result['status'] ) );
		}
		header( 'Content-Type: ' . ( 'pdf' === $m[1] ? 'application/pdf' : 'application/xml' ) );
		header( 'Content-Disposition: inline; filename="' . $file . '"' );
		echo $result['raw']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a binary document.
		exit;
	}

	/**
	 * The page: connection state, then the admin app.
	 */
	public function render() {
		$notices = array(
			'connected'       => __( 'Listo: la tienda quedó conectada con Timbre.', 'timbre-woocommerce' ),
			'connect_failed'  => __( 'Timbre no pudo completar la conexión. Inténtalo de nuevo.', 'timbre-woocommerce' ),
			'connect_expired' => __( 'La conexión expiró o no se completó. Vuelve a hacer clic en "Conectar con Timbre".', 'timbre-woocommerce' ),
			'bad_hub_url'     => __( 'Ingresa la dirección de Timbre (por ejemplo https://app.timbre.cl).', 'timbre-woocommerce' ),
		);
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		$notice = isset( $_GET['timbre_notice'] ) ? sanitize_key( wp_unslash( $_GET['timbre_notice'] ) ) : '';
		echo '<div class="wrap"><h1>' . esc_html__( 'Timbre', 'timbre-woocommerce' ) . '</h1>';
		if ( isset( $notices[ $notice ] ) ) {
			$class = 'connected' === $notice ? 'notice-success' : 'notice-error';
			echo '<div class="notice ' . esc_attr( $class ) . '"><p>' . esc_html( $notices[ $notice ] ) . '</p></div>';
		}
		if ( $this->config->from_constants() ) {
			echo '<p>' . esc_html__( 'Conectada con Timbre mediante wp-config.php (TIMBRE_HUB_URL, TIMBRE_API_KEY, TIMBRE_SECRET).', 'timbre-woocommerce' ) . '</p>';
		} elseif ( ! $this->config->is_connected() ) {
			echo '<p>' . esc_html__( 'Conecta tu tienda para emitir boletas y facturas de cada pedido pagado y sincronizar el stock.', 'timbre-woocommerce' ) . '</p>';
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			wp_nonce_field( 'timbre_connect_start' );
			echo '<input type="hidden" name="action" value="timbre_connect_start">';
			if ( ! defined( 'TIMBRE_HUB_URL' ) ) {
				echo '<p><label for="timbre-hub-url">' . esc_html__( 'Dirección de Timbre', 'timbre-woocommerce' ) . '</label><br>';
				echo '<input type="url" id="timbre-hub-url" name="hub_url" class="regular-text" required value="' . esc_attr( $this->config->hub_url() ) . '" placeholder="https://app.timbre.cl"></p>';
			}
			echo '<p><button type="submit" class="button button-primary">' . esc_html__( 'Conectar con Timbre', 'timbre-woocommerce' ) . '</button></p></form></div>';
			return;
		}
		echo '<div id="timbre-admin"><p>' . esc_html__( 'Cargando Timbre…', 'timbre-woocommerce' ) . '</p></div></div>';
	}
}
