package diagnostics

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// sampleErrors are client errors of every type and sentinel, shaped as the
// client returns them (wrapped as it wraps them), by name.
func sampleErrors() map[string]error {
	api := func(method string, status int, typ string, details map[string]any) *sps.Error {
		return &sps.Error{Method: method, Path: "/api/x", StatusCode: status, Type: typ, Message: "m", Details: details, Attempts: 5}
	}
	conn := func(f sps.NetFailure) *sps.ConnectionError {
		return &sps.ConnectionError{Method: http.MethodGet, Path: "/api/authentication", Addr: "sps.example.com:443", Failure: f,
			Attempts: 5, Elapsed: 3200 * time.Millisecond, Err: errors.New("dial tcp: boom")}
	}
	area := func(err error) error { return &sps.AreaError{Area: sps.VNCSettingsPolicies, Key: "7", Err: err} }
	return map[string]error{
		"Error":                      api(http.MethodGet, http.StatusBadGateway, "", nil),
		"NotFoundError":              area(&sps.NotFoundError{API: api(http.MethodGet, 404, "NotFound", nil)}),
		"ForbiddenError":             area(&sps.ForbiddenError{API: api(http.MethodGet, 403, "Unauthorized", nil)}),
		"AuthenticationError":        &sps.AuthenticationError{API: api(http.MethodGet, 401, "AuthenticationFailure", nil)},
		"LockedError":                &sps.LockedError{API: api(http.MethodPost, 409, "TransactionLocked", map[string]any{"locked_by": "alice"})},
		"ValidationError":            area(&sps.ValidationError{API: api(http.MethodPost, 400, "SemanticError", map[string]any{"path": "body.timeout"})}),
		"InvalidQueryError":          &sps.InvalidQueryError{API: api(http.MethodGet, 400, "InvalidQuery", nil)},
		"TooManyBucketsError":        &sps.TooManyBucketsError{API: api(http.MethodGet, 400, "TooMuchBucketsInResult", map[string]any{"parameter": "bin_size"})},
		"SearchUnavailableError":     &sps.SearchUnavailableError{API: api(http.MethodGet, 500, "SearchUnavailable", nil)},
		"ReferencedObjectError":      area(&sps.ReferencedObjectError{API: api(http.MethodDelete, 409, "ReferencedObjectNotDeletable", map[string]any{"referenced_by": []any{"/api/configuration/ssh/connections/1"}})}),
		"BuiltinObjectError":         area(&sps.BuiltinObjectError{Noun: "VNC settings policy", Key: "-30211"}),
		"ReadOnlyError":              area(&sps.ReadOnlyError{Noun: "VNC settings policy", Path: "/api/x", Reason: "managed elsewhere"}),
		"LockTimeoutError":           &sps.LockTimeoutError{Holder: "alice", Waited: 90 * time.Second, Err: api(http.MethodPost, 409, "TransactionLocked", nil)},
		"RateLimitedError":           &sps.RateLimitedError{RetryAfter: 90 * time.Second, Patience: 60 * time.Second, Err: api(http.MethodPost, 429, "", nil)},
		"NameTakenError":             area(&sps.NameTakenError{Object: "VNC settings policy", Name: "x", Key: "7", Err: api(http.MethodPost, 400, "SemanticError", nil)}),
		"LeftoverTransactionError":   fmt.Errorf("not started: %w", &sps.LeftoverTransactionError{Err: errors.New("EOF")}),
		"CommitOutcomeUnknownError":  fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{Waited: 8 * time.Second, Cause: conn(sps.FailureTimeout)}),
		"CommittedError":             area(sps.CommittedError{Err: fmt.Errorf("reading it back failed: %w", api(http.MethodGet, 502, "", nil))}),
		"ConnectionError":            conn(sps.FailureRefused),
		"CertificateError":           &sps.CertificateError{Conn: conn(sps.FailureOther)},
		"ClientCertificateError":     &sps.ClientCertificateError{Alert: "unknown certificate authority", Subject: "CN=terraform", Conn: conn(sps.FailureOther)},
		"ProxyError":                 &sps.ProxyError{Proxy: "http://proxy:3128", StatusCode: 407, Status: "407 Proxy Authentication Required", Err: conn(sps.FailureOther)},
		"StallError":                 &sps.StallError{Timeout: time.Second},
		"RedirectError":              &sps.RedirectError{Method: http.MethodGet, Path: "/api/x", StatusCode: 301, Location: "https://other.example.com/api/x"},
		"ConfigError":                &sps.ConfigError{Field: "URL", Problem: "is required"},
		"SnapshotExpiredError":       &sps.SnapshotExpiredError{Firmware: "7.5.0", Pages: 12, Err: errors.New("404 NotFound")},
		"HistogramMismatchError":     &sps.HistogramMismatchError{Param: "bin_size", Requested: "day", Answered: "month", Detail: "meta.bin_size"},
		"context.Canceled":           fmt.Errorf("creating: %w", context.Canceled),
		"ErrEarlierCommitRunning":    fmt.Errorf("not started: %w", sps.ErrEarlierCommitRunning),
		"ErrTimestampingUnsupported": fmt.Errorf("updating the VNC options: %w", sps.ErrTimestampingUnsupported),
		"ErrSortNotSliceable":        fmt.Errorf("sps: 25000 sessions match: %w", sps.ErrSortNotSliceable),
		"ErrOneSecondOverflow":       fmt.Errorf("sps: 10001 sessions in one second: %w", sps.ErrOneSecondOverflow),
	}
}

// notWorded are error types and sentinels of the client that must have no
// entry, and why.
var notWorded = map[string]string{
	"AreaError":               "carries the area of another error as data; the error it wraps is worded",
	"ErrCommitOutcomeUnknown": "matched by errors.Is on *CommitOutcomeUnknownError, never a node of a chain",
}

// The client's error types and sentinels, read from its source: adding one
// there without a wording entry here fails this test.
func clientErrorNames(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "sps", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("the client's source: %v", err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			names = append(names, errorDecls(d)...)
		}
	}
	sort.Strings(names)
	return names
}

// errorDecls returns the exported type with an Error method, or the
// exported Err* variables, that d declares.
func errorDecls(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || d.Name.Name != "Error" || len(d.Recv.List) != 1 {
			return nil
		}
		typ := d.Recv.List[0].Type
		if star, ok := typ.(*ast.StarExpr); ok {
			typ = star.X
		}
		if id, ok := typ.(*ast.Ident); ok && id.IsExported() {
			out = append(out, id.Name)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			if vs, ok := spec.(*ast.ValueSpec); ok && d.Tok == token.VAR {
				for _, n := range vs.Names {
					if strings.HasPrefix(n.Name, "Err") && n.IsExported() {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

// Every error type and sentinel of the client has a sample here and an
// entry in the table (or a reason in notWorded).
func TestEveryClientErrorTypeIsWorded(t *testing.T) {
	t.Parallel()
	samples := sampleErrors()
	for _, name := range clientErrorNames(t) {
		if why, ok := notWorded[name]; ok {
			if table.hasName(name) {
				t.Errorf("%s has an entry, but %s", name, why)
			}
			continue
		}
		if !table.hasName(name) {
			t.Errorf("sps.%s has no entry in the wording table (wording.go)", name)
		}
		if _, ok := samples[name]; !ok {
			t.Errorf("sps.%s has no sample in sampleErrors", name)
		}
	}
}

// sentinels are the client's sentinel errors by name.
var sentinels = map[string]error{
	"ErrEarlierCommitRunning": sps.ErrEarlierCommitRunning, "ErrTimestampingUnsupported": sps.ErrTimestampingUnsupported,
	"ErrSortNotSliceable": sps.ErrSortNotSliceable, "ErrOneSecondOverflow": sps.ErrOneSecondOverflow,
	"ErrCommitOutcomeUnknown": sps.ErrCommitOutcomeUnknown,
}

// hasName reports an entry for the client type or sentinel named name (a
// sentinel missing from sentinels has none, so a new one fails the test
// until it is listed there and worded).
func (t wordingTable) hasName(name string) bool {
	for typ := range t.byType {
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Name() == name && typ.PkgPath() == reflect.TypeFor[sps.Error]().PkgPath() {
			return true
		}
	}
	for _, s := range t.sentinels {
		if want, ok := sentinels[name]; ok && errors.Is(s.sentinel, want) {
			return true
		}
	}
	return false
}

// Every sample, in every area, read and write: a summary of its own (only
// an SPS answer of no class is the generic "SPS API error"), advice, and
// the client's text untouched at the end. A 403 asks for what the area
// needs: the search privilege on each audit data source, access to the
// configuration the error names on each configuration area, the REST
// privilege for the provider; nothing in an audit area mentions VNC.
func TestDiagnosticsEveryTypeAndArea(t *testing.T) {
	t.Parallel()
	wantAttr := map[string]string{"HistogramMismatchError": "bin_size", "TooManyBucketsError": "bin_size",
		"ErrSortNotSliceable": "sort", "ErrOneSecondOverflow": "max_results"}
	vncOnly := map[string]bool{"ErrTimestampingUnsupported": true, "NameTakenError": true, "BuiltinObjectError": true,
		"ReadOnlyError": true, "ReferencedObjectError": true, "ForbiddenError": true, "CommittedError": true,
		"ValidationError": true, "NotFoundError": true} // the samples' area is the VNC policies
	for name, err := range sampleErrors() {
		for _, a := range allAreas {
			ops := []Operation{ReadOp(a, "the thing")}
			if a.need == privilegeConfig {
				ops = append(ops, WriteOp(a, "update the thing"), DeleteOp(a, "the thing"))
			}
			for _, op := range ops {
				t.Run(fmt.Sprintf("%s/%s/%s", name, a.name, op.Verb), func(t *testing.T) {
					summary, detail, attr := describe(op, err)
					advice, details, ok := strings.Cut(detail, "\n\nDetails: ")
					if !ok || details != err.Error() {
						t.Fatalf("details are not the client's text %q:\n%s", err, detail)
					}
					if summary == "" || advice == "" {
						t.Errorf("summary %q, advice %q", summary, advice)
					}
					if (summary == "SPS API error") != (name == "Error" && a != AreaProvider) {
						t.Errorf("summary %q", summary)
					}
					if a.need == privilegeSearch && !vncOnly[name] && strings.Contains(summary+advice, "VNC") {
						t.Errorf("audit diagnostic speaks of VNC: %q / %q", summary, advice)
					}
					if attr != wantAttr[name] {
						t.Errorf("attribute %q, want %q", attr, wantAttr[name])
					}
				})
			}
		}
	}
}

// A 403 names what to grant: for a configuration area, the configuration
// the error names (its noun and endpoint), else the operation's own.
func TestForbiddenNamesTheConfiguration(t *testing.T) {
	t.Parallel()
	refusal := &sps.ForbiddenError{API: &sps.Error{Method: http.MethodPost, Path: "/api/transaction", StatusCode: 403, Type: "Unauthorized"}}
	ssh := &sps.Area{Path: "ssh/connections", Noun: "SSH connection policy"}
	for _, tc := range []struct {
		op   Operation
		err  error
		want string
	}{
		{WriteOp(AreaSettingsPolicy, "create x"), refusal, "write access to the VNC settings policy configuration (/api/configuration/vnc/settings_policies)"},
		{ReadOp(AreaOptions, "x"), refusal, "access to the VNC options configuration (/api/configuration/vnc/options)"},
		{WriteOp(ConfigArea("sps_config_object", nil), "create x"), &sps.AreaError{Area: ssh, Err: refusal},
			"write access to the SSH connection policy configuration (/api/configuration/ssh/connections)"},
		{ReadOp(AreaAuditSessions, "x"), refusal, "may not search the session database"},
		{ReadOp(AreaProvider, "x"), refusal, "may not use the REST API"},
	} {
		_, detail := DescribeClientError(tc.op, tc.err)
		if !strings.Contains(detail, tc.want) {
			t.Errorf("%s: %q\nwant it to contain %q", tc.op.Verb, detail, tc.want)
		}
	}
}

// An appliance that cannot be reached: the diagnostic names url and
// SPS_URL, the host and port tried, how it failed, and the retries.
func TestDescribeUnreachable(t *testing.T) {
	t.Parallel()
	op := ReadOp(AreaSettingsPolicies, "the VNC settings policies")
	for _, tc := range []struct {
		failure  sps.NetFailure
		attempts int
		summary  string
		want     []string
	}{
		{sps.FailureRefused, 5, "The SPS appliance refused the connection",
			[]string{"sps.example.com:8443", "url (SPS_URL)", "connection refused", "tried 5 times over 3.2s", "max_retries"}},
		{sps.FailureDNS, 1, "Cannot resolve the SPS appliance's host name",
			[]string{"host name sps.example.com", "url (SPS_URL)", "tried once", "IP address"}},
		{sps.FailureTimeout, 3, "The SPS appliance did not answer in time",
			[]string{"sps.example.com:8443", "url (SPS_URL)", "request_timeout", "tried 3 times", "HTTPS_PROXY"}},
		{sps.FailureClosed, 1, "The SPS appliance closed the connection", []string{"sps.example.com:8443", "closed before SPS answered"}},
	} {
		err := &sps.ConnectionError{Method: http.MethodGet, Path: "/api/authentication", Addr: "sps.example.com:8443",
			Failure: tc.failure, Attempts: tc.attempts, Elapsed: 3210 * time.Millisecond, Err: &url.Error{Op: "Get", URL: "x", Err: errors.New("boom")}}
		summary, detail := DescribeClientError(op, fmt.Errorf("reading: %w", err))
		if summary != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.failure, summary, tc.summary)
		}
		for _, w := range tc.want {
			if !strings.Contains(detail, w) {
				t.Errorf("%s: %q\nwant it to contain %q", tc.failure, detail, w)
			}
		}
	}
}

// A chain holding several facts is worded by its outermost one: a commit
// of unknown outcome caused by a refused connection is about the commit.
func TestOutermostFactDecides(t *testing.T) {
	t.Parallel()
	op := WriteOp(AreaSettingsPolicy, "create x")
	inner := &sps.ConnectionError{Addr: "h:443", Failure: sps.FailureRefused, Err: errors.New("refused")}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&sps.CommitOutcomeUnknownError{Cause: inner, StatusErr: inner}, "SPS commit outcome unknown"},
		{sps.CommittedError{Err: inner}, "SPS change committed but not read back"},
		// Committed, then gone when read back: worded as not found.
		{sps.CommittedError{Err: &sps.NotFoundError{API: &sps.Error{StatusCode: 404}}}, "SPS object not found"},
		// A bare SPS answer is classified as the client would.
		{fmt.Errorf("x: %w", &sps.Error{StatusCode: 409, Type: "TransactionLocked"}), "The SPS configuration is locked by another user"},
		{errors.Join(errors.New("context"), &sps.StallError{Timeout: time.Second}), "SPS stopped answering"},
	} {
		if got, _ := DescribeClientError(op, tc.err); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
}
