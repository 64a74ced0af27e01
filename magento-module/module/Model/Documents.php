<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Exception\InputException;
use Magento\Framework\Exception\NoSuchEntityException;
use Timbre\Chile\Api\DocumentsInterface;

class Documents implements DocumentsInterface
{
    public const VERSION = '0.1.0';

    public function __construct(private readonly ResourceConnection $resource)
    {
    }

    public function save(string $incrementId, string $documentKey, string $label, string $state, ?string $pdfUrl = null): bool
    {
        if ($documentKey === '' || $label === '') {
            throw new InputException(__('documentKey y label son obligatorios.'));
        }
        if ($pdfUrl !== null && $pdfUrl !== '' && !preg_match('#^https?://#', $pdfUrl)) {
            throw new InputException(__('pdfUrl debe ser una dirección http(s).'));
        }
        $db = $this->resource->getConnection('sales');
        $orders = $this->resource->getTableName('sales_order');
        if (!$db->fetchOne($db->select()->from($orders, 'entity_id')->where('increment_id = ?', $incrementId))) {
            throw new NoSuchEntityException(__('No existe el pedido %1.', $incrementId));
        }
        $db->insertOnDuplicate(
            $this->resource->getTableName('timbre_order_document'),
            [
                'increment_id' => $incrementId,
                'document_key' => mb_substr($documentKey, 0, 64),
                'label' => mb_substr($label, 0, 120),
                'state' => mb_substr($state, 0, 120),
                'pdf_url' => $pdfUrl ?: null,
            ],
            ['label', 'state', 'pdf_url']
        );
        return true;
    }

    public function listForOrder(string $incrementId): array
    {
        return array_map(static fn (array $row): string => $row['label'] . ' — ' . $row['state'], $this->forOrder($incrementId));
    }

    public function version(): string
    {
        return self::VERSION;
    }

    /** @return array<int, array{label: string, state: string, pdf_url: ?string}> */
    public function forOrder(string $incrementId): array
    {
        $db = $this->resource->getConnection('sales');
        $select = $db->select()
            ->from($this->resource->getTableName('timbre_order_document'), ['label', 'state', 'pdf_url'])
            ->where('increment_id = ?', $incrementId)
            ->order('entity_id ASC');
        return $db->fetchAll($select);
    }
}
