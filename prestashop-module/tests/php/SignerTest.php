<?php
use PHPUnit\Framework\TestCase;

class SignerTest extends TestCase
{
    public function testSignsTimestampMethodPathAndBody()
    {
        $h = TimbreSigner::headers('tk_live_abc', 's3cret', 'post', '/webhooks/prestashop', '{"a":1}', 1764590400);
        $this->assertSame('Bearer tk_live_abc', $h['Authorization']);
        $this->assertSame('1764590400', $h['X-Timbre-Timestamp']);
        $expected = base64_encode(hash_hmac('sha256', "1764590400\nPOST\n/webhooks/prestashop\n{\"a\":1}", 's3cret', true));
        $this->assertSame($expected, $h['X-Timbre-Signature']);
    }

    public function testAnotherPathOrBodyChangesTheSignature()
    {
        $a = TimbreSigner::headers('k', 's', 'POST', '/webhooks/prestashop', '{}', 1)['X-Timbre-Signature'];
        $this->assertNotSame($a, TimbreSigner::headers('k', 's', 'POST', '/api/v1/orders', '{}', 1)['X-Timbre-Signature']);
        $this->assertNotSame($a, TimbreSigner::headers('k', 's', 'POST', '/webhooks/prestashop', '{ }', 1)['X-Timbre-Signature']);
        $this->assertNotSame($a, TimbreSigner::headers('k', 's', 'POST', '/webhooks/prestashop', '{}', 2)['X-Timbre-Signature']);
    }
}
