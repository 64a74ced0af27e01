<?php
declare(strict_types=1);

namespace Timbre\Chile\Controller\Adminhtml\Settings;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\View\Result\Page;
use Magento\Framework\View\Result\PageFactory;

/** Timbre's own admin page: the shared admin bundle, served by the hub, rendered inside Magento's admin. */
class Index extends Action implements HttpGetActionInterface
{
    public const ADMIN_RESOURCE = 'Timbre_Chile::documents';

    public function __construct(Action\Context $context, private readonly PageFactory $pageFactory)
    {
        parent::__construct($context);
    }

    public function execute(): Page
    {
        $page = $this->pageFactory->create();
        $page->setActiveMenu('Timbre_Chile::settings');
        $page->getConfig()->getTitle()->prepend(__('Timbre: boleta y factura electrónica'));
        return $page;
    }
}
