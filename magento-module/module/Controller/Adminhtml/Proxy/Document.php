<?php
declare(strict_types=1);

namespace Timbre\Chile\Controller\Adminhtml\Proxy;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Controller\Result\Raw;
use Magento\Framework\Controller\Result\RawFactory;
use Timbre\Chile\Model\HubClient;

/** A document's PDF or XML for the admin, fetched signed from the hub and passed through. */
class Document extends Action implements HttpGetActionInterface
{
    public const ADMIN_RESOURCE = 'Timbre_Chile::documents';

    public function __construct(Action\Context $context, private readonly HubClient $hub, private readonly RawFactory $rawFactory)
    {
        parent::__construct($context);
    }

    public function execute(): Raw
    {
        $result = $this->rawFactory->create();
        $file = (string) $this->getRequest()->getParam('file');
        if (!preg_match('/^[0-9a-f-]{36}\.(pdf|xml)$/', $file, $m)) {
            return $result->setHttpResponseCode(404)->setContents((string) __('Documento desconocido.'));
        }
        $answer = $this->hub->request('GET', '/api/v1/documents/' . $file);
        if ($answer['status'] !== 200) {
            return $result->setHttpResponseCode(max(400, $answer['status']))->setContents((string) __('Timbre no entregó el documento.'));
        }
        $result->setHeader('Content-Type', $m[1] === 'pdf' ? 'application/pdf' : 'application/xml', true);
        $result->setHeader('Content-Disposition', 'inline; filename="' . $file . '"', true);
        return $result->setContents($answer['body']);
    }
}
