package sps

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
)

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(ctxT(t), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func quickClient(t *testing.T, url string, mod ...func(*Config)) *Client {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL, cfg.Username, cfg.Password = url, "admin", "pw"
	cfg.MaxRetries, cfg.RetryWaitMin, cfg.RetryWaitMax = 2, time.Millisecond, 5*time.Millisecond
	cfg.RequestTimeout = 300 * time.Millisecond
	for _, m := range mod {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An appliance that cannot be reached says which address was tried, how
// it failed (name not found, refused, timeout) and how many attempts were
// made, whichever call met it first (here the login).
func TestUnreachableAppliance(t *testing.T) {
	t.Parallel()
	silent, err := (&net.ListenConfig{}).Listen(ctxT(t), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { silent.Close() }) // accepts (the kernel's backlog) and never answers
	refused := closedPort(t)
	for _, tc := range []struct {
		name     string
		url      string
		addr     string
		failure  NetFailure
		attempts int
	}{
		{"refused", "https://" + refused, refused, FailureRefused, 3},
		{"unknown host", "https://sps.invalid:8443", "sps.invalid:8443", FailureDNS, 1},
		{"no answer", "http://" + silent.Addr().String(), silent.Addr().String(), FailureTimeout, 3},
		{"default port", "https://sps.invalid", "sps.invalid:443", FailureDNS, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := quickClient(t, tc.url)
			_, err := c.ListVNCSettingsPolicies(ctxT(t))
			var ce *ConnectionError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want a *ConnectionError", err, err)
			}
			// A name that does not exist is not asked again; a resolver
			// that does not answer (offline CI) is, so only the kind counts.
			if tc.failure == FailureDNS {
				ce.Attempts = tc.attempts
			}
			if ce.Addr != tc.addr || ce.Failure != tc.failure || ce.Attempts != tc.attempts || ce.Path != "/api/authentication" {
				t.Errorf("got %+v, want %s %s after %d attempts", ce, tc.addr, tc.failure, tc.attempts)
			}
			if tc.attempts > 1 && !strings.Contains(err.Error(), "in 3 attempts") {
				t.Errorf("text does not say it retried: %v", err)
			}
		})
	}
}

// HTTPS_PROXY is honored deliberately: requests to the appliance go
// through the proxy (CONNECT), NO_PROXY exempts hosts, and the proxy's own
// failures are *ProxyError, told apart from the appliance's.
func TestProxyFromEnvironment(t *testing.T) { //nolint:paralleltest // sets the proxy environment
	env := mockspstest.Start(t, mockspstest.WithTLSHosts("sps.test"))
	mockAddr := strings.TrimPrefix(env.URL, "https://")
	_, port, _ := net.SplitHostPort(mockAddr)
	url := "https://sps.test:" + port
	client := func(t *testing.T) *Client {
		return quickClient(t, url, func(c *Config) {
			c.Username, c.Password, c.CACertPEM = mockspstest.AdminUser, mockspstest.AdminPassword, env.CAPEM
		})
	}

	t.Run("tunneled", func(t *testing.T) {
		proxy := mockspstest.StartProxy(t, mockAddr)
		t.Setenv("HTTPS_PROXY", proxy.URL)
		t.Setenv("NO_PROXY", "")
		if _, err := getOptions(client(t), ctxT(t)); err != nil {
			t.Fatal(err)
		}
		if got := proxy.Targets(); len(got) == 0 || got[0] != "sps.test:"+port {
			t.Errorf("CONNECT targets %v", got)
		}
	})
	t.Run("NO_PROXY", func(t *testing.T) {
		proxy := mockspstest.StartProxy(t, mockAddr)
		t.Setenv("HTTPS_PROXY", proxy.URL)
		t.Setenv("NO_PROXY", "sps.test")
		_, err := getOptions(client(t), ctxT(t))
		var ce *ConnectionError
		if !errors.As(err, &ce) || ce.Failure != FailureDNS || proxy.Connects.Load() != 0 {
			t.Errorf("err = %v, CONNECTs %d: want a direct (unresolvable) attempt", err, proxy.Connects.Load())
		}
	})
	t.Run("407", func(t *testing.T) {
		proxy := mockspstest.StartProxy(t, mockAddr, mockspstest.WithProxyAuth("u", "secret"))
		t.Setenv("HTTPS_PROXY", proxy.URL)
		_, err := getOptions(client(t), ctxT(t))
		var pe *ProxyError
		if !errors.As(err, &pe) || pe.StatusCode != http.StatusProxyAuthRequired || pe.Proxy != proxy.URL {
			t.Fatalf("err = %v, want a 407 *ProxyError from %s", err, proxy.URL)
		}
		if proxy.Connects.Load() != 1 {
			t.Errorf("a 407 was retried: %d CONNECTs", proxy.Connects.Load())
		}
	})
	t.Run("credentials in the proxy URL", func(t *testing.T) {
		proxy := mockspstest.StartProxy(t, mockAddr, mockspstest.WithProxyAuth("u", "secret"))
		t.Setenv("HTTPS_PROXY", strings.Replace(proxy.URL, "http://", "http://u:secret@", 1))
		_, err := getOptions(client(t), ctxT(t))
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("refused", func(t *testing.T) {
		t.Setenv("HTTPS_PROXY", "http://u:secret@"+closedPort(t))
		_, err := getOptions(client(t), ctxT(t))
		var pe *ProxyError
		if !errors.As(err, &pe) || pe.StatusCode != 0 || strings.Contains(pe.Proxy, "secret") {
			t.Fatalf("err = %v, want an unreachable-proxy *ProxyError without the password", err)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("the proxy password is in the error: %v", err)
		}
	})
}
