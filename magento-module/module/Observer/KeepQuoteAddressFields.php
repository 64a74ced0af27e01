<?php
declare(strict_types=1);

namespace Timbre\Chile\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Quote\Model\Quote\Address;
use Timbre\Chile\Model\AddressFields;

/** The checkout (or a REST client) sent giro / document type as extension attributes: keep them on the quote address. */
class KeepQuoteAddressFields implements ObserverInterface
{
    public function __construct(private readonly AddressFields $fields)
    {
    }

    public function execute(Observer $observer): void
    {
        $address = $observer->getEvent()->getData('quote_address');
        if ($address instanceof Address) {
            $this->fields->keep($address);
        }
    }
}
