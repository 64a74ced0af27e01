<?php
declare(strict_types=1);

namespace Timbre\Chile\Block;

use Magento\Framework\Registry;
use Magento\Framework\View\Element\Template;
use Magento\Sales\Model\Order;
use Timbre\Chile\Model\Documents;

/** The tax documents of the order being shown: on the admin order view and on the customer's order page. */
class OrderDocuments extends Template
{
    public function __construct(
        Template\Context $context,
        private readonly Registry $registry,
        private readonly Documents $documents,
        array $data = []
    ) {
        parent::__construct($context, $data);
    }

    public function order(): ?Order
    {
        $order = $this->registry->registry('current_order') ?? $this->registry->registry('sales_order');
        return $order instanceof Order ? $order : null;
    }

    /** @return array<int, array{label: string, state: string, pdf_url: ?string}> */
    public function rows(): array
    {
        $order = $this->order();
        return $order ? $this->documents->forOrder((string) $order->getIncrementId()) : [];
    }

    /** Giro and the document the buyer asked for, from the billing address. */
    public function requested(): array
    {
        $billing = $this->order()?->getBillingAddress();
        return [
            'document_type' => $billing?->getData('timbre_document_type'),
            'giro' => $billing?->getData('timbre_giro'),
            'rut' => $billing?->getVatId(),
            'company' => $billing?->getCompany(),
        ];
    }
}
