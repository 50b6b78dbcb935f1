package plugin

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func whoamiRoute(kind string, org int64) map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"GET /api/v1/whoami": func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, map[string]any{
				"tenant":  map[string]any{"id": "t2", "slug": "acme", "name": "Acme", "grafanaOrgId": org},
				"key":     map[string]any{"kind": kind, "id": "k1"},
				"version": "0.1.0",
			})
		},
	}
}

func health(t *testing.T, ds *Datasource, org int64) *backend.CheckHealthResult {
	t.Helper()
	res, err := ds.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: userContext(org, "ana", "Admin")})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCheckHealthOK(t *testing.T) {
	fb := newFakeBackend(t, whoamiRoute("grafana", 2))
	res := health(t, fb.instance(t, "test-key"), 2)
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "Semantest 0.1.0") || !strings.Contains(res.Message, `"Acme" (acme)`) || !strings.Contains(res.Message, "org (2)") {
		t.Fatalf("unexpected: %v %s", res.Status, res.Message)
	}
	var details map[string]any
	_ = json.Unmarshal(res.JSONDetails, &details)
	if details["backendVersion"] != "0.1.0" {
		t.Fatalf("details: %s", res.JSONDetails)
	}
	if h := fb.all()[0].Header; h.Get(HeaderOrgID) != "2" || h.Get(HeaderUser) != "ana" {
		t.Fatalf("identity not forwarded on health check: %v", h)
	}
}

func TestCheckHealthNamesEachFailure(t *testing.T) {
	problemRoute := func(status int, code, detail string) map[string]http.HandlerFunc {
		return map[string]http.HandlerFunc{"GET /api/v1/whoami": func(w http.ResponseWriter, _ *http.Request) { problem(w, status, code, detail) }}
	}
	cases := []struct {
		name   string
		routes map[string]http.HandlerFunc
		key    string
		want   string
	}{
		{"bad key", whoamiRoute("grafana", 2), "wrong", "Bad key"},
		{"revoked", problemRoute(401, "AUTH_KEY_REVOKED", "revoked 2026-11-01"), "test-key", "revoked"},
		{"wrong kind by backend", problemRoute(403, "AUTH_WRONG_KEY_KIND", "key kind is ingest"), "test-key", "Wrong key kind: key kind is ingest"},
		{"wrong kind by whoami", whoamiRoute("ingest", 2), "test-key", `kind "ingest"`},
		{"org mismatch by backend", problemRoute(403, "AUTH_ORG_MISMATCH", "tenant acme is org 5"), "test-key", "Org mismatch: this datasource is in Grafana org 2"},
		{"org mismatch by whoami", whoamiRoute("grafana", 5), "test-key", "mapped to org 5"},
		{"not semantest", map[string]http.HandlerFunc{}, "test-key", "Bad URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fb := newFakeBackend(t, c.routes)
			res := health(t, fb.instance(t, c.key), 2)
			if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, c.want) {
				t.Fatalf("got %v %q, want message containing %q", res.Status, res.Message, c.want)
			}
		})
	}
}

func TestCheckHealthUnreachableAndSettings(t *testing.T) {
	fb := newFakeBackend(t, whoamiRoute("grafana", 2))
	ds := fb.instance(t, "test-key")
	fb.Close()
	if res := health(t, ds, 2); !strings.Contains(res.Message, "unreachable") {
		t.Fatalf("got %q", res.Message)
	}
	for json, want := range map[string]string{
		`{}`:                        "backend URL is empty",
		`{"url":"ftp://x"}`:         "must start with http",
		`{"url":"http://"}`:         "has no host",
		`{"url":"http://h:1/?a=b"}`: "must not contain a query",
	} {
		inst, _ := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{JSONData: []byte(json), DecryptedSecureJSONData: map[string]string{"apiKey": "k"}})
		if res := health(t, inst.(*Datasource), 2); res.Status != backend.HealthStatusError || !strings.Contains(res.Message, want) {
			t.Errorf("%s: got %q", json, res.Message)
		}
	}
	inst, _ := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{JSONData: []byte(`{"url":"http://h"}`)})
	if res := health(t, inst.(*Datasource), 2); !strings.Contains(res.Message, "no Semantest key configured") {
		t.Errorf("missing key: got %q", res.Message)
	}
}
