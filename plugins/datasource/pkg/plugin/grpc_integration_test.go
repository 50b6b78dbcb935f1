package plugin

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"
)

// TestPluginOverGRPC runs the real plugin gRPC server in-process (the same server Grafana talks to)
// and drives QueryData, CheckHealth and CallResource through the SDK's test client, so the
// instance factory, settings decoding and protobuf conversion of frames are all exercised.
func TestPluginOverGRPC(t *testing.T) {
	routes := queryRoutes(t)
	for k, v := range whoamiRoute("grafana", 2) {
		routes[k] = v
	}
	fb := newFakeBackend(t, routes)

	addr := freeAddr(t)
	tp, err := datasourcetest.Manage(NewDatasource, datasourcetest.ManageOpts{Address: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tp.Shutdown() })

	pc := userContext(2, "ana", "Admin")
	pc.PluginID = "semantest-analytics-datasource"
	pc.DataSourceInstanceSettings = &backend.DataSourceInstanceSettings{
		ID: 1, UID: "sem-o2", Name: "Semantest", Updated: time.Unix(1, 0),
		JSONData:                json.RawMessage(`{"url":"` + fb.URL + `"}`),
		DecryptedSecureJSONData: map[string]string{"apiKey": "test-key"},
	}

	health, err := tp.Client.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: pc})
	if err != nil || health.Status != backend.HealthStatusOk {
		t.Fatalf("health over gRPC: %v %+v", err, health)
	}

	resp, err := tp.Client.QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: pc,
		Queries:       []backend.DataQuery{dataQuery("A", validModel), dataQuery("B", `{"version":1,"dataset":"broken"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.Responses["A"]
	if a.Error != nil || len(a.Frames) != 1 || a.Frames[0].Rows() != 4 || a.Frames[0].Meta.ExecutedQueryString != "SELECT 1" {
		t.Fatalf("A over gRPC: %v %s", a.Error, mustJSON(t, a.Frames))
	}
	if b := resp.Responses["B"]; b.Error == nil || !strings.Contains(b.Error.Error(), "QUERY_INVALID") || b.ErrorSource != backend.ErrorSourceDownstream {
		t.Fatalf("B over gRPC: %+v", b)
	}
	for _, r := range fb.all() {
		if r.Header.Get(HeaderUser) != "ana" || r.Header.Get(HeaderOrgID) != "2" || r.Header.Get("Authorization") != "Bearer test-key" {
			t.Fatalf("identity lost over gRPC: %v", r.Header)
		}
	}
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
