<?php
/**
 * Hands paid, refunded and cancelled orders to the hub through Action Scheduler, WooCommerce's
 * durable queue: a change is queued inside the request that made it and sent in the background,
 * retried with backoff while the hub cannot be reached. WooCommerce's own webhooks never retry,
 * and the hub's sweep catches whatever is still missed.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * The outbox towards the hub.
 */
class Timbre_Order_Sync {

	const ACTION = 'timbre_sync_order';
	const GROUP  = 'timbre';
	/** Meta: refund ids the hub has acknowledged. */
	const META_REFUNDS_SENT = '_timbre_refunds_sent';
	/** Meta: when the hub last took this order. */
	const META_SYNCED_AT = '_timbre_synced_at';
	/** Meta: the hub's last refusal, shown on the order screen. */
	const META_PROBLEM = '_timbre_problem';
	/** Retries stop after about three days of failures (then the hub's sweep still finds the order). */
	const MAX_ATTEMPTS = 80;

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
	 * Hooks into order changes and the queue.
	 */
	public function register() {
		add_action( 'woocommerce_order_status_changed', array( $this, 'status_changed' ), 20, 3 );
		add_action( 'woocommerce_order_refunded', array( $this, 'refunded' ), 20, 2 );
		add_action( self::ACTION, array( $this, 'run' ), 10, 2 );
	}

	/**
	 * Seconds to wait before attempt N (1-based): 15 s, 30 s, 1 min … capped at one hour.
	 *
	 * @param int $attempt The attempt that failed.
	 * @return int
	 */
	public static function backoff( $attempt ) {
		return (int) min( 3600, 15 * pow( 2, max( 0, $attempt - 1 ) ) );
	}

	/**
	 * Whether a status change is one the hub acts on.
	 *
	 * @param string $to New status.
	 * @return bool
	 */
	public function is_relevant_status( $to ) {
		return in_array( $to, $this->config->paid_statuses(), true ) || in_array( $to, array( 'cancelled', 'refunded' ), true );
	}

	/**
	 * Order status changed.
	 *
	 * @param int    $order_id Order id.
	 * @param string $from     Old status.
	 * @param string $to       New status.
	 */
	public function status_changed( $order_id, $from, $to ) {
		if ( $this->is_relevant_status( $to ) ) {
			$this->enqueue( $order_id );
		}
	}

	/**
	 * A refund was created.
	 *
	 * @param int $order_id  Order id.
	 * @param int $refund_id Refund id.
	 */
	public function refunded( $order_id, $refund_id ) {
		$this->enqueue( $order_id );
	}

	/**
	 * Queues the order's hand-off now (one pending action per order).
	 *
	 * @param int $order_id Order id.
	 */
	public function enqueue( $order_id ) {
		if ( ! function_exists( 'as_enqueue_async_action' ) ) {
			return;
		}
		$args = array(
			'order_id' => (int) $order_id,
			'attempt'  => 1,
		);
		if ( as_has_scheduled_action( self::ACTION, $args, self::GROUP ) ) {
			return;
		}
		as_enqueue_async_action( self::ACTION, $args, self::GROUP );
	}

	/**
	 * The queued action: sends the order, then each refund the hub has not acknowledged.
	 *
	 * @param int $order_id Order id.
	 * @param int $attempt  1 for the first try.
	 */
	public function run( $order_id, $attempt = 1 ) {
		$order = wc_get_order( $order_id );
		if ( ! $order || 'shop_order' !== $order->get_type() ) {
			return;
		}
		$mapper = new Timbre_Order_Mapper( $this->config->paid_statuses() );
		$result = $this->client->request( 'POST', '/api/v1/orders', $mapper->order( $order ) );
		if ( ! $this->handled( $order, $result, (int) $attempt ) ) {
			return;
		}
		$sent = $order->get_meta( self::META_REFUNDS_SENT );
		$sent = is_array( $sent ) ? $sent : array();
		foreach ( array_reverse( $order->get_refunds() ) as $refund ) {
			$id = (string) $refund->get_id();
			if ( in_array( $id, $sent, true ) ) {
				continue;
			}
			$payload = $mapper->refund( $order, $refund );
			if ( null === $payload ) {
				$sent[] = $id;
				$order->add_order_note( __( 'Timbre: este reembolso no indica productos ni despacho, así que no se emitió nota de crédito. Reembolsa indicando las cantidades de cada producto.', 'timbre-woocommerce' ) );
				continue;
			}
			$result = $this->client->request( 'POST', '/api/v1/orders/' . rawurlencode( (string) $order->get_id() ) . '/refunds', $payload );
			if ( ! $this->handled( $order, $result, (int) $attempt ) ) {
				$order->update_meta_data( self::META_REFUNDS_SENT, $sent );
				$order->save_meta_data();
				return;
			}
			$sent[] = $id;
		}
		$order->update_meta_data( self::META_REFUNDS_SENT, $sent );
		$order->update_meta_data( self::META_SYNCED_AT, time() );
		$order->delete_meta_data( self::META_PROBLEM );
		$order->save_meta_data();
	}

	/**
	 * True when the hub took it. Otherwise schedules the retry (hub unreachable, busy, keys refused)
	 * or records why the hub refused it for good (shown on the order screen).
	 *
	 * @param WC_Order $order   Order.
	 * @param array    $result  Hub client result.
	 * @param int      $attempt This attempt.
	 * @return bool
	 */
	private function handled( $order, $result, $attempt ) {
		if ( $result['status'] >= 200 && $result['status'] < 300 ) {
			return true;
		}
		if ( $result['retry'] && $attempt < self::MAX_ATTEMPTS && function_exists( 'as_schedule_single_action' ) ) {
			$args = array(
				'order_id' => (int) $order->get_id(),
				'attempt'  => $attempt + 1,
			);
			if ( ! as_has_scheduled_action( self::ACTION, $args, self::GROUP ) ) {
				as_schedule_single_action( time() + self::backoff( $attempt ), self::ACTION, $args, self::GROUP );
			}
			return false;
		}
		$order->update_meta_data( self::META_PROBLEM, $result['error'] );
		$order->save_meta_data();
		/* translators: %s: the hub's message */
		$order->add_order_note( sprintf( __( 'Timbre no pudo recibir el pedido: %s', 'timbre-woocommerce' ), $result['error'] ) );
		return false;
	}
}
