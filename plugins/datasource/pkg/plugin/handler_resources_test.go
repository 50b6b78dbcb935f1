package plugin

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type captureSender struct{ res *backend.CallResourceResponse }

func (c *captureSender) Send(r *backend.CallResourceResponse) error { c.res = r; return nil }

func callResource(t *testing.T, ds *Datasource, method, path, rawURL string, body []byte) *backend.CallResourceResponse {
	t.Helper()
	s := &captureSender{}
	err := ds.CallResource(t.Context(), &backend.CallResourceRequest{
		PluginContext: userContext(2, "ana", "Viewer"), Method: method, Path: path, URL: rawURL, Body: body,
	}, s)
	if err != nil {
		t.Fatal(err)
	}
	return s.res
}

func TestCallResourceForwardsAllowlistedPathsWithIdentity(t *testing.T) {
	fb := newFakeBackend(t, map[string]http.HandlerFunc{
		"GET /api/v1/values/label:team a": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, map[string]any{"values": []string{"core"}})
		},
		"POST /api/v1/annotations": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, map[string]any{"annotations": []any{}})
		},
		"POST /api/v1/export-schedules/s1/pause": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, map[string]any{"id": "s1", "paused": true})
		},
		"GET /api/v1/exports/e1/file": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Disposition", `attachment; filename="x.csv"`)
			w.Header().Set("Set-Cookie", "leak=1")
			w.Header().Set("Content-Type", "text/csv")
			_, _ = w.Write([]byte("a,b\n"))
		},
	})
	ds := fb.instance(t, "test-key")

	res := callResource(t, ds, "GET", "values/label:team a", "values/label:team%20a?q=co&limit=20", nil)
	var vals struct{ Values []string }
	_ = json.Unmarshal(res.Body, &vals)
	if res.Status != 200 || len(vals.Values) != 1 || vals.Values[0] != "core" {
		t.Fatalf("values: %d %s", res.Status, res.Body)
	}
	req := fb.all()[0]
	if req.Path != "/api/v1/values/label:team%20a" || req.Query != "limit=20&q=co" {
		t.Fatalf("forwarded %s ? %s", req.Path, req.Query)
	}
	if req.Header.Get(HeaderUser) != "ana" || req.Header.Get(HeaderRole) != "Viewer" || req.Header.Get(HeaderOrgID) != "2" {
		t.Fatalf("identity: %v", req.Header)
	}

	res = callResource(t, ds, "POST", "annotations", "annotations", []byte(`{"kind":"failed_runs"}`))
	if res.Status != 200 || string(fb.all()[1].Body) != `{"kind":"failed_runs"}` || fb.all()[1].Header.Get("Content-Type") != "application/json" {
		t.Fatalf("annotations: %d %s", res.Status, res.Body)
	}

	// The app's Export Manager pauses schedules through the datasource.
	res = callResource(t, ds, "POST", "export-schedules/s1/pause", "export-schedules/s1/pause", nil)
	if res.Status != 200 || fb.all()[2].Path != "/api/v1/export-schedules/s1/pause" || fb.all()[2].Header.Get(HeaderUser) != "ana" {
		t.Fatalf("export schedules: %d %s", res.Status, res.Body)
	}

	res = callResource(t, ds, "GET", "exports/e1/file", "exports/e1/file", nil)
	if res.Headers["Content-Disposition"] == nil || res.Headers["Set-Cookie"] != nil || string(res.Body) != "a,b\n" {
		t.Fatalf("export download headers/body: %v %q", res.Headers, res.Body)
	}
}

func TestCallResourceRejectsEverythingElse(t *testing.T) {
	fb := newFakeBackend(t, map[string]http.HandlerFunc{})
	ds := fb.instance(t, "test-key")
	for _, c := range [][2]string{
		{"GET", "query"},              // queries go through QueryData only
		{"POST", "catalog"},           // wrong method
		{"DELETE", "audit"},           // audit is read-only
		{"GET", "values"},             // dimension required
		{"GET", "values/a/b"},         // one dimension only
		{"GET", "catalog/x"},          // no sub paths
		{"GET", "reports/../tenants"}, // traversal
		{"GET", "admin/keys"},         // not allowlisted
		{"GET", ""},
	} {
		res := callResource(t, ds, c[0], c[1], c[1], nil)
		if res.Status != 404 {
			t.Errorf("%s %s: status %d", c[0], c[1], res.Status)
		}
	}
	if n := len(fb.all()); n != 0 {
		t.Fatalf("%d requests leaked to the backend", n)
	}
}
