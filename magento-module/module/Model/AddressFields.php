<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

use Magento\Framework\Api\ExtensibleDataInterface;
use Magento\Framework\DataObject;

/**
 * Giro and document type on an address: the extension attributes a REST or checkout client sends,
 * else the columns already stored (quote_address / sales_order_address).
 */
class AddressFields
{
    /** @return array{giro: ?string, document_type: ?string} */
    public function read(DataObject $address): array
    {
        $ext = $address instanceof ExtensibleDataInterface ? $address->getExtensionAttributes() : null;
        $giro = $ext && method_exists($ext, 'getTimbreGiro') ? $ext->getTimbreGiro() : null;
        $type = $ext && method_exists($ext, 'getTimbreDocumentType') ? $ext->getTimbreDocumentType() : null;
        return [
            'giro' => $this->clean($giro ?? $address->getData('timbre_giro')),
            'document_type' => $this->clean($type ?? $address->getData('timbre_document_type')),
        ];
    }

    /** Copies the fields onto the address columns, so they are saved with it. */
    public function keep(DataObject $address): void
    {
        $fields = $this->read($address);
        $address->setData('timbre_giro', $fields['giro']);
        $address->setData('timbre_document_type', $fields['document_type'] !== null ? strtolower($fields['document_type']) : null);
    }

    private function clean(mixed $value): ?string
    {
        $text = trim((string) $value);
        return $text === '' ? null : mb_substr($text, 0, 80);
    }
}
