<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

use Magento\Framework\HTTP\Client\CurlFactory;
use Psr\Log\LoggerInterface;

/**
 * Tells the hub an order changed, so it polls that order now instead of at its next sync. A hint
 * only: the hub's poll is the source of truth, so a failure here is logged and never blocks the save.
 */
class HubPing
{
    public function __construct(
        private readonly Config $config,
        private readonly PingSigner $signer,
        private readonly CurlFactory $curlFactory,
        private readonly LoggerInterface $logger
    ) {
    }

    public function orderSaved(string $incrementId, string $updatedAt): void
    {
        if (!$this->config->pingEnabled()) {
            return;
        }
        $signed = $this->signer->sign($this->config->pingSecret(), $incrementId, $updatedAt);
        try {
            $curl = $this->curlFactory->create();
            $curl->setTimeout(2);
            $curl->addHeader('Content-Type', 'application/json');
            $curl->addHeader('X-Timbre-Signature', $signed['signature']);
            $curl->addHeader('X-Timbre-Store', $this->config->storeId());
            $curl->post($this->config->hubUrl() . '/webhooks/magento', $signed['body']);
        } catch (\Throwable $e) {
            $this->logger->info('Timbre: the hub did not take the order ping (its next poll will): ' . $e->getMessage());
        }
    }
}
