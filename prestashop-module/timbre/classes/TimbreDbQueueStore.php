<?php
/** The queue in the shop's database (table PREFIX_timbre_event). */
if (!defined('_PS_VERSION_')) {
    exit;
}

class TimbreDbQueueStore implements TimbreQueueStore
{
    const TABLE = 'timbre_event';

    private function db()
    {
        return Db::getInstance();
    }

    public function insert(array $event)
    {
        return $this->db()->insert(self::TABLE, [
            'uuid' => pSQL($event['uuid']),
            'topic' => pSQL($event['topic']),
            'payload' => pSQL($event['payload'], true),
            'attempts' => 0,
            'next_attempt_at' => (int) $event['created_at'],
            'created_at' => (int) $event['created_at'],
        ]);
    }

    public function due($now, $limit)
    {
        $rows = $this->db()->executeS(
            'SELECT id_timbre_event AS id, uuid, topic, payload, attempts FROM `' . _DB_PREFIX_ . self::TABLE . '`'
            . ' WHERE sent_at IS NULL AND next_attempt_at <= ' . (int) $now
            . ' ORDER BY id_timbre_event ASC LIMIT ' . (int) $limit
        );

        return is_array($rows) ? $rows : [];
    }

    public function markSent($id, $now)
    {
        return $this->db()->update(self::TABLE, ['sent_at' => (int) $now, 'last_error' => null], 'id_timbre_event = ' . (int) $id, 0, true);
    }

    public function markFailed($id, $attempts, $nextAttemptAt, $error)
    {
        return $this->db()->update(self::TABLE, [
            'attempts' => (int) $attempts,
            'next_attempt_at' => (int) $nextAttemptAt,
            'last_error' => pSQL($error),
        ], 'id_timbre_event = ' . (int) $id);
    }

    public function retryAllNow($now)
    {
        return $this->db()->update(self::TABLE, ['next_attempt_at' => (int) $now], 'sent_at IS NULL');
    }

    public function stats()
    {
        $t = '`' . _DB_PREFIX_ . self::TABLE . '`';
        $row = $this->db()->getRow(
            'SELECT SUM(sent_at IS NULL) AS pending, SUM(sent_at IS NULL AND attempts > 0) AS failing,'
            . ' MAX(sent_at) AS last_sent_at FROM ' . $t
        );
        $error = $this->db()->getValue('SELECT last_error FROM ' . $t . ' WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY id_timbre_event DESC');

        return [
            'pending' => (int) ($row['pending'] ?? 0),
            'failing' => (int) ($row['failing'] ?? 0),
            'last_error' => $error ? (string) $error : null,
            'last_sent_at' => !empty($row['last_sent_at']) ? (int) $row['last_sent_at'] : null,
        ];
    }

    public function tryLock()
    {
        return (int) $this->db()->getValue("SELECT GET_LOCK('" . pSQL(_DB_NAME_ . '_timbre_queue') . "', 0)") === 1;
    }

    public function unlock()
    {
        $this->db()->getValue("SELECT RELEASE_LOCK('" . pSQL(_DB_NAME_ . '_timbre_queue') . "')");
    }
}
