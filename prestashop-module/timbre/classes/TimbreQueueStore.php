<?php
/** Where queued events live: the shop's database in production, memory in the unit tests. */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

interface TimbreQueueStore
{
    /** @param array{uuid:string,topic:string,payload:string,created_at:int} $event */
    public function insert(array $event);

    /** Events not sent yet whose next attempt is due, oldest first. @return array<int,array> */
    public function due($now, $limit);

    public function markSent($id, $now);

    public function markFailed($id, $attempts, $nextAttemptAt, $error);

    /** Makes every waiting event due now (the merchant pressed "Enviar ahora"). */
    public function retryAllNow($now);

    /** @return array{pending:int,failing:int,last_error:?string,last_sent_at:?int} */
    public function stats();

    /** One flusher at a time across PHP workers. */
    public function tryLock();

    public function unlock();
}
