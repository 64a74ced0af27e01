<?php
/** The queue's storage in memory, with the same contract as the shop's table. */
class MemoryQueueStore implements TimbreQueueStore
{
    public $rows = [];
    public $locked = false;
    private $next = 1;

    public function insert(array $event)
    {
        $id = $this->next++;
        $this->rows[$id] = $event + ['id' => $id, 'attempts' => 0, 'next_attempt_at' => $event['created_at'], 'sent_at' => null, 'last_error' => null];

        return true;
    }

    public function due($now, $limit)
    {
        $due = array_filter($this->rows, function ($r) use ($now) { return $r['sent_at'] === null && $r['next_attempt_at'] <= $now; });
        ksort($due);

        return array_slice(array_values($due), 0, $limit);
    }

    public function markSent($id, $now)
    {
        $this->rows[$id]['sent_at'] = $now;
        $this->rows[$id]['last_error'] = null;
    }

    public function markFailed($id, $attempts, $nextAttemptAt, $error)
    {
        $this->rows[$id]['attempts'] = $attempts;
        $this->rows[$id]['next_attempt_at'] = $nextAttemptAt;
        $this->rows[$id]['last_error'] = $error;
    }

    public function retryAllNow($now)
    {
        foreach ($this->rows as &$r) {
            if ($r['sent_at'] === null) {
                $r['next_attempt_at'] = $now;
            }
        }
    }

    public function stats()
    {
        $pending = array_filter($this->rows, function ($r) { return $r['sent_at'] === null; });

        return ['pending' => count($pending), 'failing' => count(array_filter($pending, function ($r) { return $r['attempts'] > 0; })), 'last_error' => null, 'last_sent_at' => null];
    }

    public function tryLock()
    {
        if ($this->locked) {
            return false;
        }

        return $this->locked = true;
    }

    public function unlock()
    {
        $this->locked = false;
    }
}
