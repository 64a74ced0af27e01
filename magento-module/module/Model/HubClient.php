<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

use Magento\Framework\HTTP\Client\CurlFactory;

/**
 * The store's calls to the hub's sync API, as every Timbre plugin makes them: Bearer API key, and
 * X-Timbre-Signature = base64(HMAC-SHA256(secret, "<timestamp>\n<METHOD>\n<path and query>\n<body>")).
 * The key and secret live in Magento's encrypted configuration; the admin's browser never sees them.
 */
class HubClient
{
    public function __construct(private readonly Config $config, private readonly CurlFactory $curlFactory)
    {
    }

    public static function sign(string $secret, string $timestamp, string $method, string $target, string $body): string
    {
        return base64_encode(hash_hmac('sha256', $timestamp . "\n" . strtoupper($method) . "\n" . $target . "\n" . $body, $secret, true));
    }

    /** @return array{status: int, body: string, type: string} status 0 when the hub could not be reached */
    public function request(string $method, string $target, string $body = ''): array
    {
        if ($this->config->hubUrl() === '' || $this->config->apiKey() === '') {
            return ['status' => 0, 'body' => '', 'type' => ''];
        }
        $timestamp = (string) time();
        $curl = $this->curlFactory->create();
        $curl->setTimeout(30);
        $curl->setHeaders([
            'Authorization' => 'Bearer ' . $this->config->apiKey(),
            'Accept' => 'application/json',
            'Accept-Language' => 'es-CL',
            'Content-Type' => 'application/json',
            'X-Timbre-Timestamp' => $timestamp,
            'X-Timbre-Signature' => self::sign($this->config->secret(), $timestamp, $method, $target, $body),
        ]);
        $url = $this->config->hubUrl() . $target;
        try {
            if ($method === 'GET') {
                $curl->get($url);
            } else {
                $curl->setOption(CURLOPT_CUSTOMREQUEST, strtoupper($method));
                $curl->post($url, $body);
            }
        } catch (\Throwable) {
            return ['status' => 0, 'body' => '', 'type' => ''];
        }
        $headers = array_change_key_case($curl->getHeaders(), CASE_LOWER);
        return ['status' => $curl->getStatus(), 'body' => $curl->getBody(), 'type' => (string) ($headers['content-type'] ?? 'application/json')];
    }
}
