<?php
/**
 * Test helper run with php-cli against a shop made by setup-woo.sh (there is no wp-cli offline):
 *   php wp-cli.php <docroot> <url> activate <plugin file>
 *   php wp-cli.php <docroot> <url> eval '<php code returning a value>'   (prints it as JSON)
 *
 * @package Timbre
 */

// phpcs:ignoreFile -- test tooling.
[ $self, $root, $url, $command ] = $argv;
$h                       = parse_url( $url, PHP_URL_HOST );
$p                       = parse_url( $url, PHP_URL_PORT );
$_SERVER['HTTP_HOST']    = $h . ( $p ? ":$p" : '' );
$_SERVER['SERVER_NAME']  = $h;
$_SERVER['SERVER_PORT']  = $p ? $p : 80;
$_SERVER['REQUEST_URI']  = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
wp_set_current_user( 1 );
if ( 'activate' === $command ) {
	$r = activate_plugin( $argv[4] );
	if ( is_wp_error( $r ) ) {
		fwrite( STDERR, $r->get_error_message() . "\n" );
		exit( 1 );
	}
	echo json_encode( array( 'active' => is_plugin_active( $argv[4] ) ) ), "\n";
	exit( 0 );
}
if ( 'eval' === $command ) {
	$fn = eval( 'return function () { ' . $argv[4] . ' };' );
	echo json_encode( $fn() ), "\n";
	exit( 0 );
}
fwrite( STDERR, "unknown command\n" );
exit( 2 );
