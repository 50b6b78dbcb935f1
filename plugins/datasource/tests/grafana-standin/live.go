package main

import (
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// live serves GET /api/live/ds/{uid}/{path...} as server-sent events: Grafana Live's part for a
// datasource channel, without its WebSocket protocol. As in Grafana, the plugin first authorizes the
// subscription (SubscribeStream) for the signed-in user, then RunStream's packets are relayed, one
// `data:` event per frame (the frame JSON the plugin sent). Grafana shares one RunStream per channel
// among subscribers; here each connection runs its own, which a harness page does not notice.
// Browsers connect directly (not through the harness's page routing, which buffers whole responses),
// hence the CORS header.
func (s *standin) live(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	path := r.PathValue("path")
	pc := backend.ToProto().PluginContext(s.pluginContext())
	sub, err := s.plugin.stream.SubscribeStream(r.Context(), &pluginv2.SubscribeStreamRequest{PluginContext: pc, Path: path})
	if err != nil {
		http.Error(w, "plugin unavailable", http.StatusInternalServerError)
		return
	}
	if sub.Status != pluginv2.SubscribeStreamResponse_OK {
		http.Error(w, "subscription refused: "+sub.Status.String(), http.StatusForbidden)
		return
	}
	stream, err := s.plugin.stream.RunStream(r.Context(), &pluginv2.RunStreamRequest{PluginContext: pc, Path: path})
	if err != nil {
		http.Error(w, "plugin unavailable", http.StatusInternalServerError)
		return
	}
	flusher, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if flusher != nil {
		flusher.Flush()
	}
	for {
		pkt, err := stream.Recv()
		if err != nil {
			return // client gone (context cancelled) or plugin ended the stream
		}
		if _, err := fmt.Fprintf(w, "data: %s\n\n", pkt.Data); err != nil {
			return
		}
		if flusher != nil {
			flusher.Flush()
		}
	}
}
