package diagnostics

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

func TestDescribeClientError(t *testing.T) {
	t.Parallel()
	forbidden := &sps.Error{Method: "POST", Path: "/api/transaction", StatusCode: 403, Type: "Unauthorized", Message: "read only",
		Details: map[string]any{"path": "/api/transaction"}}
	cases := []struct {
		name        string
		op          Operation
		err         error
		wantSummary string
		wantDetail  string
	}{
		{"403 on write", WriteOp(AreaSettingsPolicy, "create x"), forbidden, "The SPS user lacks write permission",
			"Details: SPS API POST /api/transaction: 403 Unauthorized: read only"},
		{"403 on read", ReadOp(AreaSettingsPolicy, "x"), forbidden, "The SPS user lacks read permission", "read only"},
		{"login", ReadOp(AreaSettingsPolicy, "x"), &sps.Error{StatusCode: 401, Type: "AuthenticationFailure", Message: "bad"},
			"SPS rejected the login", EnvPassword},
		{"locked", WriteOp(AreaSettingsPolicy, "update x"), &sps.Error{StatusCode: 409, Type: "TransactionLocked", Message: "locked",
			Details: map[string]any{"locked_by": "alice"}}, "The SPS configuration is locked by another user", "SPS user alice holds"},
		{"validation", WriteOp(AreaSettingsPolicy, "update x"), &sps.Error{StatusCode: 400, Type: "SemanticError", Message: "timeout too small"},
			"SPS rejected the values", "timeout too small"},
		{"timestamping", WriteOp(AreaOptions, "update the VNC options"), sps.ErrTimestampingUnsupported,
			"Timestamping is not supported by this SPS appliance", "Remove the timestamping block"},
		{"lock timeout", WriteOp(AreaSettingsPolicy, "update x"), &sps.LockTimeoutError{Holder: "alice", Waited: 90 * time.Second,
			Err: &sps.Error{StatusCode: 409, Type: "TransactionLocked", Details: map[string]any{"locked_by": "bob"}}},
			"The SPS configuration is locked by another user", "because SPS user alice holds the SPS configuration lock " +
				"and did not release it within lock_wait_timeout (waited 1m30s)"},
		// The advice comes first, then the client's text as it was,
		// wrapping included.
		{"search backend down", ReadOp(AreaAuditSessions, "x"), fmt.Errorf("CSV page 2: %w", &sps.Error{Method: "GET",
			Path: "/api/audit/sessions", StatusCode: 500, Type: "SearchUnavailable", Message: "m", Attempts: 5}),
			"The SPS search backend is unavailable", "Could not read x: SPS answered 500 SearchUnavailable: the appliance's " +
				"search backend (its session database) did not answer in 5 attempts. The REST API itself works; the search " +
				"service may be starting, busy re-indexing or down. Retry later, and if it persists ask an SPS admin to check " +
				"the appliance's search and indexer services.\n\nDetails: CSV page 2: SPS API GET /api/audit/sessions: 500 " +
				"SearchUnavailable: m"},
		{"earlier commit running", WriteOp(AreaSettingsPolicy, "create x"), fmt.Errorf("create x: not started: %w", sps.ErrEarlierCommitRunning),
			"An earlier SPS commit is still running", "Run Terraform again once SPS has finished committing.\n\nDetails: create x: " +
				"not started: an earlier SPS commit of this provider is still running (or its state cannot be read); no new " +
				"transaction is opened until it ends"},
		{"leftover transaction", WriteOp(AreaSettingsPolicy, "create x"), fmt.Errorf("create x: not started: %w",
			&sps.LeftoverTransactionError{Err: errors.New("EOF")}),
			"An earlier SPS transaction could not be rolled back", "so none is opened. Check that SPS is reachable and run " +
				"Terraform again (the leftover transaction also ends when its login session times out).\n\nDetails: create x: " +
				"not started: an earlier SPS transaction of this provider failed and could not be rolled back, twice; opening " +
				"a new one could commit its leftover writes, so none is opened: EOF"},
		{"client not built", Operation{Area: AreaProvider, Verb: "create the SPS API client"}, errors.New("bad CA"),
			"Unable to create the SPS API client", "The provider settings were accepted but the client could not be built.\n\nDetails: bad CA"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			summary, detail := DescribeClientError(tc.op, tc.err)
			if summary != tc.wantSummary || !strings.Contains(detail, tc.wantDetail) {
				t.Errorf("got %q / %q; want summary %q with detail containing %q", summary, detail, tc.wantSummary, tc.wantDetail)
			}
		})
	}
}

// A refused audit parameter is shown on the attribute behind it, and on
// none when SPS does not say which parameter it was.
func TestAuditErrorPaths(t *testing.T) {
	t.Parallel()
	refused := func(typ, param string) *sps.Error {
		e := &sps.Error{Method: http.MethodGet, Path: "/api/audit/sessions", StatusCode: http.StatusBadRequest, Type: typ, Message: "bad"}
		if param != "" {
			e.Details = map[string]any{"parameter": param}
		}
		return e
	}
	op := ReadOp(AreaAuditSessions, "the session database").WithAttrs("query", "content", "start", "end", "sort")
	events := ReadOp(AreaAuditSession, "the events of session s")
	events.QueryAttr = "events_query"
	for _, tc := range []struct {
		op   Operation
		err  *sps.Error
		want string // attribute, "" for no path
	}{
		{op, refused("InvalidQuery", "q"), "query"},
		{op, refused("InvalidQuery", "sort"), "sort"},
		{op, refused("InvalidQuery", "content"), "content"},
		{op, refused("InvalidQuery", "start"), "start"},
		{op, refused("InvalidQuery", "end"), "end"},
		{op, refused("InvalidQueryValue", "sub_fields"), ""}, // not an attribute of this data source
		{op, refused("InvalidQuery", ""), ""},
		{events, refused("InvalidQuery", "q"), "events_query"},
	} {
		t.Run(tc.err.Type+" "+tc.err.Parameter(), func(t *testing.T) {
			var diags diag.Diagnostics
			AddClientError(&diags, tc.op, tc.err)
			if len(diags) != 1 || !diags.HasError() {
				t.Fatalf("%v: diags %v", tc.err, diags)
			}
			got := ""
			if d, ok := diags[0].(diag.DiagnosticWithPath); ok {
				got = d.Path().String()
			}
			if got != tc.want {
				t.Errorf("%v (parameter %q): path %q, want %q", tc.err, tc.err.Parameter(), got, tc.want)
			}
		})
	}
}

// A DELETE SPS refuses is worded as a refused deletion, not as a refused
// request body (a DELETE has none).
func TestDescribeClientErrorDelete(t *testing.T) {
	t.Parallel()
	err := &sps.Error{Method: http.MethodDelete, Path: "/api/configuration/vnc/settings_policies/7", StatusCode: http.StatusBadRequest,
		Type: "SemanticError", Message: "the policy is in use by connection policy ssh-main"}
	summary, detail := DescribeClientError(DeleteOp(AreaSettingsPolicy, `VNC settings policy "x" (key 7)`), err)
	if summary != "SPS refused the deletion" || strings.Contains(detail, "request body") ||
		!strings.Contains(detail, `delete VNC settings policy "x" (key 7)`) || !strings.Contains(detail, "in use by connection policy") {
		t.Errorf("summary %q, detail %q", summary, detail)
	}
}

// The diagnostic of an unknown commit outcome says which of the two cases
// it is: SPS still committing after about 4×request_timeout, or the
// transaction's status unreadable.
func TestDescribeCommitOutcomeUnknown(t *testing.T) {
	t.Parallel()
	op := WriteOp(AreaSettingsPolicy, `create VNC settings policy "x"`)
	slow := fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{Waited: 8 * time.Second, Cause: errors.New("timeout")})
	summary, detail := DescribeClientError(op, slow)
	if summary != "SPS commit outcome unknown" || !strings.Contains(detail, "about four times request_timeout") ||
		strings.Contains(detail, "could not read") {
		t.Errorf("still committing: %q / %q", summary, detail)
	}
	unread := fmt.Errorf("creating: %w", &sps.CommitOutcomeUnknownError{StatusErr: errors.New("500 boom"), Cause: errors.New("EOF")})
	summary, detail = DescribeClientError(op, unread)
	if summary != "SPS commit outcome unknown" || !strings.Contains(detail, "could not read the transaction's status") ||
		strings.Contains(detail, "still committing") || !strings.Contains(detail, "500 boom") {
		t.Errorf("status unreadable: %q / %q", summary, detail)
	}
}
