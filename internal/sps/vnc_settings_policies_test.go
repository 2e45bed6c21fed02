package sps

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

func TestSettingsPolicyLifecycle(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)

	p := policy("web")
	v := int64(900)
	p.InactivityTimeout = VNCInactivityTimeout{Enabled: true, Value: &v}
	p.ServerTLSSecuritySettings.CipherStrength = VNCCipherStrength{Selection: "custom", CustomCipher: "ALL:!aNULL:@STRENGTH"}
	created, err := c.CreateVNCSettingsPolicy(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(created.Body, p) {
		t.Errorf("read back %+v\nwant %+v", created.Body, p)
	}
	var stored VNCSettingsPolicy
	if err := json.Unmarshal(env.srv.SettingsPolicies()[created.Key], &stored); err != nil || !reflect.DeepEqual(stored, p) {
		t.Errorf("mock holds %+v (%v)", stored, err)
	}

	p.Timeout = 1200
	p.InactivityTimeout = VNCInactivityTimeout{Enabled: false}
	p.ServerTLSSecuritySettings.CipherStrength = VNCCipherStrength{Selection: "recommended"}
	updated, err := c.UpdateVNCSettingsPolicy(ctx, created.Key, p)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Key != created.Key || !reflect.DeepEqual(updated.Body, p) {
		t.Errorf("updated = %+v", updated)
	}

	got, err := c.GetVNCSettingsPolicy(ctx, created.Key)
	if err != nil || got.Body.Timeout != 1200 {
		t.Fatalf("get after update: %+v, %v", got, err)
	}

	if err := c.DeleteVNCSettingsPolicy(ctx, created.Key); err != nil {
		t.Fatal(err)
	}
	if _, ok := env.srv.SettingsPolicies()[created.Key]; ok {
		t.Error("still in the mock")
	}
	if _, err := c.GetVNCSettingsPolicy(ctx, created.Key); !IsNotFound(err) {
		t.Errorf("get after delete: %v", err)
	}
	// Deleting again is fine.
	if err := c.DeleteVNCSettingsPolicy(ctx, created.Key); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if _, err := c.UpdateVNCSettingsPolicy(ctx, created.Key, p); !IsNotFound(err) {
		t.Errorf("update of a deleted policy: %v", err)
	}
	if got := env.srv.Counters().Commits; got != 4 {
		t.Errorf("commits = %d, want 4 (create, update, 2 deletes)", got)
	}
	env.assertNoTransactionLeft()
}

func TestGetVNCSettingsPolicyServedFromOneList(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	for i := range 8 {
		b, _ := json.Marshal(policy(fmt.Sprintf("oob%d", i)))
		if err := env.srv.PutSettingsPolicy(fmt.Sprintf("k%d", i), b); err != nil {
			t.Fatal(err)
		}
	}
	c := env.client()
	ctx := ctxT(t)
	env.srv.ResetCounters()

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			it, err := c.GetVNCSettingsPolicy(ctx, fmt.Sprintf("k%d", i))
			if err == nil && it.Body.Name != fmt.Sprintf("oob%d", i) {
				err = fmt.Errorf("k%d: got %q", i, it.Body.Name)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := env.requests("GET " + vncSettingsPoliciesPath); got != 1 {
		t.Errorf("list requests = %d, want 1", got)
	}
	for i := range 8 {
		if got := env.requests(fmt.Sprintf("GET %s/k%d", vncSettingsPoliciesPath, i)); got != 0 {
			t.Errorf("single GETs of k%d = %d, want 0", i, got)
		}
	}

	// A key missing from the cached list is confirmed by a direct GET: it
	// may have been created since the list was read.
	b, _ := json.Marshal(policy("late"))
	if err := env.srv.PutSettingsPolicy("late", b); err != nil {
		t.Fatal(err)
	}
	if it, err := c.GetVNCSettingsPolicy(ctx, "late"); err != nil || it.Body.Name != "late" {
		t.Errorf("late: %+v, %v", it, err)
	}
	if _, err := c.GetVNCSettingsPolicy(ctx, "missing"); !IsNotFound(err) {
		t.Errorf("missing: %v", err)
	}

	// Our own commit empties the cache: no stale read afterwards.
	p := policy("oob0")
	p.Timeout = 4242
	if _, err := c.UpdateVNCSettingsPolicy(ctx, "k0", p); err != nil {
		t.Fatal(err)
	}
	it, err := c.GetVNCSettingsPolicy(ctx, "k0")
	if err != nil || it.Body.Timeout != 4242 {
		t.Errorf("after own commit: %+v, %v", it, err)
	}
	if c.Stats().CacheHits == 0 {
		t.Error("no cache hits recorded")
	}
}

func TestListCacheExpires(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client(func(c *Config) { c.ReadCacheTTL = 50 * time.Millisecond })
	ctx := ctxT(t)
	if _, err := c.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatal(err)
	}
	if got := env.requests("GET " + vncSettingsPoliciesPath); got != 1 {
		t.Fatalf("list requests = %d, want 1", got)
	}
	time.Sleep(80 * time.Millisecond)
	if _, err := c.ListVNCSettingsPolicies(ctx); err != nil {
		t.Fatal(err)
	}
	if got := env.requests("GET " + vncSettingsPoliciesPath); got != 2 {
		t.Errorf("list requests = %d, want 2 after the TTL", got)
	}
}

func TestListWithoutEmbeddedBodies(t *testing.T) {
	t.Parallel()
	// Firmware whose lists carry only links: each item is fetched.
	body := `{"name":"linked","timeout":600,"inactivity_timeout":{"enabled":false},"preconnect_channel_check":false,` +
		`"client_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"},` +
		`"server_tls_security_settings":{"cipher_strength":{"selection":"recommended"},"minimum_tls_version":"TLSv1_2"}}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/authentication":
			http.SetCookie(w, &http.Cookie{Name: "session_id", Value: "x"})
			_, _ = w.Write([]byte(`{"meta":{}}`))
		case vncSettingsPoliciesPath:
			_, _ = w.Write([]byte(`{"items":[{"key":"7","meta":{"href":"/api/configuration/vnc/settings_policies/7"}}],"meta":{}}`))
		case vncSettingsPoliciesPath + "/7":
			_, _ = w.Write([]byte(`{"key":"7","body":` + body + `,"meta":{}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	c, err := New(Config{URL: ts.URL, Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	items, err := c.ListVNCSettingsPolicies(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Key != "7" || items[0].Body.Name != "linked" {
		t.Errorf("items = %+v", items)
	}
}

func TestOverlayKeepsUnknownTopLevelFields(t *testing.T) {
	t.Parallel()
	cur := json.RawMessage(`{"name":"old","timeout":5,"future_field":{"a":1},"inactivity_timeout":{"enabled":true,"value":900}}`)
	current, err := decodeFields(cur)
	if err != nil {
		t.Fatal(err)
	}
	declared, err := FieldsOf(policy("new"))
	if err != nil {
		t.Fatal(err)
	}
	merged, err := VNCSettingsPolicies.Declare(declared).Apply(current)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]json.RawMessage{}
	for k, v := range merged {
		out[k], _ = json.Marshal(v)
	}
	if string(out["future_field"]) != `{"a":1}` {
		t.Errorf("future_field = %s", out["future_field"])
	}
	if string(out["name"]) != `"new"` || string(out["inactivity_timeout"]) != `{"enabled":false}` {
		t.Errorf("modeled fields not replaced whole: %s %s", out["name"], out["inactivity_timeout"])
	}
}

// A create refused because a committed policy has the name says which
// policy holds it (its key), whatever SPS's wording; a create refused for
// another reason stays a plain validation error.
func TestCreateNameTaken(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	c := env.client()
	ctx := ctxT(t)
	body, err := json.Marshal(policy("taken"))
	if err != nil {
		t.Fatal(err)
	}
	if err := env.srv.PutSettingsPolicy("leftover-1", body); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateVNCSettingsPolicy(ctx, policy("taken"))
	var taken *NameTakenError
	if !errors.As(err, &taken) || taken.Key != "leftover-1" || taken.Name != "taken" {
		t.Fatalf("create of a taken name: %v", err)
	}
	if !IsValidation(err) || !strings.Contains(err.Error(), "leftover-1") || !strings.Contains(err.Error(), "must be unique") {
		t.Errorf("the error hides SPS's refusal or the key: %v", err)
	}

	bad := policy("free")
	bad.Timeout = -1
	_, err = c.CreateVNCSettingsPolicy(ctx, bad)
	var refused *ValidationError
	if !errors.As(err, &refused) || errors.As(err, &taken) {
		t.Errorf("invalid body: %v (%T)", err, err)
	}
}

// A create whose answer was lost must not adopt a policy of the same name
// that someone else created: only a create in our own transaction counts.
func TestLostCreateAnswerDoesNotAdoptOthersPolicy(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	theirs, _ := json.Marshal(policy("shared"))
	if err := env.srv.PutSettingsPolicy("theirs", theirs); err != nil {
		t.Fatal(err)
	}
	env.OnFirst(http.MethodPost, vncSettingsPoliciesPath, answerError(http.StatusServiceUnavailable, "", "try later"))
	c := env.client(func(c *Config) { c.MaxRetries = 0 })
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("shared"))
	if err == nil {
		t.Fatalf("create adopted someone else's policy: %+v", it)
	}
	if !IsValidation(err) {
		t.Errorf("err = %v, want SPS's uniqueness error", err)
	}
	if got := env.policiesByName(); len(got) != 2 || got["shared"] != "theirs" {
		t.Errorf("policies = %v", got)
	}
}

// A create whose answer was lost after it happened is still found, through
// the transaction's change list, and not posted twice.
func TestLostCreateAnswerFoundInChangeList(t *testing.T) {
	t.Parallel()
	env := newMockEnv(t, mocksps.Config{})
	env.OnFirst(http.MethodPost, vncSettingsPoliciesPath, dropResponse)
	c := env.client(func(c *Config) { c.MaxRetries = 0 })
	it, err := c.CreateVNCSettingsPolicy(ctxT(t), policy("mine"))
	if err != nil {
		t.Fatal(err)
	}
	if got := env.policiesByName(); got["mine"] != it.Key || len(got) != 2 {
		t.Errorf("policies = %v, key %s", got, it.Key)
	}
	if n := env.requests("POST " + vncSettingsPoliciesPath); n != 1 {
		t.Errorf("POSTs = %d, want 1", n)
	}
}
