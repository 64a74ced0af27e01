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

    /** The store's sync-API key (`timbre store create` prints it once). */
    public function apiKey(): string
    {
        return $this->decrypted('timbre/hub/api_key');
    }

    /** The store's signing secret (`timbre store create` prints it once). */
    public function secret(): string
    {
        return $this->decrypted('timbre/hub/secret');
    }

    private function decrypted(string $path): string
    {
        $stored = (string) $this->scopeConfig->getValue($path);
        return $stored === '' ? '' : (string) $this->encryptor->decrypt($stored);
    }

    public function pingEnabled(): bool
    {
        return $this->scopeConfig->isSetFlag('timbre/hub/ping') && $this->hubUrl() !== '' && $this->pingSecret() !== '';
    }

    public function pingSecret(): string
    {
        return $this->decrypted('timbre/hub/ping_secret');
    }
}
