<?php
declare(strict_types=1);

namespace Timbre\Chile\Model;

/**
 * The Chilean RUT: body and modulo-11 check digit. Pure, so PHPUnit runs it without Magento.
 * Accepts the ways buyers type it ("76.192.083-9", "761920839", "76192083-9", lower-case k).
 */
class Rut
{
    /** "12345678-5", or null when the text is not a RUT with a correct check digit. */
    public function normalize(?string $text): ?string
    {
        if ($text === null) {
            return null;
        }
        $clean = strtoupper(preg_replace('/[\s.\-]/', '', $text) ?? '');
        if (!preg_match('/^0*(\d{1,8})([\dK])$/', $clean, $m)) {
            return null;
        }
        $body = ltrim($m[1], '0');
        if ($body === '' || $this->checkDigit($body) !== $m[2]) {
            return null;
        }
        return $body . '-' . $m[2];
    }

    public function isValid(?string $text): bool
    {
        return $this->normalize($text) !== null;
    }

    public function checkDigit(string $body): string
    {
        $sum = 0;
        $factor = 2;
        for ($i = strlen($body) - 1; $i >= 0; $i--) {
            $sum += (int) $body[$i] * $factor;
            $factor = $factor === 7 ? 2 : $factor + 1;
        }
        $rest = 11 - ($sum % 11);
        return $rest === 11 ? '0' : ($rest === 10 ? 'K' : (string) $rest);
    }
}
