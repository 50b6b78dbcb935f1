package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

const queryTypeAnnotations = "annotations"

type annotationQuery struct {
	Kind    string            `json:"annotationKind"`
	Filters []json.RawMessage `json:"filters"`
}

type annotationAnswer struct {
	Annotations []struct {
		Time    int64    `json:"time"`
		TimeEnd *int64   `json:"timeEnd"`
		Title   string   `json:"title"`
		Text    string   `json:"text"`
		Tags    []string `json:"tags"`
	} `json:"annotations"`
}

// annotationsResponse asks POST /api/v1/annotations and returns the frame layout Grafana turns into
// annotation events on its own (time, timeEnd, title, text, tags).
func (d *Datasource) annotationsResponse(ctx context.Context, id Identity, q backend.DataQuery) backend.DataResponse {
	var aq annotationQuery
	if err := json.Unmarshal(q.JSON, &aq); err != nil {
		return errorResponse(backend.DownstreamError(fmt.Errorf("annotation query is not valid JSON: %w", err)))
	}
	if aq.Kind != "failed_runs" && aq.Kind != "new_failures" {
		return errorResponse(backend.DownstreamError(fmt.Errorf("unknown annotation kind %q (want failed_runs or new_failures)", aq.Kind)))
	}
	if aq.Filters == nil {
		aq.Filters = []json.RawMessage{}
	}
	body := map[string]any{
		"kind":    aq.Kind,
		"range":   map[string]int64{"from": q.TimeRange.From.UnixMilli(), "to": q.TimeRange.To.UnixMilli()},
		"filters": aq.Filters,
	}
	var ans annotationAnswer
	if err := d.client.JSON(ctx, http.MethodPost, "/api/v1/annotations", nil, body, id, &ans); err != nil {
		return errorResponse(classify(err))
	}
	f := data.NewFrame("annotations",
		data.NewField("time", nil, []time.Time{}),
		data.NewField("timeEnd", nil, []*time.Time{}),
		data.NewField("title", nil, []string{}),
		data.NewField("text", nil, []string{}),
		data.NewField("tags", nil, []string{}),
	)
	for _, a := range ans.Annotations {
		var end *time.Time
		if a.TimeEnd != nil {
			t := time.UnixMilli(*a.TimeEnd).UTC()
			end = &t
		}
		f.AppendRow(time.UnixMilli(a.Time).UTC(), end, a.Title, a.Text, strings.Join(a.Tags, ","))
	}
	f.RefID = q.RefID
	return backend.DataResponse{Frames: data.Frames{f}}
}
