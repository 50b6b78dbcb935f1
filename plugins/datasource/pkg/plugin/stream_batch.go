package plugin

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// batchEvent is one "batch" event of GET /api/v1/stream: results of uploads the backend committed.
type batchEvent struct {
	TenantID string          `json:"tenantId"`
	RunIDs   []string        `json:"runIds"`
	Results  int64           `json:"results"`
	Passed   int64           `json:"passed"`
	Failed   int64           `json:"failed"`
	Skipped  int64           `json:"skipped"`
	At       json.RawMessage `json:"at"`
}

// at accepts epoch milliseconds or an RFC 3339 string; anything else means "now".
func (e batchEvent) at(now time.Time) time.Time {
	var ms int64
	if json.Unmarshal(e.At, &ms) == nil && ms > 0 {
		return time.UnixMilli(ms).UTC()
	}
	var s string
	if json.Unmarshal(e.At, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC()
		}
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.UnixMilli(n).UTC()
		}
	}
	return now.UTC()
}

// batchSum is several events coalesced into one row: counts add up, the time is the latest.
type batchSum struct {
	At      time.Time
	Events  int64
	Runs    int64
	Results int64
	Passed  int64
	Failed  int64
	Skipped int64
}

func (s *batchSum) add(e batchEvent, now time.Time) {
	if t := e.at(now); t.After(s.At) {
		s.At = t
	}
	s.Events++
	s.Runs += int64(len(e.RunIDs))
	s.Results += e.Results
	s.Passed += e.Passed
	s.Failed += e.Failed
	s.Skipped += e.Skipped
}

func newBatchFrame() *data.Frame {
	return data.NewFrame("batches",
		data.NewField("time", nil, []time.Time{}),
		data.NewField("batches", nil, []int64{}),
		data.NewField("runs", nil, []int64{}),
		data.NewField("results", nil, []int64{}),
		data.NewField("passed", nil, []int64{}),
		data.NewField("failed", nil, []int64{}),
		data.NewField("skipped", nil, []int64{}),
	)
}

func (s batchSum) frame() *data.Frame {
	f := newBatchFrame()
	f.AppendRow(s.At, s.Events, s.Runs, s.Results, s.Passed, s.Failed, s.Skipped)
	return f
}
