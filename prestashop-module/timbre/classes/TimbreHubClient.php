<?php
/**
 * Talks to the Timbre hub: signed event deliveries and the order view (documents) for the
 * back-office and buyer pages. Short timeouts: a slow hub must never hold up a checkout.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreHubClient
{
    const EVENTS_PATH = '/webhooks/prestashop';

    private $hubUrl;
    private $apiKey;
    private $secret;
    private $timeout;

    public function __construct($hubUrl, $apiKey, $secret, $timeout = 5)
    {
        $this->hubUrl = rtrim((string) $hubUrl, '/');
        $this->apiKey = (string) $apiKey;
        $this->secret = (string) $secret;
        $this->timeout = (int) $timeout;
    }

    public function isConfigured()
    {
        return $this->hubUrl !== '' && $this->apiKey !== '' && $this->secret !== '';
    }

    /**
     * A link the hub gave, as the buyer's browser must open it: the hub answers its own paths
     * ("/api/v1/documents/…?t=…", signed, no key needed), which are relative to the hub, not the shop.
     */
    public function absoluteLink($link)
    {
        $link = (string) $link;

        return $link !== '' && $link[0] === '/' ? $this->hubUrl . $link : $link;
    }

    /** Delivers one queued event. @return array{ok:bool,error?:string,status?:int} */
    public function deliver(array $event)
    {
        if (!$this->isConfigured()) {
            return ['ok' => false, 'error' => 'Timbre no está configurado (URL del hub, clave de API y secreto).'];
        }
        $r = $this->request('POST', self::EVENTS_PATH, (string) $event['payload']);
        if ($r['status'] >= 200 && $r['status'] < 300) {
            return ['ok' => true, 'status' => $r['status']];
        }

        return ['ok' => false, 'status' => $r['status'], 'error' => $r['error'] !== '' ? $r['error'] : self::describe($r)];
    }

    /** GET /api/v1/orders/{id}: the documents of one order, or null when the hub does not know it. */
    public function order($externalId)
    {
        if (!$this->isConfigured()) {
            return null;
        }
        $r = $this->request('GET', '/api/v1/orders/' . rawurlencode((string) $externalId), null);
        if ($r['status'] !== 200) {
            return null;
        }
        $data = json_decode($r['body'], true);
        $order = is_array($data) ? (isset($data['order']) ? $data['order'] : $data) : null;
        if (is_array($order) && isset($order['documents']) && is_array($order['documents'])) {
            foreach ($order['documents'] as $i => $d) {
                foreach (['pdfUrl', 'xmlUrl'] as $k) {
                    if (isset($d[$k])) {
                        $order['documents'][$i][$k] = $this->absoluteLink($d[$k]);
                    }
                }
            }
        }

        return $order;
    }

    /**
     * One request to the hub, signed when it has a body. Also what the admin page's proxy uses, so
     * the store secret never reaches the browser.
     *
     * @return array{status:int,body:string,error:string,contentType:string}
     */
    public function request($method, $target, $body)
    {
        $headers = ['Accept: application/json'];
        if ($body !== null) {
            foreach (TimbreSigner::headers($this->apiKey, $this->secret, $method, $target, $body) as $k => $v) {
                $headers[] = $k . ': ' . $v;
            }
            $headers[] = 'Content-Type: application/json';
        } else {
            $headers[] = 'Authorization: Bearer ' . $this->apiKey;
        }
        $ch = curl_init($this->hubUrl . $target);
        curl_setopt_array($ch, [
            CURLOPT_CUSTOMREQUEST => strtoupper($method),
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => $headers,
            CURLOPT_CONNECTTIMEOUT => min(3, $this->timeout),
            CURLOPT_TIMEOUT => $this->timeout,
            CURLOPT_FOLLOWLOCATION => false,
        ]);
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
        }
        $out = curl_exec($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        $type = (string) curl_getinfo($ch, CURLINFO_CONTENT_TYPE);
        $error = $out === false ? curl_error($ch) : '';
        curl_close($ch);

        return ['status' => $status, 'body' => $out === false ? '' : (string) $out, 'error' => $error, 'contentType' => $type];
    }

    private static function describe(array $r)
    {
        $data = json_decode($r['body'], true);
        if (is_array($data) && isset($data['error']['message'])) {
            $m = $data['error']['message'];

            return 'HTTP ' . $r['status'] . ': ' . (is_array($m) ? (isset($m['es']) ? $m['es'] : json_encode($m)) : (string) $m);
        }
        if (is_array($data) && isset($data['message'])) {
            return 'HTTP ' . $r['status'] . ': ' . (string) $data['message'];
        }

        return 'HTTP ' . $r['status'];
    }
}
