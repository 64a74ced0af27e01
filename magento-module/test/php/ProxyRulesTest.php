<?php
declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Timbre\Chile\Model\HubClient;
use Timbre\Chile\Model\ProxyRules;

final class ProxyRulesTest extends TestCase
{
    public function testTheAdminAppReachesOnlyItsOwnSyncApiPaths(): void
    {
        $rules = new ProxyRules();
        $this->assertSame('/api/v1/orders?limit=50', $rules->target('orders?limit=50'));
        $this->assertSame('/api/v1/orders/000000012/issue', $rules->target('/orders/000000012/issue'));
        $this->assertSame('/api/v1/sync/status', $rules->target('sync/status'));
        $this->assertNull($rules->target('stores'));
        $this->assertNull($rules->target('sync/other'));
        $this->assertNull($rules->target('orders/../stores'));
        $this->assertNull($rules->target('ordersX'));
        $this->assertNull($rules->target(''));
    }

    public function testRequestsAreSignedLikeEveryTimbrePlugin(): void
    {
        $sig = HubClient::sign('s3cret', '1700000000', 'post', '/api/v1/orders/1/issue', '{}');
        $this->assertSame(base64_encode(hash_hmac('sha256', "1700000000\nPOST\n/api/v1/orders/1/issue\n{}", 's3cret', true)), $sig);
    }
}
