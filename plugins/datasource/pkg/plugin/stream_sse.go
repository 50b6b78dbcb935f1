package plugin

import (
	"bufio"
	"context"
	"io"
	"strings"
)

// sseEvent is one server-sent event (only the fields the relay needs).
type sseEvent struct {
	Name string
	Data string
}

// readSSE parses an event stream (WHATWG "server-sent events") until EOF, an error, or ctx ends,
// calling emit for each dispatched event. Lines are capped at 1 MiB so a broken upstream cannot
// make the plugin buffer without bound.
func readSSE(ctx context.Context, r io.Reader, emit func(sseEvent) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var name string
	var dataLines []string
	for sc.Scan() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := sc.Text()
		if line == "" {
			if len(dataLines) > 0 {
				if !emit(sseEvent{Name: orDefault(name, "message"), Data: strings.Join(dataLines, "\n")}) {
					return nil
				}
			}
			name, dataLines = "", nil
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue // comment / keep-alive
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "event":
			name = value
		case "data":
			dataLines = append(dataLines, value)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return io.EOF
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
