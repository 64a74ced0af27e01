<?php
// The module's pure classes, loaded without PrestaShop.
define('TIMBRE_TESTING', true);
$classes = __DIR__ . '/../../timbre/classes/';
foreach (['TimbreRut', 'TimbreSigner', 'TimbreBackoff', 'TimbreQueueStore', 'TimbreEventQueue', 'TimbreCheckoutRules', 'TimbreDocumentNames', 'TimbreHubClient'] as $c) {
    require_once $classes . $c . '.php';
}
require_once __DIR__ . '/MemoryQueueStore.php';
