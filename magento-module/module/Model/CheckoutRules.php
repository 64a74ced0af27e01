<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

/**
 * What a buyer must give at checkout for the document they chose. Pure: returns the problems in
 * Spanish (the buyer reads them), empty when the order may be placed.
 */
class CheckoutRules
{
    public const BOLETA = 'boleta';
    public const FACTURA = 'factura';

    public function __construct(private readonly Rut $rut)
    {
    }

    /**
     * @param array{vat_id?: ?string, company?: ?string, giro?: ?string, document_type?: ?string} $billing
     * @return string[]
     */
    public function problems(array $billing): array
    {
        $problems = [];
        $document = strtolower(trim((string) ($billing['document_type'] ?? '')));
        if ($document !== '' && $document !== self::BOLETA && $document !== self::FACTURA) {
            $problems[] = 'El tipo de documento debe ser boleta o factura.';
        }
        $vat = trim((string) ($billing['vat_id'] ?? ''));
        if ($vat !== '' && !$this->rut->isValid($vat)) {
            $problems[] = sprintf('El RUT %s no es válido: revise el dígito verificador.', $vat);
        }
        if ($document === self::FACTURA) {
            if ($vat === '') {
                $problems[] = 'Para recibir factura indique el RUT de la empresa.';
            }
            if (trim((string) ($billing['company'] ?? '')) === '') {
                $problems[] = 'Para recibir factura indique la razón social.';
            }
            if (trim((string) ($billing['giro'] ?? '')) === '') {
                $problems[] = 'Para recibir factura indique el giro.';
            }
        }
        return $problems;
    }
}
