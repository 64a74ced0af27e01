<?php

use PHPUnit\Framework\TestCase;

final class HubClientTest extends TestCase
{
    public function testTheHubsOwnPathsOpenOnTheHubNotOnTheShop(): void
    {
        $client = new TimbreHubClient('https://hub.timbre.cl/', 'key', 'secret');
        $this->assertSame(
            'https://hub.timbre.cl/api/v1/documents/5f0c.pdf?t=1.abc',
            $client->absoluteLink('/api/v1/documents/5f0c.pdf?t=1.abc')
        );
        $this->assertSame('https://cdn.timbre.cl/b.pdf', $client->absoluteLink('https://cdn.timbre.cl/b.pdf'));
        $this->assertSame('', $client->absoluteLink(''));
    }
}
