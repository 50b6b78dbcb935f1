package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Keys Grafana or this plugin's UI add to a saved query that are not part of the query model; they
// are stripped before forwarding so the backend's strict schema validation sees only the model.
var grafanaOnlyKeys = []string{"refId", "datasource", "datasourceId", "hide", "key", "queryType",
	"intervalMs", "maxDataPoints", "legendFormat", "annotationKind"}

// pluginQuery holds the plugin-side fields of a saved query.
type pluginQuery struct {
	QueryType    string `json:"queryType"`
	LegendFormat string `json:"legendFormat"`
}

const maxParallelQueries = 4

// QueryData forwards every query separately so that one failing query (bad filter, policy denial)
// never fails its siblings; each gets its own DataResponse.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	resp := backend.NewQueryDataResponse()
	id := identityFor(req.PluginContext, isFromAlert(req.Headers))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxParallelQueries)
	for _, q := range req.Queries {
		wg.Add(1)
		sem <- struct{}{}
		go func(q backend.DataQuery) {
			defer func() { <-sem; wg.Done() }()
			r := d.query(ctx, req.PluginContext, id, q)
			mu.Lock()
			resp.Responses[q.RefID] = r
			mu.Unlock()
		}(q)
	}
	wg.Wait()
	return resp, nil
}

func (d *Datasource) query(ctx context.Context, pc backend.PluginContext, id Identity, q backend.DataQuery) backend.DataResponse {
	if d.settingsErr != nil {
		return errorResponse(backend.DownstreamError(fmt.Errorf("datasource is misconfigured: %w", d.settingsErr)))
	}
	var pq pluginQuery
	model := map[string]any{}
	if err := json.Unmarshal(q.JSON, &model); err != nil {
		return errorResponse(backend.DownstreamError(fmt.Errorf("query %s is not valid JSON: %w", q.RefID, err)))
	}
	_ = json.Unmarshal(q.JSON, &pq)
	switch pq.QueryType {
	case queryTypeStream:
		return streamQueryResponse(pc, q.RefID)
	case queryTypeAnnotations:
		return d.annotationsResponse(ctx, id, q)
	}
	// @grafana/runtime overwrites "intervalMs" with the panel interval (sent top-level below); the
	// editor's own bucket width travels as "bucketIntervalMs" and becomes the model's intervalMs.
	bucket, hasBucket := model["bucketIntervalMs"]
	for _, k := range grafanaOnlyKeys {
		delete(model, k)
	}
	delete(model, "bucketIntervalMs")
	if hasBucket && bucket != nil {
		model["intervalMs"] = bucket
	}
	model["refId"] = q.RefID
	body := map[string]any{
		"queries":       []any{model},
		"range":         map[string]int64{"from": q.TimeRange.From.UnixMilli(), "to": q.TimeRange.To.UnixMilli()},
		"intervalMs":    q.Interval.Milliseconds(),
		"maxDataPoints": q.MaxDataPoints,
	}
	var ans queryAnswer
	if err := d.client.JSON(ctx, http.MethodPost, "/api/v1/query", nil, body, id, &ans); err != nil {
		return errorResponse(classify(err))
	}
	res, ok := ans.Results[q.RefID]
	if !ok {
		return errorResponse(backend.PluginError(fmt.Errorf("backend answered without a result for %s", q.RefID)))
	}
	if res.Error != nil {
		st := res.Status
		if st == 0 {
			st = http.StatusBadRequest
		}
		r := backend.ErrDataResponseWithSource(backend.Status(st), backend.ErrorSourceDownstream,
			fmt.Sprintf("%s: %s", res.Error.Code, res.Error.Message))
		return r
	}
	frames, err := decodeFrames(q.RefID, res)
	if err != nil {
		return errorResponse(backend.PluginError(err))
	}
	if id.Service {
		if frames, err = alertShape(frames); err != nil {
			return errorResponse(backend.PluginError(err))
		}
	}
	applyLegend(frames, pq.LegendFormat)
	return backend.DataResponse{Frames: frames}
}

// classify marks what the user (or their admin) can fix as downstream: an unreachable backend, a
// rejected key, an invalid query. Everything else stays a plugin error.
func classify(err error) error {
	var unreachable *UnreachableError
	var notSemantest *NotSemantestError
	if p, ok := asProblem(err); ok {
		return backend.DownstreamError(p)
	}
	if errors.As(err, &unreachable) || errors.As(err, &notSemantest) {
		return backend.DownstreamError(err)
	}
	return backend.PluginError(err)
}

func errorResponse(err error) backend.DataResponse {
	r := backend.ErrorResponseWithErrorSource(err)
	if p, ok := asProblem(err); ok && p.Status > 0 {
		r.Status = backend.Status(p.Status)
	} else if backend.IsDownstreamError(err) {
		r.Status = backend.StatusBadGateway
	} else {
		r.Status = backend.StatusInternal
	}
	return r
}
