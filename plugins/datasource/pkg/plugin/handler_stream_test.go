package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"go.uber.org/goleak"
)

func TestSubscribeStreamAuthorization(t *testing.T) {
	ds := &Datasource{}
	ana := channel{OrgID: 2, User: "ana@example.com"}.Path()
	cases := []struct {
		path string
		pc   backend.PluginContext
		want backend.SubscribeStreamStatus
	}{
		{ana, userContext(2, "ana@example.com", "Viewer"), backend.SubscribeStreamStatusOK},
		{ana, userContext(2, "bob", "Admin"), backend.SubscribeStreamStatusPermissionDenied},              // another user's view
		{ana, userContext(3, "ana@example.com", "Viewer"), backend.SubscribeStreamStatusPermissionDenied}, // same login, other org
		{"org/2/batches", userContext(2, "root", "Admin"), backend.SubscribeStreamStatusOK},
		{"org/2/batches", userContext(2, "ana", "Editor"), backend.SubscribeStreamStatusPermissionDenied}, // org-wide view is Admin-only
		{"org/2/batches", userContext(3, "root", "Admin"), backend.SubscribeStreamStatusPermissionDenied},
		{"org/2/batches", backend.PluginContext{OrgID: 2}, backend.SubscribeStreamStatusPermissionDenied},
		{"org/x/batches", userContext(2, "root", "Admin"), backend.SubscribeStreamStatusNotFound},
		{"org/2/user/!!/batches", userContext(2, "root", "Admin"), backend.SubscribeStreamStatusNotFound},
		{"tenants/2", userContext(2, "root", "Admin"), backend.SubscribeStreamStatusNotFound},
	}
	for _, c := range cases {
		res, err := ds.SubscribeStream(t.Context(), &backend.SubscribeStreamRequest{Path: c.path, PluginContext: c.pc})
		if err != nil || res.Status != c.want {
			t.Errorf("%s as %+v: got %v %v, want %v", c.path, c.pc.User, res.Status, err, c.want)
		}
	}
	pub, _ := ds.PublishStream(t.Context(), &backend.PublishStreamRequest{Path: ana, PluginContext: userContext(2, "ana@example.com", "Admin")})
	if pub.Status != backend.PublishStreamStatusPermissionDenied {
		t.Errorf("publish must be denied")
	}
}

func TestChannelPathRoundTripAndStreamQuery(t *testing.T) {
	c := channel{OrgID: 7, User: "a.b+c@x.io"}
	got, err := parseChannel(c.Path())
	if err != nil || got != c {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	r := streamQueryResponse(userContext(7, "a.b+c@x.io", "Viewer"), "A")
	if ch := r.Frames[0].Meta.Channel; ch != "ds/sem-o2/"+c.Path() {
		t.Fatalf("channel %q", ch)
	}
}

func TestCoalescerLimitsRateWithoutLosingCounts(t *testing.T) {
	t0 := time.Unix(1000, 0)
	co := newCoalescer(10) // one frame per 100 ms
	co.add(batchEvent{Passed: 1, RunIDs: []string{"r1"}}, t0)
	if w, ok := co.wait(t0); !ok || w != 0 {
		t.Fatalf("first event must go out at once, wait %v", w)
	}
	s, _ := co.take(t0)
	if s.Passed != 1 || s.Runs != 1 {
		t.Fatalf("%+v", s)
	}
	for i := range 50 { // a burst within the same interval
		co.add(batchEvent{Passed: 1, Failed: 2, RunIDs: []string{fmt.Sprint(i)}, At: json.RawMessage(fmt.Sprint(1700000000000 + i))}, t0.Add(10*time.Millisecond))
	}
	if w, _ := co.wait(t0.Add(10 * time.Millisecond)); w != 90*time.Millisecond {
		t.Fatalf("burst must wait for the next slot, wait %v", w)
	}
	s, _ = co.take(t0.Add(100 * time.Millisecond))
	if s.Events != 50 || s.Passed != 50 || s.Failed != 100 || s.Runs != 50 || s.At.UnixMilli() != 1700000000049 {
		t.Fatalf("coalesced sum wrong: %+v", s)
	}
	if _, ok := co.take(t0.Add(time.Second)); ok {
		t.Fatal("nothing should be pending")
	}
}

func TestReadSSE(t *testing.T) {
	in := ": keep-alive\n\nevent: batch\ndata: {\"passed\":1}\n\nid: 2\ndata: a\ndata: b\n\n"
	var got []sseEvent
	_ = readSSE(t.Context(), strings.NewReader(in), func(e sseEvent) bool { got = append(got, e); return true })
	if len(got) != 2 || got[0] != (sseEvent{"batch", `{"passed":1}`}) || got[1] != (sseEvent{"message", "a\nb"}) {
		t.Fatalf("%+v", got)
	}
}

type framesSender struct {
	mu     sync.Mutex
	frames []*data.Frame
	got    chan struct{}
}

func (s *framesSender) Send(p *backend.StreamPacket) error {
	f := &data.Frame{}
	if err := json.Unmarshal(p.Data, f); err != nil {
		return err
	}
	s.mu.Lock()
	s.frames = append(s.frames, f)
	s.mu.Unlock()
	s.got <- struct{}{}
	return nil
}

func (s *framesSender) total(field string) (n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.frames {
		fld, _ := f.FieldByName(field)
		for i := range fld.Len() {
			v, _ := fld.NullableFloatAt(i)
			if v != nil {
				n += int64(*v)
			}
		}
	}
	return n
}

// TestRunStreamRelaysReconnectsAndLeaksNothing drives RunStream against a fake SSE endpoint that
// drops the first connection after one event, then sends a burst on the second connection.
func TestRunStreamRelaysReconnectsAndLeaksNothing(t *testing.T) {
	verifyNoLeaks(t)
	var conns atomic.Int32
	var identities sync.Map
	fb := newFakeBackend(t, map[string]http.HandlerFunc{
		"GET /api/v1/stream": func(w http.ResponseWriter, r *http.Request) {
			n := conns.Add(1)
			identities.Store(n, r.Header.Get(HeaderUser)+"|"+r.Header.Get(HeaderPrincipal)+"|"+r.Header.Get("Accept"))
			w.Header().Set("Content-Type", "text/event-stream")
			fl := w.(http.Flusher)
			if n == 1 {
				fmt.Fprint(w, "event: batch\ndata: {\"passed\":1,\"runIds\":[\"r0\"]}\n\n")
				fl.Flush()
				return // connection drops: the relay must reconnect
			}
			for i := range 40 {
				fmt.Fprintf(w, "event: batch\ndata: {\"passed\":1,\"failed\":1,\"runIds\":[\"r%d\"],\"at\":%d}\n\n", i+1, 1700000000000+i)
			}
			fl.Flush()
			<-r.Context().Done()
		},
	})
	ds := fb.instance(t, "test-key")
	ds.settings.Stream.BackoffMin = 10 * time.Millisecond
	sender := &framesSender{got: make(chan struct{}, 100)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	pc := userContext(2, "ana", "Viewer")
	go func() {
		done <- ds.RunStream(ctx, &backend.RunStreamRequest{Path: channelFor(pc).Path(), PluginContext: pc}, backend.NewStreamSender(sender))
	}()
	start := time.Now()
	for sender.total("passed") < 41 {
		select {
		case <-sender.got:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d passed relayed after 10s", sender.total("passed"))
		}
	}
	elapsed := time.Since(start)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if sender.total("failed") != 40 || sender.total("runs") != 41 {
		t.Fatalf("counts lost: failed=%d runs=%d", sender.total("failed"), sender.total("runs"))
	}
	// Rate limit: at most one frame per 100 ms slot, plus the immediate first one.
	if n, limit := len(sender.frames), 2+int(elapsed/(100*time.Millisecond)); n > limit {
		t.Fatalf("%d frames in %v exceeds the 10/s limit (%d)", n, elapsed, limit)
	}
	if conns.Load() < 2 {
		t.Fatal("relay did not reconnect")
	}
	if v, _ := identities.Load(int32(2)); v != "ana||text/event-stream" {
		t.Fatalf("stream identity %v", v)
	}
}

func TestRunStreamRejectsForeignUserContext(t *testing.T) {
	fb := newFakeBackend(t, map[string]http.HandlerFunc{})
	ds := fb.instance(t, "test-key")
	path := channel{OrgID: 2, User: "ana"}.Path()
	err := ds.RunStream(t.Context(), &backend.RunStreamRequest{Path: path, PluginContext: userContext(2, "bob", "Admin")}, backend.NewStreamSender(&framesSender{got: make(chan struct{}, 1)}))
	if err == nil {
		t.Fatal("RunStream must refuse a context whose user does not own the channel")
	}
}

func TestDisposeStopsRelays(t *testing.T) {
	verifyNoLeaks(t)
	fb := newFakeBackend(t, map[string]http.HandlerFunc{
		"GET /api/v1/stream": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		},
	})
	ds := fb.instance(t, "test-key")
	done := make(chan error, 1)
	go func() {
		done <- ds.RunStream(context.Background(), &backend.RunStreamRequest{Path: "org/2/batches", PluginContext: userContext(2, "root", "Admin")},
			backend.NewStreamSender(&framesSender{got: make(chan struct{}, 1)}))
	}()
	for len(fb.all()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	if h := fb.all()[0].Header; h.Get(HeaderPrincipal) != "service" {
		t.Fatalf("org channel must relay as the service principal: %v", h)
	}
	ds.Dispose()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Dispose did not stop the relay")
	}
}

// verifyNoLeaks checks, after every other cleanup (fake backend closed, instance disposed), that no
// goroutine started by the test is left: relays, SSE readers and HTTP connections included.
func verifyNoLeaks(t *testing.T) {
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}
