package sps

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

func i64(v int64) *int64 { return &v }

func TestVNCOptionsAuditShape(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{OptionsShape: "audit"})
	c := env.client()
	ctx := ctxT(t)
	got, err := c.GetVNCOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Shape != VNCOptionsShapeAudit || got.Timestamping == nil {
		t.Fatalf("got %+v", got)
	}

	want := VNCOptions{
		ServiceEnabled: true, LogLevel: i64(7), CleanupEnabled: true, CleanupDays: i64(30),
		Timestamping: &VNCTimestamping{Selection: "remote", SigningInterval: i64(60), ServerURL: "http://tsa.example/", PolicyOID: "1.2.3"},
	}
	got, err = c.UpdateVNCOptions(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	want.Shape = VNCOptionsShapeAudit
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("read back %+v / %+v\nwant %+v / %+v", got, got.Timestamping, want, want.Timestamping)
	}
	var body map[string]any
	if err := json.Unmarshal(env.srv.VNCOptions(), &body); err != nil {
		t.Fatal(err)
	}
	ts := body["audit"].(map[string]any)["timestamping"].(map[string]any)
	if oid := ts["oid"].(map[string]any); oid["enabled"] != true || oid["policy_oid"] != "1.2.3" {
		t.Errorf("oid = %v", oid)
	}

	// Timestamping nil leaves the appliance's value alone.
	got, err = c.UpdateVNCOptions(ctx, VNCOptions{ServiceEnabled: false, LogLevel: i64(3)})
	if err != nil {
		t.Fatal(err)
	}
	if got.ServiceEnabled || *got.LogLevel != 3 || got.CleanupEnabled || got.Timestamping == nil || got.Timestamping.PolicyOID != "1.2.3" {
		t.Errorf("got %+v / %+v", got, got.Timestamping)
	}

	// Remote without a policy oid: oid disabled.
	got, err = c.UpdateVNCOptions(ctx, VNCOptions{ServiceEnabled: true, Timestamping: &VNCTimestamping{Selection: "remote", SigningInterval: i64(30), ServerURL: "http://tsa/"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Timestamping.PolicyOID != "" || got.Timestamping.ServerURL != "http://tsa/" {
		t.Errorf("timestamping = %+v", got.Timestamping)
	}
	env.assertNoTransactionLeft()
}

func TestVNCOptionsLegacyShape(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{OptionsShape: "legacy"})
	c := env.client()
	ctx := ctxT(t)
	got, err := c.GetVNCOptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Shape != VNCOptionsShapeLegacy || got.Timestamping != nil {
		t.Fatalf("got %+v", got)
	}
	want := VNCOptions{ServiceEnabled: true, LogLevel: i64(4), CleanupEnabled: true, CleanupDays: i64(365)}
	got, err = c.UpdateVNCOptions(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	want.Shape = VNCOptionsShapeLegacy
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("got %+v want %+v", got, want)
	}
	var body map[string]any
	if err := json.Unmarshal(env.srv.VNCOptions(), &body); err != nil {
		t.Fatal(err)
	}
	if cl := body["channel_database_cleanup"].(map[string]any); cl["days"] != float64(365) || cl["enabled"] != true {
		t.Errorf("mock body %v", body)
	}

	env.srv.ResetCounters()
	before := string(env.srv.VNCOptions())
	_, err = c.UpdateVNCOptions(ctx, VNCOptions{ServiceEnabled: true, Timestamping: &VNCTimestamping{Selection: "local"}})
	if !errors.Is(err, ErrTimestampingUnsupported) {
		t.Fatalf("err = %v", err)
	}
	cn := env.srv.Counters()
	for k := range cn.Requests {
		if k != "GET "+vncOptionsPath {
			t.Errorf("unexpected request %s", k)
		}
	}
	if string(env.srv.VNCOptions()) != before {
		t.Error("options changed")
	}
	env.assertNoTransactionLeft()
}

func TestVNCOptionsPreserveUnknownFields(t *testing.T) {
	t.Parallel()
	// The mock refuses fields it does not know, so a middleware plays newer
	// firmware: it adds fields to what GET returns and checks (then strips)
	// them on PUT.
	env := newMockEnv(t, mocksps.Config{})
	var putSawThem atomic.Bool
	var puts atomic.Int32
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.URL.Path != vncOptionsPath {
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodGet:
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var env map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &env)
			body := env["body"].(map[string]any)
			body["future_top"] = map[string]any{"x": json.Number("12345678901234567")}
			body["service"].(map[string]any)["future_nested"] = "keep-me"
			body["audit"].(map[string]any)["timestamping"].(map[string]any)["future_ts"] = true
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(env)
		case http.MethodPut:
			puts.Add(1)
			b, _ := io.ReadAll(r.Body)
			var body map[string]any
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			_ = dec.Decode(&body)
			top, _ := body["future_top"].(map[string]any)
			svc, _ := body["service"].(map[string]any)
			ts, _ := body["audit"].(map[string]any)["timestamping"].(map[string]any)
			if top != nil && top["x"] == json.Number("12345678901234567") && svc["future_nested"] == "keep-me" && ts["future_ts"] == true {
				putSawThem.Store(true)
			}
			delete(body, "future_top")
			delete(svc, "future_nested")
			delete(ts, "future_ts")
			nb, _ := json.Marshal(body)
			r.Body = io.NopCloser(bytes.NewReader(nb))
			r.ContentLength = int64(len(nb))
			next.ServeHTTP(w, r)
		default:
			next.ServeHTTP(w, r)
		}
	})
	c := env.client()
	got, err := c.UpdateVNCOptions(ctxT(t), VNCOptions{ServiceEnabled: true, LogLevel: i64(5)})
	if err != nil {
		t.Fatal(err)
	}
	if puts.Load() != 1 || !putSawThem.Load() {
		t.Errorf("unknown fields not sent back verbatim (puts=%d)", puts.Load())
	}
	if *got.LogLevel != 5 {
		t.Errorf("got %+v", got)
	}
}

func TestMergeVNCOptions(t *testing.T) {
	t.Parallel()
	cur := map[string]any{
		"service": map[string]any{"enabled": false, "log_level": json.Number("4"), "extra": "x"},
		"audit": map[string]any{
			"cleanup":      map[string]any{"enabled": true, "channel_database_cleanup_days": json.Number("10")},
			"timestamping": map[string]any{"selection": "remote", "server_url": "u", "signing_interval": json.Number("30"), "oid": map[string]any{"enabled": true, "policy_oid": "1.2"}},
		},
	}
	out, err := mergeVNCOptions(cur, VNCOptions{ServiceEnabled: true, Timestamping: &VNCTimestamping{Selection: "local", SigningInterval: i64(10)}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	want := `{"audit":{"cleanup":{"enabled":false},"timestamping":{"selection":"local","signing_interval":10}},"service":{"enabled":true,"extra":"x"}}`
	if string(b) != want {
		t.Errorf("merged\n%s\nwant\n%s", b, want)
	}
	// The input is not modified.
	if cur["service"].(map[string]any)["enabled"] != false {
		t.Error("merge modified its input")
	}
	if _, err := mergeVNCOptions(map[string]any{"channel_database_cleanup": map[string]any{}}, VNCOptions{Timestamping: &VNCTimestamping{}}); !errors.Is(err, ErrTimestampingUnsupported) {
		t.Errorf("legacy + timestamping: %v", err)
	}
}

// Options committed but not read back: the options written come back with
// the committed error, for the caller to record.
func TestVNCOptionsCommittedNotReadBackReturnsWritten(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{OptionsShape: "audit"})
	var committed atomic.Bool
	env.Intercept(func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if r.Method == http.MethodGet && r.URL.Path == vncOptionsPath && committed.Load() {
			writeSPSError(w, http.StatusServiceUnavailable, "", "try later", nil)
			return
		}
		next.ServeHTTP(w, r)
		if r.Method == http.MethodPut && r.URL.Path == transactionPath {
			committed.Store(true)
		}
	})
	c := env.client(func(c *Config) { c.MaxRetries = 0 })
	want := VNCOptions{ServiceEnabled: true, LogLevel: i64(6)}
	got, err := c.UpdateVNCOptions(ctxT(t), want)
	if !IsCommitted(err) {
		t.Fatalf("err = %v, want committed but not read back", err)
	}
	if got == nil || got.Shape != VNCOptionsShapeAudit || got.LogLevel == nil || *got.LogLevel != 6 || !got.ServiceEnabled {
		t.Fatalf("returned %+v, want the options written", got)
	}
	var stored struct {
		Service struct {
			LogLevel int64 `json:"log_level"`
		} `json:"service"`
	}
	if err := json.Unmarshal(env.srv.VNCOptions(), &stored); err != nil || stored.Service.LogLevel != 6 {
		t.Errorf("mock holds %s (%v)", env.srv.VNCOptions(), err)
	}
}
