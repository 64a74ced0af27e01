<?php
/**
 * Chilean RUT: the check digit (módulo 11) and the canonical "12345678-5" form the hub stores.
 * Pure, so the checkout, the back office and the unit tests share one rule.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreRut
{
    /** "12.345.678-5", "12345678-5", "123456785" → "12345678-5"; null when it is not a RUT. */
    public static function normalize($value)
    {
        $clean = strtoupper(preg_replace('/[\s.\-]/', '', (string) $value));
        if (!preg_match('/^(\d{1,8})([\dK])$/', $clean, $m)) {
            return null;
        }
        $body = ltrim($m[1], '0');
        if ($body === '') {
            return null;
        }

        return $body . '-' . $m[2];
    }

    public static function isValid($value)
    {
        $rut = self::normalize($value);
        if ($rut === null) {
            return false;
        }
        list($body, $dv) = explode('-', $rut);

        return self::checkDigit($body) === $dv;
    }

    public static function checkDigit($body)
    {
        $sum = 0;
        $factor = 2;
        for ($i = strlen($body) - 1; $i >= 0; --$i) {
            $sum += (int) $body[$i] * $factor;
            $factor = $factor === 7 ? 2 : $factor + 1;
        }
        $r = 11 - ($sum % 11);
        if ($r === 11) {
            return '0';
        }
        if ($r === 10) {
            return 'K';
        }

        return (string) $r;
    }
}
