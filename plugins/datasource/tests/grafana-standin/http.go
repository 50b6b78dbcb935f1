package main

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

const pluginID = "semantest-analytics-datasource"

// settingsFor is the provisioned datasource of org 1 (the demo tenant's org).
func settingsFor(url, key string) *backend.DataSourceInstanceSettings {
	js, _ := json.Marshal(map[string]any{"url": url, "timeoutSeconds": 30})
	return &backend.DataSourceInstanceSettings{
		ID: 1, UID: "semantest", Name: "Semantest", Type: pluginID, URL: url, Updated: time.Now(),
		JSONData: js, DecryptedSecureJSONData: map[string]string{"apiKey": key},
	}
}

type standin struct {
	plugin   *pluginClients
	settings *backend.DataSourceInstanceSettings
}

func newStandin(p *pluginClients, s *backend.DataSourceInstanceSettings) http.Handler {
	st := &standin{plugin: p, settings: s}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ds/query", st.query)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", st.health)
	mux.HandleFunc("/api/datasources/uid/{uid}/resources/{path...}", st.resource)
	mux.HandleFunc("GET /api/live/ds/{uid}/{path...}", st.live)
	return mux
}

// pluginContext is what Grafana attaches to every call: org, signed-in user (an org Admin here),
// the datasource's settings.
func (s *standin) pluginContext() backend.PluginContext {
	return backend.PluginContext{
		OrgID: 1, PluginID: pluginID, PluginVersion: "harness",
		User:                       &backend.User{Login: "admin", Name: "Admin", Email: "admin@localhost", Role: "Admin"},
		DataSourceInstanceSettings: s.settings,
	}
}

// query mirrors Grafana's /api/ds/query: each entry of `queries` becomes a DataQuery whose JSON is
// the whole entry; from/to are epoch milliseconds; maxDataPoints defaults to 100, intervalMs to 1000.
func (s *standin) query(w http.ResponseWriter, r *http.Request) {
	var body struct {
		From    string            `json:"from"`
		To      string            `json:"to"`
		Queries []json.RawMessage `json:"queries"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, `{"message":"bad request"}`, http.StatusBadRequest)
		return
	}
	from, errFrom := strconv.ParseInt(body.From, 10, 64)
	to, errTo := strconv.ParseInt(body.To, 10, 64)
	if errFrom != nil || errTo != nil {
		http.Error(w, `{"message":"from/to must be epoch milliseconds"}`, http.StatusBadRequest)
		return
	}
	req := &backend.QueryDataRequest{PluginContext: s.pluginContext(), Headers: map[string]string{}}
	for _, raw := range body.Queries {
		var q struct {
			RefID         string `json:"refId"`
			QueryType     string `json:"queryType"`
			MaxDataPoints int64  `json:"maxDataPoints"`
			IntervalMs    int64  `json:"intervalMs"`
		}
		_ = json.Unmarshal(raw, &q)
		if q.MaxDataPoints == 0 {
			q.MaxDataPoints = 100
		}
		if q.IntervalMs == 0 {
			q.IntervalMs = 1000
		}
		req.Queries = append(req.Queries, backend.DataQuery{
			RefID: q.RefID, QueryType: q.QueryType, MaxDataPoints: q.MaxDataPoints,
			Interval:  time.Duration(q.IntervalMs) * time.Millisecond,
			TimeRange: backend.TimeRange{From: time.UnixMilli(from), To: time.UnixMilli(to)}, JSON: raw,
		})
	}
	pr, err := s.plugin.data.QueryData(r.Context(), backend.ToProto().QueryDataRequest(req))
	if err != nil {
		http.Error(w, `{"message":"plugin unavailable"}`, http.StatusInternalServerError)
		return
	}
	resp, err := backend.FromProto().QueryDataResponse(pr)
	if err != nil {
		http.Error(w, `{"message":"bad plugin response"}`, http.StatusInternalServerError)
		return
	}
	out, err := resp.MarshalJSON()
	if err != nil {
		http.Error(w, `{"message":"bad plugin response"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func (s *standin) health(w http.ResponseWriter, r *http.Request) {
	req := &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(s.pluginContext())}
	res, err := s.plugin.diagnostics.CheckHealth(r.Context(), req)
	if err != nil {
		http.Error(w, `{"message":"plugin unavailable"}`, http.StatusInternalServerError)
		return
	}
	h := backend.FromProto().CheckHealthResponse(res)
	status := http.StatusOK
	if h.Status != backend.HealthStatusOk {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"status": h.Status.String(), "message": h.Message})
}

// resource forwards like Grafana's resource proxy: path below resources/, the raw query string,
// method, body; the plugin's status, headers and (possibly chunked) body go back as they are.
func (s *standin) resource(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := r.PathValue("path")
	url := path
	if r.URL.RawQuery != "" {
		url += "?" + r.URL.RawQuery
	}
	req := &backend.CallResourceRequest{PluginContext: s.pluginContext(), Path: path, Method: r.Method, URL: url, Body: body,
		Headers: map[string][]string{"Content-Type": {r.Header.Get("Content-Type")}, "Accept": {r.Header.Get("Accept")}}}
	stream, err := s.plugin.resource.CallResource(r.Context(), backend.ToProto().CallResourceRequest(req))
	if err != nil {
		http.Error(w, `{"message":"plugin unavailable"}`, http.StatusInternalServerError)
		return
	}
	wrote := false
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !wrote {
				http.Error(w, `{"message":"plugin failed"}`, http.StatusInternalServerError)
			}
			return
		}
		res := backend.FromProto().CallResourceResponse(msg)
		if !wrote {
			for k, vs := range res.Headers {
				if !strings.EqualFold(k, "Content-Length") {
					w.Header()[k] = vs
				}
			}
			w.WriteHeader(max(res.Status, http.StatusOK))
			wrote = true
		}
		_, _ = w.Write(res.Body)
	}
	if !wrote {
		w.WriteHeader(http.StatusNoContent)
	}
}
