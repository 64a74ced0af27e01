<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

/** The "something changed" hint sent to the hub: body and its signature (base64 HMAC-SHA256, like the sync API). */
class PingSigner
{
    /** @return array{body: string, signature: string} */
    public function sign(string $secret, string $incrementId, string $updatedAt): array
    {
        $body = (string) json_encode(
            ['topic' => 'order.saved', 'increment_id' => $incrementId, 'updated_at' => $updatedAt],
            JSON_UNESCAPED_SLASHES
        );
        return ['body' => $body, 'signature' => base64_encode(hash_hmac('sha256', $body, $secret, true))];
    }
}
