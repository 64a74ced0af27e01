<?php
declare(strict_types=1);

namespace Timbre\Chile\Plugin;

use Magento\Sales\Api\Data\OrderAddressExtensionFactory;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\OrderSearchResultInterface;
use Magento\Sales\Api\OrderRepositoryInterface;

/** GET /V1/orders and /V1/orders/:id show giro and document type as the addresses' extension attributes. */
class ExposeAddressFieldsOnOrders
{
    public function __construct(private readonly OrderAddressExtensionFactory $extensionFactory)
    {
    }

    public function afterGet(OrderRepositoryInterface $subject, OrderInterface $order): OrderInterface
    {
        $this->expose($order);
        return $order;
    }

    public function afterGetList(OrderRepositoryInterface $subject, OrderSearchResultInterface $result): OrderSearchResultInterface
    {
        foreach ($result->getItems() as $order) {
            $this->expose($order);
        }
        return $result;
    }

    private function expose(OrderInterface $order): void
    {
        $addresses = [$order->getBillingAddress()];
        if ($order instanceof \Magento\Sales\Model\Order) {
            $addresses[] = $order->getShippingAddress();
        }
        foreach (array_filter($addresses) as $address) {
            $ext = $address->getExtensionAttributes() ?? $this->extensionFactory->create();
            $ext->setTimbreGiro($address->getData('timbre_giro'));
            $ext->setTimbreDocumentType($address->getData('timbre_document_type'));
            $address->setExtensionAttributes($ext);
        }
    }
}
