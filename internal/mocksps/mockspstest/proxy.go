package mockspstest

import (
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Proxy is an HTTP CONNECT proxy on loopback, the way HTTPS_PROXY is used
// between a client and an appliance: it tunnels every CONNECT to one
// address (the mock), whatever host the client names, so tests can give
// the appliance a host name that only the proxy resolves (Go never sends
// loopback addresses through a proxy). It is written here rather than
// taken from a library: a tunnel is a few lines, and the tests need its
// failures (407, refusals) under their control.
type Proxy struct {
	URL      string // http://127.0.0.1:port
	Connects atomic.Int64
	// Targets are the host:port names CONNECT asked for, in order.
	targets []string
	mu      sync.Mutex
}

// ProxyOption adjusts StartProxy.
type ProxyOption func(*proxyOptions)

type proxyOptions struct{ user, password string }

// WithProxyAuth makes the proxy demand Basic credentials (407 Proxy
// Authentication Required without them).
func WithProxyAuth(user, password string) ProxyOption {
	return func(o *proxyOptions) { o.user, o.password = user, password }
}

// StartProxy starts a CONNECT proxy that tunnels to target (host:port)
// and stops it when the test ends.
func StartProxy(t testing.TB, target string, opts ...ProxyOption) *Proxy {
	t.Helper()
	var o proxyOptions
	for _, opt := range opts {
		opt(&o)
	}
	p := &Proxy{}
	want := ""
	if o.user != "" {
		want = "Basic " + base64.StdEncoding.EncodeToString([]byte(o.user+":"+o.password))
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "this proxy only tunnels (CONNECT)", http.StatusMethodNotAllowed)
			return
		}
		p.Connects.Add(1)
		p.mu.Lock()
		p.targets = append(p.targets, r.Host)
		p.mu.Unlock()
		if want != "" && r.Header.Get("Proxy-Authorization") != want {
			w.Header().Set("Proxy-Authenticate", `Basic realm="test proxy"`)
			http.Error(w, "proxy credentials required", http.StatusProxyAuthRequired)
			return
		}
		upstream, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(r.Context(), "tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		// Take the connection first and answer on it directly: a status
		// written through the ResponseWriter before the hijack may still
		// sit in its buffer.
		client, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		if _, err := client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
			client.Close()
			upstream.Close()
			return
		}
		// Bytes the client sent right behind its CONNECT (the TLS hello)
		// may be in the server's read buffer already.
		if n := rw.Reader.Buffered(); n > 0 {
			buffered, _ := rw.Peek(n)
			if _, err := upstream.Write(buffered); err != nil {
				client.Close()
				upstream.Close()
				return
			}
		}
		go tunnel(client, upstream)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// Targets returns the host:port each CONNECT named.
func (p *Proxy) Targets() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.targets...)
}

func tunnel(a, b net.Conn) {
	done := make(chan struct{}, 2)
	cp := func(dst, src net.Conn) {
		_, _ = io.Copy(dst, src)
		done <- struct{}{}
	}
	go cp(a, b)
	go cp(b, a)
	<-done
	a.Close()
	b.Close()
}
