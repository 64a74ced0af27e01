<?php
declare(strict_types=1);

namespace Timbre\Chile\Block\Adminhtml;

use Magento\Backend\Block\Template;
use Timbre\Chile\Model\Config;

/** Where the shared admin bundle comes from and what the host tells it (platform, hub, store). */
class AdminBundle extends Template
{
    public function __construct(Template\Context $context, private readonly Config $config, array $data = [])
    {
        parent::__construct($context, $data);
    }

    public function hubUrl(): string
    {
        return $this->config->hubUrl();
    }

    public function bundleUrl(): string
    {
        return $this->hubUrl() === '' ? '' : $this->hubUrl() . '/admin-bundle/timbre-admin.js';
    }

    public function hostJson(): string
    {
        return (string) json_encode([
            'platform' => 'magento',
            'hubUrl' => $this->hubUrl(),
            'storeId' => $this->config->storeId(),
            'locale' => 'es-CL',
            'settingsUrl' => $this->getUrl('adminhtml/system_config/edit', ['section' => 'timbre']),
        ], JSON_UNESCAPED_SLASHES);
    }
}
