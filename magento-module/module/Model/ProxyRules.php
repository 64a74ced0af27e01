<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

/**
 * Which sync-API paths the admin app may reach through the store (the shared bundle's allow-list),
 * and how the browser's "path?query" becomes the hub target. Pure, for PHPUnit.
 */
class ProxyRules
{
    private const PREFIXES = ['onboarding', 'company', 'certificate', 'cafs', 'orders', 'folios', 'sync/status', 'sync/run', 'settings', 'documents', 'billing/usage'];

    /** "/api/v1/orders?limit=50", or null for a path the app must not reach. */
    public function target(string $pathAndQuery): ?string
    {
        $parts = explode('?', ltrim($pathAndQuery, '/'), 2);
        $path = $parts[0];
        if ($path === '' || str_contains($path, '..') || !preg_match('#^[A-Za-z0-9/_.\-]+$#', $path)) {
            return null;
        }
        $allowed = false;
        foreach (self::PREFIXES as $prefix) {
            if ($path === $prefix || str_starts_with($path, $prefix . '/')) {
                $allowed = true;
                break;
            }
        }
        if (!$allowed) {
            return null;
        }
        return '/api/v1/' . $path . (isset($parts[1]) && $parts[1] !== '' ? '?' . $parts[1] : '');
    }
}
