<?php
use PHPUnit\Framework\TestCase;

class CheckoutRulesTest extends TestCase
{
    public function testABoletaNeedsNothing()
    {
        $this->assertSame([], TimbreCheckoutRules::validate('boleta', '', '', ''));
        $this->assertSame([], TimbreCheckoutRules::validate(null, '', '', ''));
    }

    public function testAFacturaWithoutAValidRutCannotBePlaced()
    {
        $this->assertSame(['dni' => 'rut_invalid'], TimbreCheckoutRules::validate('factura', '76.192.083-8', 'Mi Empresa SpA', 'Comercio'));
        $this->assertSame(['dni' => 'rut_required'], TimbreCheckoutRules::validate('factura', '', 'Mi Empresa SpA', 'Comercio'));
        $this->assertSame([], TimbreCheckoutRules::validate('factura', '76.192.083-9', 'Mi Empresa SpA', 'Comercio'));
    }

    public function testAFacturaNeedsRazonSocialAndGiro()
    {
        $e = TimbreCheckoutRules::validate('factura', '76192083-9', ' ', '');
        $this->assertSame('company_required', $e['company']);
        $this->assertSame('giro_required', $e['timbre_giro']);
        $this->assertSame('giro_too_long', TimbreCheckoutRules::validate('factura', '76192083-9', 'X', str_repeat('g', 41))['timbre_giro']);
    }

    public function testAMistypedRutIsRefusedEvenForABoleta()
    {
        $this->assertSame(['dni' => 'rut_invalid'], TimbreCheckoutRules::validate('boleta', '12.345.678-9', '', ''));
        $this->assertSame(['timbre_document_type' => 'document_type_invalid'], TimbreCheckoutRules::validate('nota', '', '', ''));
    }

    public function testDocumentsReadAsSentences()
    {
        $this->assertSame('Boleta electrónica N° 12', TimbreDocumentNames::title(39, 12));
        $this->assertSame('Nota de crédito electrónica N° 3', TimbreDocumentNames::title(61, 3));
        $this->assertSame('Boleta electrónica N° 1.234', TimbreDocumentNames::title(39, 1234));
        $this->assertSame('Aceptado por el SII', TimbreDocumentNames::state('accepted'));
        $this->assertSame('01-12-2026', TimbreDocumentNames::date('2026-12-01'));
        $this->assertSame('$1.234.567', TimbreDocumentNames::money(1234567));
    }
}
