package plugin

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// SubscribeStream authorizes a browser subscription against Grafana's plugin context (org and user),
// never against anything the path claims alone.
func (d *Datasource) SubscribeStream(_ context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	ch, err := parseChannel(req.Path)
	if err != nil {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	if !ch.allows(req.PluginContext) {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusPermissionDenied}, nil
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
}

// PublishStream is denied: only the backend produces batch events.
func (d *Datasource) PublishStream(context.Context, *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}

// RunStream relays the backend's stream for one channel until Grafana cancels ctx (last subscriber
// gone) or the instance is disposed.
func (d *Datasource) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	ch, err := parseChannel(req.Path)
	if err != nil {
		return fmt.Errorf("run stream %q: %w", req.Path, err)
	}
	if d.settingsErr != nil {
		return backend.DownstreamError(d.settingsErr)
	}
	if ch.User != "" && (req.PluginContext.User == nil || req.PluginContext.User.Login != ch.User) {
		return fmt.Errorf("run stream %q: plugin context user does not own the channel", req.Path)
	}
	ctx, done := d.streams.track(ctx, req.Path)
	defer done()
	r := &relay{client: d.client, id: ch.identity(req.PluginContext), cfg: d.settings.Stream, now: time.Now}
	return r.run(ctx, func(f *data.Frame) error { return sender.SendFrame(f, data.IncludeAll) })
}

// streamRegistry lets Dispose stop relays of a replaced instance.
type streamRegistry struct {
	mu      sync.Mutex
	next    int
	cancels map[int]context.CancelFunc
}

func newStreamRegistry() *streamRegistry {
	return &streamRegistry{cancels: map[int]context.CancelFunc{}}
}

func (s *streamRegistry) track(ctx context.Context, _ string) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.next++
	n := s.next
	s.cancels[n] = cancel
	s.mu.Unlock()
	return ctx, func() {
		cancel()
		s.mu.Lock()
		delete(s.cancels, n)
		s.mu.Unlock()
	}
}

func (s *streamRegistry) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.cancels {
		c()
	}
}
