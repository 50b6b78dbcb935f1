package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// resourceRoute allowlists what the browser (query editor, app plugin) may reach through
// /api/datasources/uid/<uid>/resources/<path>. Anything else is 404 here and never reaches the
// backend: the datasource is not an open proxy for the tenant key.
type resourceRoute struct {
	prefix  string // first path segment
	methods map[string]bool
	sub     bool // whether further segments are allowed (e.g. values/<dimension>, reports/<id>/runs)
}

var (
	readOnly  = map[string]bool{http.MethodGet: true}
	postOnly  = map[string]bool{http.MethodPost: true}
	readWrite = map[string]bool{http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
		http.MethodPatch: true, http.MethodDelete: true}
	resourceRoutes = []resourceRoute{
		{prefix: "whoami", methods: readOnly},
		{prefix: "catalog", methods: readOnly},
		{prefix: "values", methods: readOnly, sub: true},
		{prefix: "annotations", methods: postOnly},
		{prefix: "reports", methods: readWrite, sub: true},
		{prefix: "exports", methods: readWrite, sub: true},
		{prefix: "export-schedules", methods: readWrite, sub: true},
		{prefix: "policies", methods: readWrite, sub: true},
		{prefix: "audit", methods: readOnly, sub: true},
	}
)

// forwardedResponseHeaders are passed back to the browser; nothing else (no Set-Cookie, no CORS).
var forwardedResponseHeaders = []string{"Content-Type", "Content-Disposition", "Content-Length", "Cache-Control", "ETag"}

const maxResourceBody = 8 << 20

// CallResource forwards an allowlisted path to /api/v1/<path> with the caller's identity.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	if d.settingsErr != nil {
		return sendProblem(sender, http.StatusBadGateway, "DATASOURCE_MISCONFIGURED", d.settingsErr.Error())
	}
	segments, ok := routeFor(req.Method, req.Path)
	if !ok {
		return sendProblem(sender, http.StatusNotFound, "RESOURCE_NOT_FOUND", "no such datasource resource: "+req.Method+" "+req.Path)
	}
	query := url.Values{}
	if u, err := url.Parse(req.URL); err == nil {
		query = u.Query()
	}
	var body io.Reader
	if len(req.Body) > 0 {
		body = bytes.NewReader(req.Body)
	}
	ct := ""
	if v := req.Headers["Content-Type"]; len(v) > 0 {
		ct = v[0]
	} else if body != nil {
		ct = "application/json"
	}
	id := identityFor(req.PluginContext, false)
	res, err := d.client.Do(ctx, req.Method, "/api/v1/"+strings.Join(segments, "/"), query, body, ct, id)
	if err != nil {
		return sendProblem(sender, http.StatusBadGateway, "BACKEND_UNREACHABLE", err.Error())
	}
	defer res.Body.Close()
	out, err := io.ReadAll(io.LimitReader(res.Body, maxResourceBody+1))
	if err != nil {
		return sendProblem(sender, http.StatusBadGateway, "BACKEND_UNREACHABLE", err.Error())
	}
	if len(out) > maxResourceBody {
		return sendProblem(sender, http.StatusBadGateway, "RESOURCE_TOO_LARGE", "backend answer exceeds 8 MiB; download exports from their signed URL instead")
	}
	headers := map[string][]string{}
	for _, h := range forwardedResponseHeaders {
		if v := res.Header.Values(h); len(v) > 0 {
			headers[h] = v
		}
	}
	return sender.Send(&backend.CallResourceResponse{Status: res.StatusCode, Headers: headers, Body: out})
}

// routeFor validates method and path and returns the clean segments. Segments may not be empty,
// "." or ".." so the joined backend path can never climb out of /api/v1/.
func routeFor(method, path string) ([]string, bool) {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	for _, s := range segments {
		if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "\\?#") {
			return nil, false
		}
	}
	for _, r := range resourceRoutes {
		if segments[0] != r.prefix || !r.methods[method] {
			continue
		}
		if len(segments) > 1 && !r.sub {
			return nil, false
		}
		if r.prefix == "values" && len(segments) != 2 {
			return nil, false
		}
		return segments, true
	}
	return nil, false
}

func sendProblem(sender backend.CallResourceResponseSender, status int, code, detail string) error {
	body, _ := json.Marshal(Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Code: code})
	return sender.Send(&backend.CallResourceResponse{
		Status:  status,
		Headers: map[string][]string{"Content-Type": {"application/problem+json"}},
		Body:    body,
	})
}
