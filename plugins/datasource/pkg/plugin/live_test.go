//go:build live

package plugin

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"
)

// TestLiveBackend runs the real plugin gRPC server against a running Semantest backend (not part of
// the default run; needs the `live` build tag):
//
//	PORT=18089 DATA_DIR=/tmp/live SEMANTEST_DEMO=true SEMANTEST_SYNTHETIC_TRAFFIC=true npm start -w @semantest/backend
//	SEMANTEST_LIVE_URL=http://127.0.0.1:18089 SEMANTEST_LIVE_KEY=<demo grafana key> go test -tags live ./pkg/plugin -run Live -v
func TestLiveBackend(t *testing.T) {
	url, key := os.Getenv("SEMANTEST_LIVE_URL"), os.Getenv("SEMANTEST_LIVE_KEY")
	if url == "" || key == "" {
		t.Fatal("set SEMANTEST_LIVE_URL and SEMANTEST_LIVE_KEY")
	}
	tp, err := datasourcetest.Manage(NewDatasource, datasourcetest.ManageOpts{Address: freeAddr(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tp.Shutdown() })
	pc := userContext(1, "admin", "Admin")
	pc.PluginID = "semantest-analytics-datasource"
	pc.DataSourceInstanceSettings = &backend.DataSourceInstanceSettings{
		ID: 1, UID: "semantest", Name: "Semantest", Updated: time.Unix(1, 0),
		JSONData: json.RawMessage(`{"url":"` + url + `"}`), DecryptedSecureJSONData: map[string]string{"apiKey": key},
	}
	health, err := tp.Client.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health: %v %+v", err, health)
	}
	t.Logf("health: %s", health.Message)

	wrongOrg := pc
	wrongOrg.OrgID = 7
	if h, _ := tp.Client.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: wrongOrg}); h.Status != backend.HealthStatusError {
		t.Fatalf("org 7 must be refused: %+v", h)
	}

	now := time.Now()
	q := backend.DataQuery{RefID: "A", Interval: time.Minute, MaxDataPoints: 500,
		TimeRange: backend.TimeRange{From: now.Add(-24 * time.Hour), To: now},
		JSON:      json.RawMessage(`{"version":1,"dataset":"results","metrics":[{"fn":"pass_rate"}],"groupBy":["project"],"filters":[],"shape":"table"}`)}
	for _, alert := range []bool{false, true} {
		req := &backend.QueryDataRequest{PluginContext: pc, Queries: []backend.DataQuery{q}}
		if alert {
			req.PluginContext.User = nil
			req.Headers = map[string]string{"FromAlert": "true"}
		}
		resp, err := tp.Client.QueryData(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		r := resp.Responses["A"]
		if r.Error != nil {
			t.Fatalf("alert=%v: %v", alert, r.Error)
		}
		t.Logf("alert=%v: %d frames, first %s", alert, len(r.Frames), mustJSON(t, r.Frames[0])[:min(400, len(mustJSON(t, r.Frames[0])))])
	}

	ds := &Datasource{}
	inst, _ := NewDatasource(t.Context(), *pc.DataSourceInstanceSettings)
	ds = inst.(*Datasource)
	defer ds.Dispose()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	sender := &framesSender{got: make(chan struct{}, 100)}
	go func() {
		_ = ds.RunStream(ctx, &backend.RunStreamRequest{Path: "org/1/batches", PluginContext: pc}, backend.NewStreamSender(sender))
	}()
	select {
	case <-sender.got:
		t.Logf("live batch frame: %s", mustJSON(t, sender.frames[0]))
	case <-ctx.Done():
		t.Fatal("no batch event relayed within 90 s (is synthetic traffic on?)")
	}
}
