<?php
/**
 * Signs requests to the hub the way its sync API checks them:
 * X-Timbre-Signature = base64(HMAC-SHA256(store secret, "<timestamp>\n<METHOD>\n<path and query>\n<raw body>")),
 * X-Timbre-Timestamp = Unix seconds. The API key goes in Authorization: Bearer.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreSigner
{
    /** @return array<string,string> header name => value */
    public static function headers($apiKey, $secret, $method, $target, $body, $timestamp = null)
    {
        $ts = (string) ($timestamp === null ? time() : (int) $timestamp);
        $input = $ts . "\n" . strtoupper($method) . "\n" . $target . "\n" . $body;

        return [
            'Authorization' => 'Bearer ' . $apiKey,
            'X-Timbre-Timestamp' => $ts,
            'X-Timbre-Signature' => base64_encode(hash_hmac('sha256', $input, $secret, true)),
        ];
    }
}
