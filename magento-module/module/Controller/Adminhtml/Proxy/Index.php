<?php
declare(strict_types=1);

namespace Timbre\Chile\Controller\Adminhtml\Proxy;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\App\CsrfAwareActionInterface;
use Magento\Framework\App\Request\InvalidRequestException;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Controller\Result\Raw;
use Magento\Framework\Controller\Result\RawFactory;
use Magento\Framework\Data\Form\FormKey;
use Timbre\Chile\Model\HubClient;
use Timbre\Chile\Model\ProxyRules;

/**
 * The admin app's calls to the hub, signed here with the store's key: the Magento admin session
 * (and, for writes, the form key in X-Timbre-Form-Key) authenticates the browser.
 */
class Index extends Action implements HttpGetActionInterface, HttpPostActionInterface, CsrfAwareActionInterface
{
    public const ADMIN_RESOURCE = 'Timbre_Chile::documents';

    public function __construct(
        Action\Context $context,
        private readonly HubClient $hub,
        private readonly ProxyRules $rules,
        private readonly RawFactory $rawFactory,
        private readonly FormKey $formKey
    ) {
        parent::__construct($context);
    }

    public function execute(): Raw
    {
        $result = $this->rawFactory->create();
        $result->setHeader('Content-Type', 'application/json', true);
        // The app appends "<path>?<query>" to "…?path=": read it raw, or a second "&" parameter of
        // the hub's query would be taken as Magento's own.
        $uri = (string) $this->getRequest()->getRequestUri();
        $at = strpos($uri, '?path=');
        $target = $this->rules->target($at === false ? '' : substr($uri, $at + 6));
        if ($target === null) {
            return $result->setHttpResponseCode(404)->setContents((string) json_encode(['error' => ['message' => (string) __('Esa sección de Timbre no está disponible desde la tienda.')]]));
        }
        $method = strtoupper((string) $this->getRequest()->getMethod());
        $body = $method === 'GET' ? '' : (string) $this->getRequest()->getContent();
        $answer = $this->hub->request($method, $target, $body);
        if ($answer['status'] === 0) {
            return $result->setHttpResponseCode(502)->setContents((string) json_encode(['error' => ['message' => (string) __('No se pudo contactar a Timbre. Revise la dirección del hub y la clave de la tienda en la configuración.')]]));
        }
        $result->setHeader('Content-Type', $answer['type'], true);
        return $result->setHttpResponseCode($answer['status'])->setContents($answer['body']);
    }

    public function createCsrfValidationException(RequestInterface $request): ?InvalidRequestException
    {
        return null;
    }

    public function validateForCsrf(RequestInterface $request): ?bool
    {
        if ($request->getMethod() === 'GET') {
            return true;
        }
        $sent = (string) $request->getHeader('X-Timbre-Form-Key');
        return $sent !== '' && hash_equals($this->formKey->getFormKey(), $sent);
    }
}
