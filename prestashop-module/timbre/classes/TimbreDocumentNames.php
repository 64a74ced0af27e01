<?php
/**
 * How documents read in the shop: "Boleta electrónica N° 12", "Aceptado por el SII", 01-12-2026,
 * "$12.990". Never the SII's type codes or the hub's state names.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreDocumentNames
{
    const TYPES = [
        33 => 'Factura electrónica',
        34 => 'Factura exenta electrónica',
        39 => 'Boleta electrónica',
        41 => 'Boleta exenta electrónica',
        56 => 'Nota de débito electrónica',
        61 => 'Nota de crédito electrónica',
    ];

    const STATES = [
        'issued' => 'Emitido, por enviar al SII',
        'sent' => 'Enviado al SII, esperando respuesta',
        'accepted' => 'Aceptado por el SII',
        'accepted_with_objections' => 'Aceptado por el SII con reparos',
        'rejected' => 'Rechazado por el SII',
    ];

    public static function title($type, $folio)
    {
        $name = isset(self::TYPES[$type]) ? self::TYPES[$type] : 'Documento tributario electrónico';

        // Thousands with dots, as the admin app and the hub print folios ("N° 1.234").
        return $name . ' N° ' . number_format((int) $folio, 0, ',', '.');
    }

    public static function state($state)
    {
        return isset(self::STATES[$state]) ? self::STATES[$state] : 'En proceso';
    }

    /** "2026-12-01" or an ISO time → "01-12-2026". */
    public static function date($value)
    {
        if (!preg_match('/^(\d{4})-(\d{2})-(\d{2})/', (string) $value, $m)) {
            return '';
        }

        return $m[3] . '-' . $m[2] . '-' . $m[1];
    }

    public static function money($pesos)
    {
        return '$' . number_format((int) $pesos, 0, ',', '.');
    }
}
