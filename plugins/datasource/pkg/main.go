// Command gpx_semantest is the backend of the Semantest Analytics datasource. Grafana starts it
// and talks to it over gRPC (hashicorp go-plugin); one instance serves every org's datasource.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/semantest/analytics-datasource/pkg/plugin"
)

// version is set at build time (-X main.version=...) from package.json.
var version = "dev"

func main() {
	log.DefaultLogger.Info("starting semantest datasource backend", "version", version)
	if err := datasource.Manage("semantest-analytics-datasource", plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
