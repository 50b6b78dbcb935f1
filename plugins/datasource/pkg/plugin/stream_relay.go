package plugin

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// relay connects to GET /api/v1/stream as one identity and forwards coalesced batch frames.
// Invariant: run returns only after its reader goroutine has exited, so a cancelled RunStream
// leaves no goroutine and no open connection behind.
type relay struct {
	client *Client
	id     Identity
	cfg    StreamSettings
	now    func() time.Time
}

// stableAfter: a connection that lived this long (or delivered an event) resets the backoff.
const stableAfter = 5 * time.Second

func (r *relay) run(ctx context.Context, send func(*data.Frame) error) error {
	ctx, cancel := context.WithCancel(ctx)
	events := make(chan batchEvent, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.connectLoop(ctx, events)
	}()
	defer func() { cancel(); <-done }()

	co := newCoalescer(r.cfg.MaxPerSecond)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	flush := func() error {
		if sum, ok := co.take(r.now()); ok {
			return send(sum.frame())
		}
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-events:
			co.add(ev, r.now())
			wait, _ := co.wait(r.now())
			if wait == 0 {
				if err := flush(); err != nil {
					return err
				}
				continue
			}
			timer.Reset(wait)
		case <-timer.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// connectLoop keeps one SSE connection open, reconnecting with jittered exponential backoff.
func (r *relay) connectLoop(ctx context.Context, events chan<- batchEvent) {
	backoff := r.cfg.BackoffMin
	for ctx.Err() == nil {
		started := time.Now()
		delivered := r.connectOnce(ctx, events)
		if ctx.Err() != nil {
			return
		}
		if delivered || time.Since(started) >= stableAfter {
			backoff = r.cfg.BackoffMin
		}
		// Full jitter in [backoff/2, backoff): many plugin instances restarting together spread out.
		sleep := backoff/2 + time.Duration(rand.Int64N(int64(backoff/2)+1))
		select {
		case <-ctx.Done():
			return
		case <-time.After(sleep):
		}
		backoff = min(backoff*2, r.cfg.BackoffMax)
	}
}

// connectOnce reads one connection until it ends; it reports whether any batch was delivered.
func (r *relay) connectOnce(ctx context.Context, events chan<- batchEvent) bool {
	res, err := r.client.Do(ctx, http.MethodGet, "/api/v1/stream", nil, nil, "", r.id)
	if err != nil {
		log.DefaultLogger.Warn("semantest stream: connect failed", "error", err)
		return false
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		log.DefaultLogger.Warn("semantest stream: rejected", "error", problemFromResponse(res))
		return false
	}
	delivered := false
	_ = readSSE(ctx, res.Body, func(ev sseEvent) bool {
		if ev.Name != "batch" {
			return true
		}
		var b batchEvent
		if err := json.Unmarshal([]byte(ev.Data), &b); err != nil {
			log.DefaultLogger.Warn("semantest stream: bad batch event", "error", err)
			return true
		}
		select {
		case events <- b:
			delivered = true
			return true
		case <-ctx.Done():
			return false
		}
	})
	return delivered
}
