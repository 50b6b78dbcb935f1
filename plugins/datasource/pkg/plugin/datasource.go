// Package plugin is the thin Go side of the Semantest datasource: it authenticates to the backend
// with the tenant key, forwards Grafana's identity and relays answers. No query logic lives here.
package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ backend.StreamHandler         = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured instance (one Grafana org = one tenant).
type Datasource struct {
	settings    Settings
	settingsErr error // reported by CheckHealth and every handler instead of failing instance creation
	client      *Client
	streams     *streamRegistry
}

// NewDatasource is the instance factory given to datasource.Manage. Invalid settings do not fail
// the factory: Grafana would then only show a generic "plugin unavailable" message, while the
// health check can say exactly which field is wrong.
func NewDatasource(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := LoadSettings(s)
	d := &Datasource{settings: settings, settingsErr: err, streams: newStreamRegistry()}
	if settings.URL != nil {
		d.client = NewClient(settings)
	}
	return d, nil
}

// Dispose is called when the settings change; it ends running relays (their RunStream returns
// when Grafana cancels the context; this is the belt to that).
func (d *Datasource) Dispose() {
	d.streams.closeAll()
	if d.client != nil {
		d.client.Close()
	}
}
