package plugin

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// queryAnswer is the body of POST /api/v1/query. Frames stay raw until the SDK decodes them: the
// backend speaks Grafana's own frame JSON, so there is no hand-written parser.
type queryAnswer struct {
	Results map[string]queryResult `json:"results"`
}

type queryResult struct {
	Frames []json.RawMessage `json:"frames"`
	Error  *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
	Status int    `json:"status"`
	SQL    string `json:"sql"` // only present for org admins
}

// decodeFrames turns the backend's frame JSON into SDK frames, stamping the refId and, for admins,
// the compiled SQL (shown by Grafana's query inspector and the editor's SQL view).
func decodeFrames(refID string, r queryResult) (data.Frames, error) {
	frames := make(data.Frames, 0, len(r.Frames))
	for i, raw := range r.Frames {
		f := &data.Frame{}
		raw, err := withTypeInfo(raw)
		if err != nil {
			return nil, fmt.Errorf("frame %d of %s is not Grafana frame JSON: %w", i, refID, err)
		}
		if err := json.Unmarshal(raw, f); err != nil {
			return nil, fmt.Errorf("frame %d of %s is not Grafana frame JSON: %w", i, refID, err)
		}
		f.RefID = refID
		if r.SQL != "" {
			if f.Meta == nil {
				f.Meta = &data.FrameMeta{}
			}
			f.Meta.ExecutedQueryString = r.SQL
		}
		frames = append(frames, f)
	}
	return frames, nil
}

// alertShape makes frames evaluable per series by Grafana alerting: long time series (one string
// column per dimension) become wide frames whose numeric fields carry the dimensions as labels.
// Tables and wide frames already have the shape alerting needs and pass through.
func alertShape(frames data.Frames) (data.Frames, error) {
	out := make(data.Frames, 0, len(frames))
	for _, f := range frames {
		if f.TimeSeriesSchema().Type != data.TimeSeriesTypeLong {
			out = append(out, f)
			continue
		}
		wide, err := data.LongToWide(f, nil)
		if err != nil {
			return nil, fmt.Errorf("converting %q to series for alerting: %w", f.Name, err)
		}
		wide.RefID, wide.Meta = f.RefID, f.Meta
		keepConfig(f, wide)
		out = append(out, wide)
	}
	return out, nil
}

// simpleToFrameType maps the frame JSON "type" (all @grafana/data needs) to the Go field type the
// SDK's decoder requires in "typeInfo.frame". All are nullable: SQL results may hold NULLs.
var simpleToFrameType = map[string]string{
	"time": "time.Time", "number": "float64", "string": "string", "boolean": "bool", "other": "json.RawMessage",
}

// withTypeInfo fills schema.fields[].typeInfo when the backend left it out, so a frame that
// @grafana/data's dataFrameFromJSON reads is also read by the SDK. It only annotates the schema; the
// SDK still does all decoding.
func withTypeInfo(raw json.RawMessage) (json.RawMessage, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	var schema map[string]json.RawMessage
	if err := json.Unmarshal(doc["schema"], &schema); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	var fields []map[string]any
	if err := json.Unmarshal(schema["fields"], &fields); err != nil {
		return nil, fmt.Errorf("schema.fields: %w", err)
	}
	for _, f := range fields {
		if ti, ok := f["typeInfo"].(map[string]any); ok && ti["frame"] != nil {
			continue
		}
		simple, _ := f["type"].(string)
		ft, ok := simpleToFrameType[simple]
		if !ok {
			return nil, fmt.Errorf("field %v has unknown type %q", f["name"], simple)
		}
		f["typeInfo"] = map[string]any{"frame": ft, "nullable": true}
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	schema["fields"] = b
	// The SDK decoder needs "schema" before "data"; a struct keeps that order (a map would not).
	ordered := struct {
		Schema map[string]json.RawMessage `json:"schema"`
		Data   json.RawMessage            `json:"data,omitempty"`
	}{schema, doc["data"]}
	return json.Marshal(ordered)
}

// keepConfig copies each long field's config (unit, decimals...) onto its wide series, which
// LongToWide drops. Each series gets its own copy: the legend sets per-series display names.
func keepConfig(long, wide *data.Frame) {
	for _, wf := range wide.Fields {
		lf, _ := long.FieldByName(wf.Name)
		if lf == nil || lf.Config == nil || wf.Config != nil {
			continue
		}
		c := *lf.Config
		wf.Config = &c
	}
}

var legendToken = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_:.\-]+)\s*\}\}`)

// applyLegend sets each labelled numeric field's display name from a template such as
// "{{project}} / {{branch}}"; "{{__field}}" is the field (metric) name. Unknown labels render empty,
// as in Prometheus, so a typo is visible rather than an error.
func applyLegend(frames data.Frames, format string) {
	if strings.TrimSpace(format) == "" {
		return
	}
	for _, f := range frames {
		for _, field := range f.Fields {
			if field.Type().Time() || !field.Type().Numeric() {
				continue
			}
			name := legendToken.ReplaceAllStringFunc(format, func(tok string) string {
				key := legendToken.FindStringSubmatch(tok)[1]
				if key == "__field" {
					return field.Name
				}
				return field.Labels[key]
			})
			if field.Config == nil {
				field.Config = &data.FieldConfig{}
			}
			field.Config.DisplayNameFromDS = name
		}
	}
}

// labelKeys lists a frame's label keys in a stable order (used by tests and error messages).
func labelKeys(l data.Labels) []string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
