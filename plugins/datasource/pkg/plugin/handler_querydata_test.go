package plugin

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// passRateFrame is what the backend sends for pass_rate by project as timeseries_long: Grafana's
// frame JSON with only the simple "type" (no Go typeInfo), as @grafana/data writes it.
const passRateFrame = `{"schema":{"refId":"A","name":"pass_rate","fields":[
  {"name":"time","type":"time"},
  {"name":"project","type":"string"},
  {"name":"pass_rate","type":"number","config":{"unit":"percentunit"}}]},
 "data":{"values":[[1700000000000,1700000000000,1700000060000,1700000060000],["api","web","api","web"],[0.95,0.8,0.97,0.85]]}}`

func queryRoutes(t *testing.T) map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"POST /api/v1/query": func(w http.ResponseWriter, r *http.Request) {
			var body struct {
				Queries []map[string]any `json:"queries"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Errorf("bad body: %v", err)
			}
			q := body.Queries[0]
			ref := q["refId"].(string)
			switch q["dataset"] {
			case "broken":
				writeJSON(w, map[string]any{"results": map[string]any{ref: map[string]any{
					"frames": []any{}, "status": 400, "error": map[string]any{"code": "QUERY_INVALID", "message": "unknown field nope"}}}})
			case "denied":
				problem(w, 403, "AUTH_ORG_MISMATCH", "org 3 is not tenant's org 2")
			default:
				res := map[string]any{"frames": []json.RawMessage{json.RawMessage(passRateFrame)}}
				if r.Header.Get(HeaderRole) == "Admin" {
					res["sql"] = "SELECT 1"
				}
				writeJSON(w, map[string]any{"results": map[string]any{ref: res}})
			}
		},
	}
}

func dataQuery(ref, model string) backend.DataQuery {
	return backend.DataQuery{RefID: ref, JSON: json.RawMessage(model), Interval: time.Minute, MaxDataPoints: 500,
		TimeRange: backend.TimeRange{From: time.UnixMilli(1700000000000), To: time.UnixMilli(1700000900000)}}
}

const validModel = `{"refId":"A","datasource":{"type":"semantest-analytics-datasource","uid":"x"},"version":1,"dataset":"results","intervalMs":15000,"maxDataPoints":500,"bucketIntervalMs":300000,
 "metrics":[{"fn":"pass_rate"}],"groupBy":["project"],"filters":[],"shape":"timeseries_long","legendFormat":"{{project}}"}`

func TestQueryDataForwardsUserIdentityAndDecodesFrames(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	ds := fb.instance(t, "test-key")
	resp, err := ds.QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Editor"),
		Queries:       []backend.DataQuery{dataQuery("A", validModel)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatalf("unexpected error: %v", r.Error)
	}
	f := r.Frames[0]
	if f.RefID != "A" || f.Rows() != 4 || len(f.Fields) != 3 {
		t.Fatalf("frame not decoded: %s", mustJSON(t, f))
	}
	if f.Meta != nil && f.Meta.ExecutedQueryString != "" {
		t.Fatalf("SQL must only reach admins, got %q", f.Meta.ExecutedQueryString)
	}
	reqs := fb.all()
	h := reqs[0].Header
	want := map[string]string{HeaderOrgID: "2", HeaderUser: "ana", HeaderEmail: "ana@example.com", HeaderRole: "Editor", HeaderPrincipal: ""}
	for k, v := range want {
		if h.Get(k) != v {
			t.Errorf("header %s = %q, want %q", k, h.Get(k), v)
		}
	}
	var sent struct {
		Queries       []map[string]any `json:"queries"`
		Range         map[string]int64 `json:"range"`
		IntervalMs    int64            `json:"intervalMs"`
		MaxDataPoints int64            `json:"maxDataPoints"`
	}
	_ = json.Unmarshal(reqs[0].Body, &sent)
	q := sent.Queries[0]
	if q["datasource"] != nil || q["legendFormat"] != nil || q["maxDataPoints"] != nil || q["bucketIntervalMs"] != nil || q["dataset"] != "results" || q["refId"] != "A" || q["intervalMs"] != float64(300000) {
		t.Errorf("query model not cleaned of Grafana keys: %v", q)
	}
	if sent.Range["from"] != 1700000000000 || sent.Range["to"] != 1700000900000 || sent.IntervalMs != 60000 || sent.MaxDataPoints != 500 {
		t.Errorf("range/interval not forwarded: %+v", sent)
	}
}

func TestQueryDataAdminSeesCompiledSQL(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "root", "Admin"),
		Queries:       []backend.DataQuery{dataQuery("A", validModel)},
	})
	if got := resp.Responses["A"].Frames[0].Meta.ExecutedQueryString; got != "SELECT 1" {
		t.Fatalf("executedQueryString = %q", got)
	}
}

func TestQueryDataAlertRunsAsServiceWithSeriesPerLabelSet(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	pc := userContext(2, "", "")
	pc.User = nil
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: pc, Headers: map[string]string{"FromAlert": "true"},
		Queries: []backend.DataQuery{dataQuery("A", validModel)},
	})
	h := fb.all()[0].Header
	if h.Get(HeaderPrincipal) != "service" || h.Get(HeaderUser) != "" || h.Get(HeaderOrgID) != "2" {
		t.Fatalf("alert query identity wrong: %v", h)
	}
	r := resp.Responses["A"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	// Long → wide: one time field plus one numeric field per project, labelled, as alerting needs.
	f := r.Frames[0]
	if f.TimeSeriesSchema().Type != data.TimeSeriesTypeWide {
		t.Fatalf("alert frame not wide: %s", mustJSON(t, f))
	}
	seen := map[string]bool{}
	for _, fld := range f.Fields[1:] {
		if !fld.Type().Numeric() {
			t.Fatalf("non-numeric value field %s", fld.Name)
		}
		seen[fld.Labels["project"]] = true
	}
	if !seen["api"] || !seen["web"] || len(seen) != 2 {
		t.Fatalf("expected one series per project, got %v", seen)
	}
}

func TestQueryDataFromAlertWithUserStillRunsAsService(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	_, _ = fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Editor"), Headers: map[string]string{"FromAlert": "true"},
		Queries: []backend.DataQuery{dataQuery("A", validModel)},
	})
	if h := fb.all()[0].Header; h.Get(HeaderPrincipal) != "service" || h.Get(HeaderUser) != "" {
		t.Fatalf("alert preview must run as the service principal: %v", h)
	}
}

func TestQueryDataOneFailureDoesNotFailOthers(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	resp, err := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Viewer"),
		Queries: []backend.DataQuery{
			dataQuery("A", validModel),
			dataQuery("B", `{"version":1,"dataset":"broken"}`),
			dataQuery("C", `{"version":1,"dataset":"denied"}`),
			dataQuery("D", `not json`),
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Responses["A"].Error != nil || len(resp.Responses["A"].Frames) != 1 {
		t.Fatalf("A should succeed: %v", resp.Responses["A"].Error)
	}
	for ref, status := range map[string]backend.Status{"B": 400, "C": 403, "D": 502} {
		r := resp.Responses[ref]
		if r.Error == nil || r.ErrorSource != backend.ErrorSourceDownstream || r.Status != status {
			t.Errorf("%s: error=%v source=%q status=%d, want downstream %d", ref, r.Error, r.ErrorSource, r.Status, status)
		}
	}
	if got := resp.Responses["B"].Error.Error(); got != "QUERY_INVALID: unknown field nope" {
		t.Errorf("B message = %q", got)
	}
}

func TestQueryDataUnreachableBackendIsDownstream(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	ds := fb.instance(t, "test-key")
	fb.Close()
	resp, _ := ds.QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Viewer"), Queries: []backend.DataQuery{dataQuery("A", validModel)},
	})
	r := resp.Responses["A"]
	if r.Error == nil || !backend.IsDownstreamError(r.Error) {
		t.Fatalf("want downstream error, got %v", r.Error)
	}
}

func TestLegendFormatSetsDisplayNames(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	pc := userContext(2, "", "")
	pc.User = nil
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: pc, Queries: []backend.DataQuery{dataQuery("A", validModel)},
	})
	names := map[string]bool{}
	for _, fld := range resp.Responses["A"].Frames[0].Fields[1:] {
		names[fld.Config.DisplayNameFromDS] = true
	}
	if !names["api"] || !names["web"] {
		t.Fatalf("legend not applied: %v", names)
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAnnotationsQueryBecomesAnnotationFrame(t *testing.T) {
	fb := newFakeBackend(t, map[string]http.HandlerFunc{
		"POST /api/v1/annotations": func(w http.ResponseWriter, r *http.Request) {
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			if body["kind"] != "new_failures" {
				t.Errorf("kind %v", body["kind"])
			}
			writeJSON(w, map[string]any{"annotations": []any{
				map[string]any{"time": 1700000000000, "title": "3 new failures", "text": "api: login", "tags": []string{"api", "main"}},
				map[string]any{"time": 1700000100000, "timeEnd": 1700000200000, "title": "run failed", "text": "", "tags": []string{}},
			}})
		},
	})
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Viewer"),
		Queries:       []backend.DataQuery{dataQuery("Anno", `{"queryType":"annotations","annotationKind":"new_failures","filters":[{"field":"project","op":"=","value":"api"}]}`)},
	})
	r := resp.Responses["Anno"]
	if r.Error != nil {
		t.Fatal(r.Error)
	}
	f := r.Frames[0]
	if f.Rows() != 2 || f.Fields[4].At(0) != "api,main" || f.Fields[1].At(0) != (*time.Time)(nil) {
		t.Fatalf("frame: %s", mustJSON(t, f))
	}
}

func TestStreamQueryReturnsChannelWithoutCallingBackend(t *testing.T) {
	fb := newFakeBackend(t, map[string]http.HandlerFunc{})
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: userContext(2, "ana", "Viewer"),
		Queries:       []backend.DataQuery{dataQuery("A", `{"queryType":"stream"}`)},
	})
	f := resp.Responses["A"].Frames[0]
	if f.Meta == nil || f.Meta.Channel != "ds/sem-o2/org/2/user/YW5h/batches" || len(fb.all()) != 0 {
		t.Fatalf("stream frame: %s", mustJSON(t, f))
	}
}
