package plugin

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// fakeBackend is an httptest stand-in for the Semantest backend: it records every request and
// answers from per-path handlers, so tests assert what the plugin really sends over HTTP.
type fakeBackend struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	routes   map[string]http.HandlerFunc
}

type recorded struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
}

func newFakeBackend(t *testing.T, routes map[string]http.HandlerFunc) *fakeBackend {
	t.Helper()
	fb := &fakeBackend{routes: routes}
	fb.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fb.mu.Lock()
		fb.requests = append(fb.requests, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), body})
		fb.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer test-key" {
			problem(w, 401, "AUTH_INVALID_KEY", "unknown key")
			return
		}
		h, ok := fb.routes[r.Method+" "+r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
	}))
	t.Cleanup(fb.Close)
	return fb
}

func (fb *fakeBackend) all() []recorded {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	return append([]recorded(nil), fb.requests...)
}

func (fb *fakeBackend) instance(t *testing.T, key string) *Datasource {
	t.Helper()
	inst, err := NewDatasource(t.Context(), backend.DataSourceInstanceSettings{
		UID:                     "sem-o2",
		JSONData:                json.RawMessage(`{"url":"` + fb.URL + `","streamMaxPerSecond":10}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": key},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(inst.(*Datasource).Dispose)
	return inst.(*Datasource)
}

func problem(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": detail, "code": code})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func userContext(org int64, login, role string) backend.PluginContext {
	return backend.PluginContext{
		OrgID:                      org,
		User:                       &backend.User{Login: login, Email: login + "@example.com", Role: role},
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{UID: "sem-o2"},
	}
}
