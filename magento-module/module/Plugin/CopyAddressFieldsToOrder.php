<?php
declare(strict_types=1);

namespace Timbre\Chile\Plugin;

use Magento\Quote\Model\Quote\Address;
use Magento\Quote\Model\Quote\Address\ToOrderAddress;
use Magento\Sales\Api\Data\OrderAddressInterface;
use Timbre\Chile\Model\AddressFields;

/** Quote address → order address: giro and document type go with it (also when the quote address was never saved). */
class CopyAddressFieldsToOrder
{
    public function __construct(private readonly AddressFields $fields)
    {
    }

    /** @param array<string, mixed> $data */
    public function afterConvert(ToOrderAddress $subject, OrderAddressInterface $result, Address $object, $data = []): OrderAddressInterface
    {
        $fields = $this->fields->read($object);
        if ($result instanceof \Magento\Framework\DataObject) {
            $result->setData('timbre_giro', $fields['giro']);
            $result->setData('timbre_document_type', $fields['document_type'] !== null ? strtolower($fields['document_type']) : null);
        }
        return $result;
    }
}
