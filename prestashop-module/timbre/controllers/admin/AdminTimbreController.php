<?php
/**
 * The "Timbre" tab: opens the module's configuration page, and serves the admin bundle's calls to
 * the hub (ajax=1&action=hub) signed with the store secret here, so the secret never reaches the
 * browser. Only the sync API (/api/v1/…) can be reached through it.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class AdminTimbreController extends ModuleAdminController
{
    public function __construct()
    {
        $this->bootstrap = true;
        parent::__construct();
    }

    public function initContent()
    {
        if (!$this->ajax) {
            Tools::redirectAdmin($this->context->link->getAdminLink('AdminModules', true, [], ['configure' => 'timbre']));
        }
        parent::initContent();
    }

    public function ajaxProcessHub()
    {
        $method = strtoupper((string) Tools::getValue('method', 'GET'));
        $path = (string) Tools::getValue('path', '');
        header('Content-Type: application/json; charset=utf-8');
        if (!in_array($method, ['GET', 'POST', 'PUT'], true) || !preg_match('#^/api/v1/[A-Za-z0-9_\-./?=&%:]*$#', $path) || strpos($path, '..') !== false) {
            http_response_code(400);
            $this->ajaxRender(json_encode(['error' => ['code' => 'proxy.path', 'message' => 'Ruta no permitida.']]));

            return;
        }
        $client = $this->module->hubClient(15);
        if (!$client->isConfigured()) {
            http_response_code(409);
            $this->ajaxRender(json_encode(['error' => ['code' => 'timbre.not_configured', 'message' => 'Configure Timbre primero.']]));

            return;
        }
        $body = $method === 'GET' ? null : (string) file_get_contents('php://input');
        $r = $client->request($method, $path, $body);
        http_response_code($r['status'] > 0 ? $r['status'] : 502);
        if ($r['status'] === 0) {
            $this->ajaxRender(json_encode(['error' => ['code' => 'hub.unreachable', 'message' => 'No se pudo contactar al hub de Timbre.']]));

            return;
        }
        if ($r['contentType'] !== '') {
            header('Content-Type: ' . $r['contentType']);
        }
        $this->ajaxRender($r['body']);
    }
}
