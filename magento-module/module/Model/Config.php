<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Encryption\EncryptorInterface;

/** Stores → Configuration → Timbre (etc/adminhtml/system.xml). */
class Config
{
    public function __construct(
        private readonly ScopeConfigInterface $scopeConfig,
        private readonly EncryptorInterface $encryptor
    ) {
    }

    public function hubUrl(): string
    {
        return rtrim((string) $this->scopeConfig->getValue('timbre/hub/url'), '/');
    }

    public function storeId(): string
    {
        return trim((string) $this->scopeConfig->getValue('timbre/hub/store_id'));
    }

    public function pingEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag('timbre/hub/ping') && $this->hubUrl() !== '' && $this->pingSecret() !== '';
    }

    public function pingSecret(): string
    {
        $stored = (string) $this->scopeConfig->getValue('timbre/hub/ping_secret');
        return $stored === '' ? '' : (string) $this->encryptor->decrypt($stored);
    }
}
