<?php
/**
 * The durable outbox: every hook writes its event here first, then the queue tries to deliver it
 * (at the end of the request that created it, from the cron front controller, and on back-office
 * page loads). An event leaves the queue only when the hub answered 2xx; until then it is retried
 * with backoff, so a hub that is down or a wrong key loses nothing.
 */
if (!defined('_PS_VERSION_') && !defined('TIMBRE_TESTING')) {
    exit;
}

class TimbreEventQueue
{
    /** @var TimbreQueueStore */
    private $store;
    /** @var callable(array):array{ok:bool,error?:string} */
    private $transport;
    /** @var callable():int */
    private $clock;

    public function __construct(TimbreQueueStore $store, callable $transport, callable $clock = null)
    {
        $this->store = $store;
        $this->transport = $transport;
        $this->clock = $clock ?: function () { return time(); };
    }

    /** @return string the event's id (the hub drops a second delivery of the same id) */
    public function enqueue($topic, array $data, $shop)
    {
        $now = call_user_func($this->clock);
        $uuid = self::uuid4();
        $payload = json_encode([
            'id' => $uuid,
            'topic' => $topic,
            'shop' => (string) $shop,
            'occurredAt' => gmdate('Y-m-d\TH:i:s\Z', $now),
            'data' => $data,
        ], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        $this->store->insert(['uuid' => $uuid, 'topic' => $topic, 'payload' => $payload, 'created_at' => $now]);

        return $uuid;
    }

    /**
     * Sends what is due, oldest first, within a time budget so a back-office page never waits long.
     * Stops at the first failure: when the hub is unreachable the rest would fail the same way.
     *
     * @return array{sent:int,failed:int,locked:bool}
     */
    public function flush($limit = 50, $budgetSeconds = 5.0)
    {
        if (!$this->store->tryLock()) {
            return ['sent' => 0, 'failed' => 0, 'locked' => true];
        }
        $sent = 0;
        $failed = 0;
        $started = microtime(true);
        try {
            foreach ($this->store->due(call_user_func($this->clock), $limit) as $row) {
                if (microtime(true) - $started > $budgetSeconds) {
                    break;
                }
                $result = call_user_func($this->transport, $row);
                $now = call_user_func($this->clock);
                if (!empty($result['ok'])) {
                    $this->store->markSent($row['id'], $now);
                    ++$sent;
                    continue;
                }
                $attempts = (int) $row['attempts'] + 1;
                $error = isset($result['error']) ? (string) $result['error'] : 'unknown error';
                $this->store->markFailed($row['id'], $attempts, $now + TimbreBackoff::delay($attempts), mb_substr($error, 0, 500));
                ++$failed;
                break;
            }
        } finally {
            $this->store->unlock();
        }

        return ['sent' => $sent, 'failed' => $failed, 'locked' => false];
    }

    public static function uuid4()
    {
        $b = random_bytes(16);
        $b[6] = chr((ord($b[6]) & 0x0f) | 0x40);
        $b[8] = chr((ord($b[8]) & 0x3f) | 0x80);

        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($b), 4));
    }
}
