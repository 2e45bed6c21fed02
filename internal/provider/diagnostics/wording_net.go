package diagnostics

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// The wording of requests that got no answer from SPS: each names the
// setting to look at (url, ca_cert_pem, the client certificate, the proxy
// variables), what was tried, and what the retries did.

// connection words an appliance the provider could not reach: which
// address, how it failed, and how often it tried.
func connection(op Operation, e *sps.ConnectionError) wording {
	host, port := splitAddr(e.Addr)
	host, port = fact(host), fact(port)
	at := "at " + fact(e.Addr) + ", the host and port of url (" + EnvURL + ")"
	var summary, what, check string
	switch e.Failure {
	case sps.FailureDNS:
		summary = "Cannot resolve the SPS appliance's host name"
		what = "the host name " + host + " of url (" + EnvURL + ") does not resolve: the DNS lookup failed"
		check = "Check the host name in url (a typo, or a name only another network knows), or use the appliance's IP address."
	case sps.FailureRefused:
		summary = "The SPS appliance refused the connection"
		what = "nothing accepted a connection " + at + " (connection refused)"
		check = "Check that url names the appliance's web interface, with its port if that is not 443 (https://" +
			host + ":<port>), and that the appliance is running."
	case sps.FailureTimeout:
		summary = "The SPS appliance did not answer in time"
		what = "no answer came " + at + " within request_timeout (" + EnvRequestTimeout + ")"
		check = "Check that url is right and that the appliance is reachable from here (routing, firewalls, or a proxy: " +
			"HTTPS_PROXY and NO_PROXY), and that it is not overloaded; raise request_timeout for a slow appliance."
	case sps.FailureClosed:
		summary = "The SPS appliance closed the connection"
		what = "the connection " + at + " was closed before SPS answered"
		check = "Check that url names the SPS web interface (not another service on port " + port + ") and that the " +
			"appliance is healthy."
	default:
		summary = "Cannot reach the SPS appliance"
		what = "the request " + at + " failed before SPS answered"
		check = "Check url and the network path to the appliance; the details say what failed."
	}
	return wording{summary: summary, advice: "Could not " + op.Verb + ": " + what + ". " + retries(e) + " " + check}
}

// retries says how often a request was tried, and over how long.
func retries(e *sps.ConnectionError) string {
	switch {
	case e.Attempts > 1:
		return fmt.Sprintf("The provider tried %d times over %s (max_retries, %s).", e.Attempts,
			e.Elapsed.Round(100*time.Millisecond), EnvMaxRetries)
	case e.Failure == sps.FailureDNS:
		return "The provider tried once: a name that does not exist is not looked up again."
	case e.Method != http.MethodGet && e.Method != "":
		return "The provider tried once: a change whose answer was lost is never sent again blindly."
	}
	return "The provider tried once (max_retries, " + EnvMaxRetries + ")."
}

func splitAddr(addr string) (host, port string) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr, ""
	}
	return h, p
}

func certificate(op Operation, _ *sps.CertificateError) wording {
	return wording{summary: "Cannot verify the SPS appliance's TLS certificate", advice: "Could not " + op.Verb + ": the " +
		"certificate SPS presented could not be verified. If the appliance uses a self-signed or private CA " +
		"certificate, give that CA to the provider with ca_cert_pem (" + EnvCACert + ")."}
}

// clientCertificate words a handshake the appliance ended over the client
// certificate.
func clientCertificate(op Operation, e *sps.ClientCertificateError) wording {
	if e.Subject == "" {
		return wording{summary: "The SPS appliance requires a client certificate", advice: "Could not " + op.Verb + ": " +
			"the appliance ended the TLS handshake (" + fact(e.Alert) + ") because the provider presented no client " +
			"certificate. Set client_cert_pem and client_key_pem (" + EnvClientCert + ", " + EnvClientKey + ") to a " +
			"certificate the appliance trusts and its key."}
	}
	return wording{summary: "The SPS appliance refused the client certificate", advice: "Could not " + op.Verb + ": " +
		"the appliance ended the TLS handshake (" + fact(e.Alert) + ") over the client certificate " + fact(e.Subject) +
		" (client_cert_pem, " + EnvClientCert + "): it is not signed by a CA the appliance trusts for client " +
		"certificates, or it has expired. Use a certificate issued by the CA SPS is configured to trust for " +
		"certificate login, with its key in client_key_pem (" + EnvClientKey + ")."}
}

// proxy words a failure of the HTTP proxy the environment names.
func proxy(op Operation, e *sps.ProxyError) wording {
	via := "the proxy " + fact(proxyText(e.Proxy)) + " (from HTTPS_PROXY, or HTTP_PROXY for an http:// url)"
	exempt := " If the appliance should be reached directly, add its host to NO_PROXY."
	switch {
	case e.StatusCode == http.StatusProxyAuthRequired:
		return wording{summary: "The proxy requires authentication", advice: "Could not " + op.Verb + ": " + via +
			" answered 407 Proxy Authentication Required. Put the proxy's credentials in its URL " +
			"(HTTPS_PROXY=http://user:password@proxy:port), or ask its administrator to allow the appliance." + exempt}
	case e.StatusCode != 0:
		return wording{summary: "The proxy refused to connect to SPS", advice: "Could not " + op.Verb + ": " + via +
			" answered " + fact(e.Status) + " when asked to connect to the appliance: its rules may not allow that " +
			"address, or it could not reach it. Ask the proxy's administrator." + exempt}
	}
	return wording{summary: "Cannot reach the proxy", advice: "Could not " + op.Verb + ": the provider sends its " +
		"requests through " + via + " and could not connect to the proxy. Check the proxy address." + exempt}
}

func proxyText(p string) string {
	if p == "" {
		return "(not known)"
	}
	if u, err := url.Parse(p); err == nil {
		return u.Redacted()
	}
	return p
}

func stall(op Operation, e *sps.StallError) wording {
	return wording{summary: "SPS stopped answering", advice: "Could not " + op.Verb + ": SPS sent nothing for " +
		e.Timeout.String() + ", the provider's request_timeout (" + EnvRequestTimeout + "). Check that the appliance is " +
		"reachable and not overloaded, or raise request_timeout."}
}

func redirect(op Operation, e *sps.RedirectError) wording {
	return wording{summary: "SPS answered with a redirect", advice: "Could not " + op.Verb + ": " + redirectAdvice(e) +
		" The provider does not follow redirects: Go's HTTP client would repeat a change as a read, which SPS " +
		"answers with success although nothing changed."}
}

// redirectAdvice says where SPS redirected to and what url to set.
func redirectAdvice(e *sps.RedirectError) string {
	switch {
	case e.Location == "":
		return "SPS answered with a redirect (" + fmt.Sprint(e.StatusCode) + ") without saying where to; check the url setting (" + EnvURL + ")."
	case e.SuggestedURL() != "" && sameBaseURL(e.SuggestedURL(), e.BaseURL()):
		// Redirected to the address already configured (a loop, or a
		// slash added): setting url would change nothing.
		return "SPS answered with a redirect to " + e.Location + ", the address url (" + EnvURL + ") already names. " +
			"The redirect comes from something between the provider and the SPS REST API, such as a proxy or load " +
			"balancer (for example one that adds a trailing slash or redirects in a loop): check its configuration, " +
			"or set url to the appliance's own address."
	case e.SuggestedURL() != "":
		return "SPS answered with a redirect to " + e.SuggestedURL() + "; set url to that address (the url attribute or " + EnvURL + ")."
	}
	return "SPS answered with a redirect to " + e.Location + ", which is not the SPS REST API; set url (" +
		EnvURL + ") to the address of the appliance itself."
}

// sameBaseURL reports whether two base URLs name the same address
// (trailing slashes and the case of scheme and host aside).
func sameBaseURL(a, b string) bool {
	ua, errA := url.Parse(strings.TrimRight(a, "/"))
	ub, errB := url.Parse(strings.TrimRight(b, "/"))
	if errA != nil || errB != nil || b == "" {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) && ua.Path == ub.Path
}
