<?php
/**
 * index.php?fc=module&module=timbre&controller=cron&token=…: delivers what is waiting in the queue.
 * Meant for the shop's crontab every few minutes; answers JSON so a monitor can read it.
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

class TimbreCronModuleFrontController extends ModuleFrontController
{
    public $auth = false;
    public $ajax = true;

    /** Answers JSON and stops: this controller has no page (theme template) to render. */
    public function initContent()
    {
        header('Content-Type: application/json; charset=utf-8');
        if (!hash_equals($this->module->cronToken(), (string) Tools::getValue('token'))) {
            http_response_code(403);
            $this->ajaxRender(json_encode(['error' => 'token inválido']));
            exit;
        }
        $result = $this->module->queue()->flush(200, 20.0);
        $stats = (new TimbreDbQueueStore())->stats();
        $this->ajaxRender(json_encode([
            'sent' => $result['sent'],
            'failed' => $result['failed'],
            'busy' => $result['locked'],
            'pending' => $stats['pending'],
            'lastError' => $stats['last_error'],
        ], JSON_UNESCAPED_UNICODE));
        exit;
    }
}
