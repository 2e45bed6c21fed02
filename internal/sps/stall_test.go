package sps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// A CSV export whose answer stalls fails within request_timeout instead of
// hanging the plan: before the answer starts and in the middle of the body.
func TestCSVExportStallFailsWithinRequestTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		partial  bool // send the start of the body before stalling
		expected string
	}{
		{"no answer", false, "no answer"},
		{"body stalls", true, "CSV page 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newMockEnv(t, mocksps.Config{Audit: audit.Generate(20, 1, time.Now())})
			release := make(chan struct{})
			t.Cleanup(func() { close(release) })
			env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
				if r.URL.Path == "/api/audit/sessions" && r.URL.Query().Get("format") == "csv" {
					if tc.partial {
						// Answer by hand on the raw connection: the status
						// line and the first chunk go out, then nothing.
						conn, _, err := w.(http.Hijacker).Hijack()
						if err != nil {
							panic(err)
						}
						defer conn.Close()
						row := "\"Protocol\"\r\n\"ssh\"\r\n"
						_, _ = fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n", len(row), row)
					}
					select {
					case <-release:
					case <-r.Context().Done():
					}
					return
				}
				next.ServeHTTP(w, r)
			})
			c := env.client(func(c *Config) { c.RequestTimeout = 400 * time.Millisecond; c.MaxRetries = 1 })
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.SearchSessionsCSV(ctx, SessionQuery{MaxResults: 5}, []string{"protocol"})
			elapsed := time.Since(start)
			if err == nil {
				t.Fatal("a stalled CSV export succeeded")
			}
			if ctx.Err() != nil || elapsed > 4*time.Second {
				t.Fatalf("the export hung for %v (err %v); request_timeout is 400ms", elapsed, err)
			}
			var st *StallError
			if !errors.As(err, &st) || st.Timeout != 400*time.Millisecond {
				t.Errorf("err = %v, want a StallError naming the 400ms request timeout", err)
			}
			if !strings.Contains(err.Error(), tc.expected) {
				t.Errorf("err %q does not mention %q", err, tc.expected)
			}
		})
	}
}
