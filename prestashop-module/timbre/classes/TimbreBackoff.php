<?php
/**
 * When a queued event is tried again: 30 s doubling up to 6 h, so a hub that is down for a day
 * is caught up within hours of its return without hammering it meanwhile.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreBackoff
{
    const BASE_SECONDS = 30;
    const MAX_SECONDS = 21600;

    public static function delay($attempts)
    {
        $attempts = max(1, (int) $attempts);

        return (int) min(self::MAX_SECONDS, self::BASE_SECONDS * pow(2, min(20, $attempts - 1)));
    }
}
