package plugin

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Settings is the validated configuration of one datasource instance (one per Grafana org).
// The key lives only in DecryptedSecureJSONData: Grafana never sends it to the browser.
type Settings struct {
	URL     *url.URL
	APIKey  string
	Timeout time.Duration
	Stream  StreamSettings
}

// StreamSettings bound what a single Live channel may push to browsers.
type StreamSettings struct {
	// MaxPerSecond caps frames per channel; bursts in between are coalesced into one frame.
	MaxPerSecond float64
	// BackoffMin/BackoffMax bound the reconnect delay to /api/v1/stream.
	BackoffMin time.Duration
	BackoffMax time.Duration
}

type jsonSettings struct {
	URL                string  `json:"url"`
	TimeoutSeconds     float64 `json:"timeoutSeconds"`
	StreamMaxPerSecond float64 `json:"streamMaxPerSecond"`
}

const (
	defaultTimeout      = 30 * time.Second
	defaultMaxPerSecond = 10
	secureKeyName       = "apiKey"
)

// LoadSettings validates instance settings. The error message is shown verbatim by CheckHealth,
// so it names the field the admin has to fix.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var js jsonSettings
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &js); err != nil {
			return Settings{}, fmt.Errorf("settings are not valid JSON: %w", err)
		}
	}
	raw := strings.TrimSpace(js.URL)
	if raw == "" {
		raw = strings.TrimSpace(s.URL) // datasource "url" field, used by provisioning files
	}
	u, err := parseBackendURL(raw)
	if err != nil {
		return Settings{}, err
	}
	out := Settings{
		URL:     u,
		APIKey:  strings.TrimSpace(s.DecryptedSecureJSONData[secureKeyName]),
		Timeout: defaultTimeout,
		Stream: StreamSettings{
			MaxPerSecond: defaultMaxPerSecond,
			BackoffMin:   250 * time.Millisecond,
			BackoffMax:   30 * time.Second,
		},
	}
	if js.TimeoutSeconds > 0 {
		out.Timeout = time.Duration(js.TimeoutSeconds * float64(time.Second))
	}
	if js.StreamMaxPerSecond > 0 {
		out.Stream.MaxPerSecond = js.StreamMaxPerSecond
	}
	if out.APIKey == "" {
		return out, fmt.Errorf("no Semantest key configured: paste the tenant's key of kind \"grafana\" into the datasource settings")
	}
	return out, nil
}

func parseBackendURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("backend URL is empty: set it to the Semantest backend, e.g. http://semantest:8080")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("backend URL %q is not a valid URL: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("backend URL %q must start with http:// or https://", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("backend URL %q has no host", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("backend URL %q must not contain a query or fragment", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}
