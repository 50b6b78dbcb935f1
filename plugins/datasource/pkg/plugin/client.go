package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Client talks to the Semantest backend on behalf of one datasource instance (one tenant).
// Every call carries the tenant key and an explicit Identity; there is no call without one.
type Client struct {
	base   *url.URL
	key    string
	http   *http.Client // bounded by Settings.Timeout
	stream *http.Client // no overall timeout: SSE connections live as long as their context
}

func NewClient(s Settings) *Client {
	// Own transports (not http.DefaultTransport) so Close can drop this instance's idle
	// connections when Grafana replaces the instance.
	t := http.DefaultTransport.(*http.Transport).Clone()
	return &Client{
		base:   s.URL,
		key:    s.APIKey,
		http:   &http.Client{Timeout: s.Timeout, Transport: t},
		stream: &http.Client{Transport: t},
	}
}

// Close releases idle keep-alive connections.
func (c *Client) Close() {
	c.http.CloseIdleConnections()
}

// endpoint joins the backend base URL with an API path. Segments are unescaped values; JoinPath
// escapes them, so a dimension such as "label:team a" stays one segment.
func (c *Client) endpoint(apiPath string, query url.Values) string {
	u := c.base.JoinPath(strings.Split(strings.TrimPrefix(apiPath, "/"), "/")...)
	u.RawQuery = query.Encode()
	return u.String()
}

// Do sends one request and returns the raw response for any status. Transport failures come back
// as *UnreachableError so callers can tell "wrong URL" from "wrong key".
func (c *Client) Do(ctx context.Context, method, apiPath string, query url.Values, body io.Reader, contentType string, id Identity) (*http.Response, error) {
	target := c.endpoint(apiPath, query)
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, fmt.Errorf("building request to %s: %w", target, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json, application/problem+json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	id.apply(req.Header)
	hc := c.http
	if strings.HasSuffix(apiPath, "/stream") {
		hc = c.stream
		req.Header.Set("Accept", "text/event-stream")
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, &UnreachableError{URL: c.base.String(), Err: err}
	}
	return res, nil
}

// JSON sends an optional JSON body and decodes a 2xx JSON answer into out. Non-2xx answers become
// *Problem (or *NotSemantestError).
func (c *Client) JSON(ctx context.Context, method, apiPath string, query url.Values, in any, id Identity, out any) error {
	var body io.Reader
	ct := ""
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding request: %w", err)
		}
		body, ct = bytes.NewReader(b), "application/json"
	}
	res, err := c.Do(ctx, method, apiPath, query, body, ct, id)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return problemFromResponse(res)
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("decoding %s answer: %w", apiPath, err)
	}
	return nil
}
