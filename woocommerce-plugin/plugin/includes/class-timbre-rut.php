<?php
/**
 * RUT check digit, the one business rule that must run inside WordPress: a factura with a wrong RUT
 * is refused at checkout, before the order exists.
 *
 * @package Timbre
 */

defined( 'ABSPATH' ) || exit;

/**
 * Chilean RUT parsing (módulo 11), matching the hub's rules/rut.ts.
 */
class Timbre_Rut {

	/**
	 * Largest body the SII's RUTType allows.
	 */
	const MAX_BODY = 99999999;

	/**
	 * Módulo 11 check digit of a RUT body: "0"–"9" or "K".
	 *
	 * @param int $body RUT number without its check digit.
	 * @return string
	 */
	public static function check_digit( $body ) {
		$sum    = 0;
		$factor = 2;
		for ( $n = (int) $body; $n > 0; $n = intdiv( $n, 10 ) ) {
			$sum   += ( $n % 10 ) * $factor;
			$factor = 7 === $factor ? 2 : $factor + 1;
		}
		$r = 11 - ( $sum % 11 );
		if ( 11 === $r ) {
			return '0';
		}
		return 10 === $r ? 'K' : (string) $r;
	}

	/**
	 * Reads a RUT as people type it ("12.345.678-5", "123456785", " 12 345 678 k ").
	 *
	 * @param string $text What the shopper typed.
	 * @return array{body:int,dv:string}|null Null when it is not a valid RUT.
	 */
	public static function parse( $text ) {
		$compact = strtoupper( preg_replace( '/[.\s\x{00a0}]/u', '', trim( (string) $text ) ) );
		$compact = preg_replace( '/[\x{2010}-\x{2015}\x{2212}]/u', '-', $compact );
		if ( ! preg_match( '/^(\d+)-?([\dK])$/', $compact, $m ) ) {
			return null;
		}
		$digits = ltrim( $m[1], '0' );
		if ( '' === $digits || strlen( $digits ) > 8 || (int) $digits > self::MAX_BODY ) {
			return null;
		}
		$body = (int) $digits;
		if ( self::check_digit( $body ) !== $m[2] ) {
			return null;
		}
		return array(
			'body' => $body,
			'dv'   => $m[2],
		);
	}

	/**
	 * True when the text is a RUT with the right check digit.
	 *
	 * @param string $text What the shopper typed.
	 * @return bool
	 */
	public static function is_valid( $text ) {
		return null !== self::parse( $text );
	}

	/**
	 * The form every SII document carries: 12345678-5. Null when invalid.
	 *
	 * @param string $text What the shopper typed.
	 * @return string|null
	 */
	public static function normalize( $text ) {
		$rut = self::parse( $text );
		return null === $rut ? null : $rut['body'] . '-' . $rut['dv'];
	}

	/**
	 * With thousands dots, as people read it: 12.345.678-5.
	 *
	 * @param string $text A valid RUT.
	 * @return string
	 */
	public static function display( $text ) {
		$rut = self::parse( $text );
		return null === $rut ? (string) $text : number_format( $rut['body'], 0, ',', '.' ) . '-' . $rut['dv'];
	}
}
