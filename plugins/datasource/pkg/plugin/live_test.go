//go:build live

package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"
)

// TestLiveBackend runs the real plugin gRPC server against a running Semantest backend with the
// demo tenant (not part of the default run; needs the `live` build tag). CI starts the backend
// with plugins/datasource/tests/live/with-backend.mts, which sets the three variables:
//
//	node --import tsx tests/live/with-backend.mts -- go test -tags live -count=1 -v -run Live ./pkg/plugin
//
// Missing variables fail the test: a live run that silently tests nothing is worse than none.
func TestLiveBackend(t *testing.T) {
	url, key, ingestKey := os.Getenv("SEMANTEST_LIVE_URL"), os.Getenv("SEMANTEST_LIVE_KEY"), os.Getenv("SEMANTEST_LIVE_INGEST_KEY")
	if url == "" || key == "" || ingestKey == "" {
		t.Fatal("set SEMANTEST_LIVE_URL, SEMANTEST_LIVE_KEY (grafana key) and SEMANTEST_LIVE_INGEST_KEY of the demo tenant")
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

	t.Run("health", func(t *testing.T) {
		health, err := tp.Client.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: pc})
		if err != nil || health.Status != backend.HealthStatusOk || !strings.Contains(health.Message, "demo") {
			t.Fatalf("health: %v %+v", err, health)
		}
		wrongOrg := pc
		wrongOrg.OrgID = 7
		if h, _ := tp.Client.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: wrongOrg}); h.Status != backend.HealthStatusError {
			t.Fatalf("org 7 must be refused: %+v", h)
		}
	})

	t.Run("query as user and as alert rule", func(t *testing.T) {
		now := time.Now()
		q := backend.DataQuery{RefID: "A", Interval: time.Minute, MaxDataPoints: 500,
			TimeRange: backend.TimeRange{From: now.Add(-8 * 24 * time.Hour), To: now},
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
			if r.Error != nil || len(r.Frames) == 0 {
				t.Fatalf("alert=%v: %v", alert, r.Error)
			}
			js := mustJSON(t, r.Frames)
			// The demo history covers the projects web, api and mobile.
			for _, p := range []string{"web", "api", "mobile"} {
				if !strings.Contains(js, `"`+p+`"`) {
					t.Fatalf("alert=%v: project %s missing from %s", alert, p, js)
				}
			}
			t.Logf("alert=%v: %d frames, %s", alert, len(r.Frames), js[:min(300, len(js))])
		}
	})

	t.Run("resources", func(t *testing.T) {
		for _, path := range []string{"catalog", "values/project"} {
			sender := &resourceRecorder{}
			err := tp.Client.CallResource(t.Context(), &backend.CallResourceRequest{PluginContext: pc, Path: path, Method: http.MethodGet, URL: path}, sender)
			if err != nil || sender.status != http.StatusOK || !strings.Contains(string(sender.body), "project") && !strings.Contains(string(sender.body), "web") {
				t.Fatalf("%s: %v %d %s", path, err, sender.status, sender.body)
			}
			t.Logf("%s: %s", path, sender.body[:min(200, len(sender.body))])
		}
	})

	t.Run("stream relays an upload", func(t *testing.T) {
		inst, err := NewDatasource(t.Context(), *pc.DataSourceInstanceSettings)
		if err != nil {
			t.Fatal(err)
		}
		ds := inst.(*Datasource)
		defer ds.Dispose()
		ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
		defer cancel()
		sender := &framesSender{got: make(chan struct{}, 100)}
		go func() {
			_ = ds.RunStream(ctx, &backend.RunStreamRequest{Path: "org/1/batches", PluginContext: pc}, backend.NewStreamSender(sender))
		}()
		// Upload until the relay delivers: the first upload may land before the SSE subscription is open.
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for i := 0; ; i++ {
			uploadRun(t, url, ingestKey, i)
			select {
			case <-sender.got:
				sender.mu.Lock()
				t.Logf("live batch frame: %s", mustJSON(t, sender.frames[0]))
				sender.mu.Unlock()
				return
			case <-tick.C:
			case <-ctx.Done():
				t.Fatal("no batch event relayed within 60 s of uploads")
			}
		}
	})
}

// uploadRun stores one small CI run for the demo tenant through the public ingest API.
func uploadRun(t *testing.T, url, ingestKey string, i int) {
	t.Helper()
	body := fmt.Sprintf(`{"runId":"go-live-%d-%d","project":"web","branch":"main","results":[{"suite":"live","name":"uploaded by the Go live test","status":"passed","durationMs":12}]}`, time.Now().UnixNano(), i)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, url+"/api/v1/runs", bytes.NewBufferString(body))
	req.Header.Set("Authorization", "Bearer "+ingestKey)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		t.Fatalf("upload: HTTP %d", res.StatusCode)
	}
}

type resourceRecorder struct {
	status int
	body   []byte
}

func (r *resourceRecorder) Send(res *backend.CallResourceResponse) error {
	if res.Status != 0 {
		r.status = res.Status
	}
	r.body = append(r.body, res.Body...)
	return nil
}
