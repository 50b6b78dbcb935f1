// Command grafana-standin stands in for the Grafana server in the datasource browser harness (no
// Grafana can run here). It starts the real plugin executable over Grafana's plugin protocol
// (go-plugin handshake, gRPC) and serves the three HTTP APIs the plugin's frontend calls through
// @grafana/runtime: POST /api/ds/query, /api/datasources/uid/<uid>/resources/*, and
// /api/datasources/uid/<uid>/health; plus Grafana Live's part for the plugin's channels as
// server-sent events on /api/live/ds/<uid>/<path> (see live.go). Each request becomes the plugin call Grafana would make, with
// a plugin context carrying the org, the signed-in user and the datasource's settings (the
// decrypted tenant key stays on this side, as in Grafana).
//
//	go build -o /tmp/gpx ./pkg && go run ./tests/grafana-standin -plugin /tmp/gpx -backend http://127.0.0.1:8080 -key smt_grafana_…
//
// It prints "listening on http://…" once ready and stops the plugin on SIGINT/SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	pluginPath := flag.String("plugin", "", "plugin executable (gpx_…)")
	backendURL := flag.String("backend", "", "Semantest backend URL (the datasource's jsonData.url)")
	key := flag.String("key", "", "tenant grafana key (the datasource's secureJsonData.apiKey)")
	listen := flag.String("listen", "127.0.0.1:0", "HTTP address")
	flag.Parse()
	if *pluginPath == "" || *backendURL == "" || *key == "" {
		log.Fatal("-plugin, -backend and -key are required")
	}
	clients, err := startPlugin(*pluginPath)
	if err != nil {
		log.Fatal(err)
	}
	defer clients.kill()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		clients.kill()
		log.Fatal(err)
	}
	srv := &http.Server{Handler: newStandin(clients, settingsFor(*backendURL, *key))}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		// Live (SSE) connections never go idle: give requests a moment, then close what is left.
		grace, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = srv.Shutdown(grace)
		_ = srv.Close()
	}()
	fmt.Printf("listening on http://%s\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, err)
	}
}
