package plugin

import "time"

// coalescer enforces "at most N frames per second per channel": the first event after a quiet
// period goes out at once (lowest latency), later ones wait for the next slot and are merged, so a
// burst of uploads costs the browser at most one frame per interval and loses no counts.
type coalescer struct {
	interval time.Duration
	lastSent time.Time
	pending  *batchSum
}

func newCoalescer(maxPerSecond float64) *coalescer {
	if maxPerSecond <= 0 {
		maxPerSecond = defaultMaxPerSecond
	}
	return &coalescer{interval: time.Duration(float64(time.Second) / maxPerSecond)}
}

func (c *coalescer) add(e batchEvent, now time.Time) {
	if c.pending == nil {
		c.pending = &batchSum{}
	}
	c.pending.add(e, now)
}

// wait reports how long until the pending sum may be sent; ok is false when nothing is pending.
func (c *coalescer) wait(now time.Time) (d time.Duration, ok bool) {
	if c.pending == nil {
		return 0, false
	}
	if c.lastSent.IsZero() {
		return 0, true
	}
	return max(0, c.lastSent.Add(c.interval).Sub(now)), true
}

// take hands out the pending sum and starts a new interval.
func (c *coalescer) take(now time.Time) (batchSum, bool) {
	if c.pending == nil {
		return batchSum{}, false
	}
	s := *c.pending
	c.pending, c.lastSent = nil, now
	return s, true
}
