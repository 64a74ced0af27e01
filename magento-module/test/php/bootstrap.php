<?php
declare(strict_types=1);

// The module's pure classes (RUT, checkout rules, signatures, proxy rules) load without Magento.
spl_autoload_register(static function (string $class): void {
    $prefix = 'Timbre\\Chile\\';
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . '/../../module/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
