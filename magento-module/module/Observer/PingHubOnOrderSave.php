<?php
declare(strict_types=1);

namespace Timbre\Chile\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Sales\Model\Order;
use Timbre\Chile\Model\HubPing;

class PingHubOnOrderSave implements ObserverInterface
{
    public function __construct(private readonly HubPing $ping)
    {
    }

    public function execute(Observer $observer): void
    {
        $order = $observer->getEvent()->getData('order');
        if ($order instanceof Order && $order->getIncrementId()) {
            $this->ping->orderSaved((string) $order->getIncrementId(), (string) $order->getUpdatedAt());
        }
    }
}
