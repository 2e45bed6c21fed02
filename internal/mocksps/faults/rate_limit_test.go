package faults

import (
	"net/http"
	"testing"
	"time"
)

// rate_limit answers 429 without passing the request on, with Retry-After
// in the form asked for, never shorter than the delay.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	for _, form := range []string{"", RetryAfterSeconds, RetryAfterDate, RetryAfterNone} {
		t.Run(form, func(t *testing.T) {
			t.Parallel()
			in := New(1, Hooks{})
			sps := newFakeSPS()
			h := in.Middleware(sps)
			mustAdd(t, in, Fault{Kind: KindRateLimit, Match: "POST /api/transaction", Delay: Duration(1500 * time.Millisecond), RetryAfter: form})
			start := time.Now()
			rec := record(h, http.MethodPost, "/api/transaction", "")
			if rec.Code != http.StatusTooManyRequests || sps.count("POST /api/transaction") != 0 {
				t.Fatalf("status %d, applied %d", rec.Code, sps.count("POST /api/transaction"))
			}
			if typ, _, _ := errorOf(t, decode(t, rec)); typ != "TooManyRequests" {
				t.Errorf("type %q", typ)
			}
			got := rec.Header().Get("Retry-After")
			switch form {
			case "", RetryAfterSeconds:
				if got != "2" {
					t.Errorf("Retry-After %q, want 2 (1.5s rounded up)", got)
				}
			case RetryAfterDate:
				at, err := http.ParseTime(got)
				if err != nil {
					t.Fatalf("Retry-After %q: %v", got, err)
				}
				if wait := at.Sub(start.Truncate(time.Second)); wait < 1500*time.Millisecond || wait > 3*time.Second {
					t.Errorf("Retry-After %q is %v after the request", got, wait)
				}
			case RetryAfterNone:
				if got != "" {
					t.Errorf("Retry-After %q, want none", got)
				}
			}
			if rec := record(h, http.MethodPost, "/api/transaction", ""); rec.Code != http.StatusOK {
				t.Errorf("second request: %d (count 0 fires once)", rec.Code)
			}
		})
	}
	if _, err := New(1, Hooks{}).Add(Fault{Kind: KindRateLimit, RetryAfter: "soon"}); err == nil {
		t.Error("bad retry_after accepted")
	}
	if _, err := New(1, Hooks{}).Add(Fault{Kind: KindStatus, RetryAfter: RetryAfterDate}); err == nil {
		t.Error("retry_after accepted on kind status")
	}
	f, err := ParseFlag("kind=rate_limit,match=GET /api/**,delay=3s,retry_after=date")
	if err != nil || f.RetryAfter != RetryAfterDate || time.Duration(f.Delay) != 3*time.Second {
		t.Errorf("ParseFlag: %+v, %v", f, err)
	}
}
