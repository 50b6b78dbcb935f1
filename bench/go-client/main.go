// The query benchmark's Go HTTP client: the transport Grafana's datasource backend uses against
// our API (plugins/datasource/pkg/plugin/client.go), run as its own process as the plugin is.
//
// Not the plugin's Client itself: Client.Do always sets the X-Grafana-Org-Id identity header, and
// the benchmark authenticates with query keys, which the API refuses with a forwarded identity
// (AUTH_IDENTITY_NOT_ALLOWED). So this program repeats what Client.JSON does on the wire and in
// the process, with the same settings: a clone of http.DefaultTransport (keep-alive, 2 idle
// connections per host), an http.Client with the plugin's default 30 s timeout, the same
// Authorization/Accept/Content-Type headers, and json.NewDecoder(res.Body).Decode into the
// plugin's queryAnswer shape before closing the body.
//
// Protocol: newline-delimited JSON on stdin, {id,url,key,payload,expectResults}; one line per
// request on stdout, {id,ms} or {id,error}. Requests run concurrently (the parent bounds them).
// The clock runs from just before the request is built to the decoded answer.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type request struct {
	ID            int    `json:"id"`
	URL           string `json:"url"`
	Key           string `json:"key"`
	Payload       string `json:"payload"`
	ExpectResults bool   `json:"expectResults"`
}

type reply struct {
	ID    int      `json:"id"`
	Ms    *float64 `json:"ms,omitempty"`
	Error string   `json:"error,omitempty"`
}

// answer mirrors the plugin's queryAnswer (frames.go), so the decode costs what the plugin's does.
type answer struct {
	Results map[string]struct {
		Frames []json.RawMessage `json:"frames"`
		Error  *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
		Status int    `json:"status"`
		SQL    string `json:"sql"`
	} `json:"results"`
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}

// post returns the elapsed milliseconds, or an error for any answer that is not a 200 whose
// results.A.status is 200 (when expected): a failed answer is never timed as a fast one.
func post(r request) (float64, error) {
	started := time.Now()
	req, err := http.NewRequest(http.MethodPost, r.URL, strings.NewReader(r.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+r.Key)
	req.Header.Set("Accept", "application/json, application/problem+json")
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		text, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		return 0, fmt.Errorf("%d %s", res.StatusCode, text)
	}
	var ans answer
	if err := json.NewDecoder(res.Body).Decode(&ans); err != nil {
		return 0, fmt.Errorf("decoding answer: %w", err)
	}
	ms := float64(time.Since(started).Nanoseconds()) / 1e6
	if r.ExpectResults {
		if a, ok := ans.Results["A"]; !ok || a.Status != http.StatusOK {
			return 0, fmt.Errorf("%d results.A: %+v", res.StatusCode, a)
		}
	}
	return ms, nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	var wg sync.WaitGroup
	send := func(rep reply) {
		line, _ := json.Marshal(rep)
		mu.Lock()
		defer mu.Unlock()
		out.Write(append(line, '\n'))
		out.Flush()
	}
	for in.Scan() {
		var r request
		if err := json.Unmarshal(in.Bytes(), &r); err != nil {
			fmt.Fprintf(os.Stderr, "go-client: bad request line: %v\n", err)
			os.Exit(2)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ms, err := post(r)
			if err != nil {
				send(reply{ID: r.ID, Error: err.Error()})
				return
			}
			send(reply{ID: r.ID, Ms: &ms})
		}()
	}
	wg.Wait()
	client.CloseIdleConnections()
}
