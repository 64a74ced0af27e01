<?php
declare(strict_types=1);

namespace Timbre\Chile\Block\Adminhtml;

use Magento\Backend\Block\Template;
use Timbre\Chile\Model\Config;

/**
 * The shared admin app (woocommerce-plugin/admin, copied into view/adminhtml/web at build time) and
 * its host configuration: calls go to this module's signed proxy, PDFs to its document action.
 */
class AdminBundle extends Template
{
    public function __construct(Template\Context $context, private readonly Config $config, array $data = [])
    {
        parent::__construct($context, $data);
    }

    public function connected(): bool
    {
        return $this->config->hubUrl() !== '' && $this->config->apiKey() !== '' && $this->config->secret() !== '';
    }

    public function settingsUrl(): string
    {
        return $this->getUrl('adminhtml/system_config/edit', ['section' => 'timbre']);
    }

    public function scriptUrl(): string
    {
        return $this->getViewFileUrl('Timbre_Chile::timbre-admin.js');
    }

    public function styleUrl(): string
    {
        return $this->getViewFileUrl('Timbre_Chile::timbre-admin.css');
    }

    public function hostJson(): string
    {
        return (string) json_encode([
            'host' => 'magento',
            // The app appends "<path>?<query>": it lands in the proxy's `path` parameter.
            'apiBase' => $this->getUrl('timbre/proxy/index') . '?path=',
            'headers' => ['X-Timbre-Form-Key' => $this->getFormKey()],
            'documentUrl' => $this->getUrl('timbre/proxy/document') . '?file=',
            'mount' => 'timbre-admin',
            'credentials' => 'same-origin',
        ], JSON_UNESCAPED_SLASHES);
    }
}
