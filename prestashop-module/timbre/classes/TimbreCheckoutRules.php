<?php
/**
 * What the address / checkout form must hold. A boleta needs nothing; a factura needs a valid RUT
 * (dni), the razón social (company) and the giro. A RUT given for a boleta must still be valid:
 * a typo would otherwise reach the SII. Returns field => error code; the module words them.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreCheckoutRules
{
    const BOLETA = 'boleta';
    const FACTURA = 'factura';
    /** The DTE's receptor limits: RznSocRecep 100, GiroRecep 40. */
    const MAX_COMPANY = 100;
    const MAX_GIRO = 40;

    public static function documentTypes()
    {
        return [self::BOLETA, self::FACTURA];
    }

    /** @return array<string,string> field (dni|company|timbre_giro|timbre_document_type) => code */
    public static function validate($documentType, $rut, $company, $giro)
    {
        $errors = [];
        $documentType = $documentType === null || $documentType === '' ? self::BOLETA : (string) $documentType;
        if (!in_array($documentType, self::documentTypes(), true)) {
            $errors['timbre_document_type'] = 'document_type_invalid';
        }
        $rut = trim((string) $rut);
        if ($rut !== '' && !TimbreRut::isValid($rut)) {
            $errors['dni'] = 'rut_invalid';
        }
        if ($documentType === self::FACTURA) {
            if ($rut === '') {
                $errors['dni'] = 'rut_required';
            }
            if (trim((string) $company) === '') {
                $errors['company'] = 'company_required';
            } elseif (mb_strlen(trim((string) $company)) > self::MAX_COMPANY) {
                $errors['company'] = 'company_too_long';
            }
            if (trim((string) $giro) === '') {
                $errors['timbre_giro'] = 'giro_required';
            }
        }
        if (mb_strlen(trim((string) $giro)) > self::MAX_GIRO) {
            $errors['timbre_giro'] = 'giro_too_long';
        }

        return $errors;
    }
}
