package plugin

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// TestGoldenFramesForFrontend pins the JSON of frames the Go backend hands to Grafana (alert-shaped
// series, a live batch frame). The same files are read by @grafana/data's dataFrameFromJSON in
// tests/frameContract.test.ts, so both sides of the contract use the real decoders.
// Regenerate with UPDATE_GOLDEN=1 go test ./pkg/...
func TestGoldenFramesForFrontend(t *testing.T) {
	fb := newFakeBackend(t, queryRoutes(t))
	pc := userContext(2, "", "")
	pc.User = nil
	resp, _ := fb.instance(t, "test-key").QueryData(t.Context(), &backend.QueryDataRequest{
		PluginContext: pc, Queries: []backend.DataQuery{dataQuery("A", validModel)},
	})
	if resp.Responses["A"].Error != nil {
		t.Fatal(resp.Responses["A"].Error)
	}
	checkGolden(t, "alert_frame.json", resp.Responses["A"].Frames[0])

	sum := batchSum{At: time.UnixMilli(1700000000000).UTC(), Events: 3, Runs: 3, Results: 120, Passed: 110, Failed: 8, Skipped: 2}
	checkGolden(t, "stream_frame.json", sum.frame())
}

func checkGolden(t *testing.T, name string, f *data.Frame) {
	t.Helper()
	got, err := data.FrameToJSON(f, data.IncludeAll)
	if err != nil {
		t.Fatal(err)
	}
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, got, "", "  ")
	path := filepath.Join("testdata", name)
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, append(pretty.Bytes(), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(pretty.Bytes())) {
		t.Fatalf("%s changed:\n%s", name, pretty.String())
	}
}
