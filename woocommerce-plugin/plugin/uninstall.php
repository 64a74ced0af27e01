<?php
/**
 * Removes the connection when the plugin is deleted (orders keep their timbre_* meta: they are the
 * shop's record of issued tax documents).
 *
 * @package Timbre
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

foreach ( array( 'timbre_hub_url', 'timbre_api_key', 'timbre_secret', 'timbre_store_id', 'timbre_paid_statuses' ) as $timbre_option ) {
	delete_option( $timbre_option );
}
