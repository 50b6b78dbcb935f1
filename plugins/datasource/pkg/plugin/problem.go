package plugin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Problem is an RFC 9457 problem+json answer of the backend. Its Code is the stable contract; the
// title/detail are for humans.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

func (p *Problem) Error() string {
	msg := p.Detail
	if msg == "" {
		msg = p.Title
	}
	if p.Code != "" {
		return fmt.Sprintf("%s: %s", p.Code, msg)
	}
	return msg
}

// UnreachableError means no HTTP answer came back (DNS, refused, TLS, timeout).
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach the Semantest backend at %s: %v", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// NotSemantestError means something answered, but not with the backend's contract
// (an HTML 404 from a proxy, a wrong port...).
type NotSemantestError struct {
	URL    string
	Status int
}

func (e *NotSemantestError) Error() string {
	return fmt.Sprintf("%s answered HTTP %d without a Semantest problem document: is the backend URL right?", e.URL, e.Status)
}

// problemFromResponse reads a non-2xx answer. Bodies are capped so a misbehaving upstream cannot
// make the plugin buffer unbounded data.
func problemFromResponse(res *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	ct := res.Header.Get("Content-Type")
	var p Problem
	if strings.Contains(ct, "json") && json.Unmarshal(body, &p) == nil && (p.Code != "" || p.Title != "") {
		if p.Status == 0 {
			p.Status = res.StatusCode
		}
		return &p
	}
	return &NotSemantestError{URL: res.Request.URL.String(), Status: res.StatusCode}
}

// asProblem unwraps err into a *Problem when the backend produced one.
func asProblem(err error) (*Problem, bool) {
	var p *Problem
	ok := errors.As(err, &p)
	return p, ok
}
