package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type whoami struct {
	Tenant struct {
		ID           string `json:"id"`
		Slug         string `json:"slug"`
		Name         string `json:"name"`
		GrafanaOrgID *int64 `json:"grafanaOrgId"`
	} `json:"tenant"`
	Key struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
	} `json:"key"`
	Version string `json:"version"`
}

// CheckHealth is "Save & test": it calls /api/v1/whoami with the key and the caller's identity and
// turns every failure into a sentence that names what to fix.
func (d *Datasource) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settingsErr != nil {
		return healthError(d.settingsErr.Error()), nil
	}
	id := identityFor(req.PluginContext, false)
	var w whoami
	if err := d.client.JSON(ctx, http.MethodGet, "/api/v1/whoami", nil, nil, id, &w); err != nil {
		return healthError(explainHealth(err, req.PluginContext.OrgID)), nil
	}
	if w.Key.Kind != "grafana" {
		return healthError(fmt.Sprintf("The key is of kind %q; the datasource needs the tenant's key of kind \"grafana\".", w.Key.Kind)), nil
	}
	if w.Tenant.GrafanaOrgID == nil || *w.Tenant.GrafanaOrgID != req.PluginContext.OrgID {
		return healthError(fmt.Sprintf("Org mismatch: this datasource is in Grafana org %d but tenant %q is mapped to org %s.",
			req.PluginContext.OrgID, w.Tenant.Slug, orgText(w.Tenant.GrafanaOrgID))), nil
	}
	details, _ := json.Marshal(map[string]any{
		"backendVersion": w.Version, "tenant": w.Tenant, "keyId": w.Key.ID, "grafanaOrgId": req.PluginContext.OrgID,
	})
	return &backend.CheckHealthResult{
		Status: backend.HealthStatusOk,
		Message: fmt.Sprintf("Connected to Semantest %s: tenant %q (%s) is mapped to this Grafana org (%d).",
			w.Version, w.Tenant.Name, w.Tenant.Slug, req.PluginContext.OrgID),
		JSONDetails: details,
	}, nil
}

// explainHealth maps a failure to the admin's next step, by the backend's stable error codes.
func explainHealth(err error, orgID int64) string {
	var unreachable *UnreachableError
	var notSemantest *NotSemantestError
	switch {
	case errors.As(err, &unreachable):
		return fmt.Sprintf("Bad URL or backend unreachable: %v", unreachable)
	case errors.As(err, &notSemantest):
		return fmt.Sprintf("Bad URL: %v", notSemantest)
	}
	p, ok := asProblem(err)
	if !ok {
		return fmt.Sprintf("Unexpected answer from the backend: %v", err)
	}
	switch p.Code {
	case "AUTH_MISSING_KEY":
		return "No key was sent: set the tenant's Grafana key in the datasource settings."
	case "AUTH_INVALID_KEY":
		return "Bad key: the backend does not know this key. Copy the tenant's key of kind \"grafana\" again."
	case "AUTH_KEY_REVOKED":
		return "The key was revoked: create a new key of kind \"grafana\" for the tenant and paste it here."
	case "AUTH_WRONG_KEY_KIND":
		return fmt.Sprintf("Wrong key kind: %s. The datasource needs the tenant's key of kind \"grafana\".", p.Detail)
	case "AUTH_ORG_MISMATCH":
		return fmt.Sprintf("Org mismatch: this datasource is in Grafana org %d, which is not the org the key's tenant is mapped to (%s).", orgID, p.Detail)
	}
	return fmt.Sprintf("Backend refused the check (HTTP %d): %v", p.Status, p)
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}

func orgText(id *int64) string {
	if id == nil {
		return "no org"
	}
	return fmt.Sprintf("%d", *id)
}
