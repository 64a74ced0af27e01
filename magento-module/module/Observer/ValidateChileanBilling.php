<?php
declare(strict_types=1);

namespace Timbre\Chile\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Exception\LocalizedException;
use Magento\Quote\Model\Quote;
use Timbre\Chile\Model\AddressFields;
use Timbre\Chile\Model\CheckoutRules;

/** Refuses to place an order whose RUT has a wrong check digit, or a factura without its data. */
class ValidateChileanBilling implements ObserverInterface
{
    public function __construct(private readonly CheckoutRules $rules, private readonly AddressFields $fields)
    {
    }

    public function execute(Observer $observer): void
    {
        $quote = $observer->getEvent()->getData('quote');
        if (!$quote instanceof Quote) {
            return;
        }
        $billing = $quote->getBillingAddress();
        $fields = $this->fields->read($billing);
        $problems = $this->rules->problems([
            'vat_id' => $billing->getVatId(),
            'company' => $billing->getCompany(),
            'giro' => $fields['giro'],
            'document_type' => $fields['document_type'],
        ]);
        if ($problems !== []) {
            throw new LocalizedException(__(implode(' ', $problems)));
        }
    }
}
