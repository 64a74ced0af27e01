<?php
use PHPUnit\Framework\TestCase;

class EventQueueTest extends TestCase
{
    private $now = 1000;

    private function queue(MemoryQueueStore $store, callable $transport)
    {
        $self = $this;

        return new TimbreEventQueue($store, $transport, function () use ($self) { return $self->now; });
    }

    public function testAnEventIsKeptUntilTheHubTakesIt()
    {
        $store = new MemoryQueueStore();
        $up = false;
        $seen = [];
        $q = $this->queue($store, function ($e) use (&$up, &$seen) {
            $seen[] = json_decode($e['payload'], true);

            return $up ? ['ok' => true] : ['ok' => false, 'error' => 'connection refused'];
        });
        $id = $q->enqueue('order.validated', ['id_order' => '7'], 'tienda.cl');

        $this->assertSame(['sent' => 0, 'failed' => 1, 'locked' => false], $q->flush());
        $row = array_values($store->rows)[0];
        $this->assertSame(1, $row['attempts']);
        $this->assertSame('connection refused', $row['last_error']);
        $this->assertSame(1000 + 30, $row['next_attempt_at']);

        // Not due yet: nothing is sent, even with the hub back.
        $up = true;
        $this->assertSame(0, $q->flush()['sent']);
        $this->now += 30;
        $this->assertSame(1, $q->flush()['sent']);
        $this->assertSame(0, $store->stats()['pending']);

        $this->assertSame($id, $seen[1]['id'], 'the retry carries the same event id, so the hub can drop a duplicate');
        $this->assertSame('order.validated', $seen[1]['topic']);
        $this->assertSame(['id_order' => '7'], $seen[1]['data']);
        $this->assertSame('tienda.cl', $seen[1]['shop']);
    }

    public function testOrderIsKeptAndAFailureStopsTheRun()
    {
        $store = new MemoryQueueStore();
        $sent = [];
        $q = $this->queue($store, function ($e) use (&$sent) {
            $d = json_decode($e['payload'], true)['data'];
            if ($d['n'] === 2) {
                return ['ok' => false, 'error' => 'HTTP 503'];
            }
            $sent[] = $d['n'];

            return ['ok' => true];
        });
        foreach ([1, 2, 3] as $n) {
            $q->enqueue('customer.saved', ['n' => $n], 's');
        }
        $r = $q->flush();
        $this->assertSame([1], $sent);
        $this->assertSame(1, $r['failed']);
        $this->assertSame(2, $store->stats()['pending']);
    }

    public function testOneFlusherAtATime()
    {
        $store = new MemoryQueueStore();
        $q = $this->queue($store, function () { return ['ok' => true]; });
        $q->enqueue('carrier.saved', [], 's');
        $store->locked = true;
        $this->assertTrue($q->flush()['locked']);
        $this->assertSame(1, $store->stats()['pending']);
        $store->locked = false;
        $this->assertSame(1, $q->flush()['sent']);
        $this->assertFalse($store->locked, 'the lock is released after a run');
    }

    public function testBackoffDoublesUpToSixHours()
    {
        $this->assertSame(30, TimbreBackoff::delay(1));
        $this->assertSame(60, TimbreBackoff::delay(2));
        $this->assertSame(240, TimbreBackoff::delay(4));
        $this->assertSame(21600, TimbreBackoff::delay(40));
    }
}
