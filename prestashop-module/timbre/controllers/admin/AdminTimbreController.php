<?php
/**
 * The "Timbre" tab: opens the module's configuration page, and is the shared admin app's host
 * proxy (woocommerce-plugin/admin/README.md): `ajax=1&action=hub&p=/<sync-API path>` forwards an
 * allow-listed call to the hub signed with the store secret, so the secret never reaches the
 * browser; `action=document&file=<id>.pdf|xml` streams a document. The employee's session and the
 * tab's token authenticate the browser, as for any back-office page.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class AdminTimbreController extends ModuleAdminController
{
    /** What the admin app may reach, under /api/v1/. */
    const ALLOWED = ['onboarding', 'company', 'certificate', 'cafs', 'orders', 'folios', 'sync/status', 'sync/run', 'settings', 'documents', 'billing/usage'];

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

    public static function isAllowed($path)
    {
        if (strpos($path, '..') !== false || strpos($path, '//') !== false) {
            return false;
        }
        foreach (self::ALLOWED as $prefix) {
            if ($path === $prefix || strpos($path, $prefix . '/') === 0) {
                return true;
            }
        }

        return false;
    }

    /** The app appends "<path>?<query>" to apiBase, which ends in "&p=/": everything after it is the target. */
    private static function target()
    {
        $qs = isset($_SERVER['QUERY_STRING']) ? (string) $_SERVER['QUERY_STRING'] : '';
        $at = strpos($qs, '&p=/');
        if ($at === false) {
            return null;
        }
        $raw = substr($qs, $at + 4);
        $q = strpos($raw, '?');
        $path = rawurldecode($q === false ? $raw : substr($raw, 0, $q));

        return ['path' => $path, 'query' => $q === false ? '' : substr($raw, $q)];
    }

    private function fail($status, $code, $message)
    {
        http_response_code($status);
        header('Content-Type: application/json; charset=utf-8');
        $this->ajaxRender(json_encode(['error' => ['code' => $code, 'message' => $message]], JSON_UNESCAPED_UNICODE));
    }

    public function ajaxProcessHub()
    {
        $method = strtoupper($_SERVER['REQUEST_METHOD']);
        $t = self::target();
        if (!$t || !in_array($method, ['GET', 'POST', 'PUT', 'PATCH'], true) || !self::isAllowed($t['path'])) {
            $this->fail(404, 'proxy.path', 'Esa sección de Timbre no está disponible desde la tienda.');

            return;
        }
        $client = $this->module->hubClient(30);
        if (!$client->isConfigured()) {
            $this->fail(409, 'timbre.not_configured', 'Configure Timbre primero: URL del hub, clave de API y secreto.');

            return;
        }
        $body = $method === 'GET' ? null : (string) file_get_contents('php://input');
        $r = $client->request($method, '/api/v1/' . $t['path'] . $t['query'], $body);
        if ($r['status'] === 0) {
            $this->fail(502, 'hub.unreachable', 'No se pudo contactar a Timbre. Inténtelo de nuevo en unos minutos.');

            return;
        }
        http_response_code($r['status']);
        header('Content-Type: ' . ($r['contentType'] !== '' ? $r['contentType'] : 'application/json; charset=utf-8'));
        $this->ajaxRender($r['body']);
    }

    public function ajaxProcessDocument()
    {
        $file = (string) Tools::getValue('file');
        if (!preg_match('/^[0-9a-f-]{36}\.(pdf|xml)$/', $file, $m)) {
            $this->fail(404, 'document.unknown', 'Documento desconocido.');

            return;
        }
        $r = $this->module->hubClient(30)->request('GET', '/api/v1/documents/' . $file, null);
        if ($r['status'] !== 200) {
            $this->fail(max(400, $r['status']), 'document.unavailable', 'Timbre no entregó el documento.');

            return;
        }
        header('Content-Type: ' . ($m[1] === 'pdf' ? 'application/pdf' : 'application/xml'));
        header('Content-Disposition: inline; filename="' . $file . '"');
        $this->ajaxRender($r['body']);
    }
}
