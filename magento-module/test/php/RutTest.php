<?php
declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Timbre\Chile\Model\CheckoutRules;
use Timbre\Chile\Model\PingSigner;
use Timbre\Chile\Model\Rut;

final class RutTest extends TestCase
{
    public function testAcceptsTheWaysBuyersTypeARut(): void
    {
        $rut = new Rut();
        $this->assertSame('76192083-9', $rut->normalize('76.192.083-9'));
        $this->assertSame('76192083-9', $rut->normalize(' 761920839 '));
        $this->assertSame('76354771-K', $rut->normalize('76.354.771-k'));
        $this->assertSame('11111111-1', $rut->normalize('011.111.111-1'));
    }

    public function testRefusesAWrongCheckDigitOrGarbage(): void
    {
        $rut = new Rut();
        $this->assertNull($rut->normalize('76.192.083-8'));
        $this->assertNull($rut->normalize('76.543.210-K'));
        $this->assertNull($rut->normalize('abc'));
        $this->assertNull($rut->normalize(''));
        $this->assertNull($rut->normalize('0-0'));
        $this->assertNull($rut->normalize(null));
    }

    public function testAFacturaNeedsRutRazonSocialAndGiro(): void
    {
        $rules = new CheckoutRules(new Rut());
        $this->assertSame([], $rules->problems(['document_type' => 'boleta']));
        $this->assertSame([], $rules->problems([
            'document_type' => 'factura', 'vat_id' => '76.354.771-K', 'company' => 'Importadora Sur Ltda.', 'giro' => 'Repuestos',
        ]));
        $problems = $rules->problems(['document_type' => 'factura', 'vat_id' => '76.354.771-1']);
        $this->assertCount(3, $problems);
        $this->assertStringContainsString('dígito verificador', $problems[0]);
        $this->assertStringContainsString('razón social', $problems[1]);
        $this->assertStringContainsString('giro', $problems[2]);
        $this->assertSame(['El tipo de documento debe ser boleta o factura.'], $rules->problems(['document_type' => 'ticket']));
    }

    public function testThePingIsSignedLikeTheSyncApi(): void
    {
        $signed = (new PingSigner())->sign('s3cret', '000000042', '2026-12-01 10:00:00');
        $this->assertSame('{"topic":"order.saved","increment_id":"000000042","updated_at":"2026-12-01 10:00:00"}', $signed['body']);
        $this->assertSame(base64_encode(hash_hmac('sha256', $signed['body'], 's3cret', true)), $signed['signature']);
        $this->assertNotSame($signed['signature'], (new PingSigner())->sign('other', '000000042', '2026-12-01 10:00:00')['signature']);
    }
}
