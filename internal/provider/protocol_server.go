package provider

import (
	"context"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/terraform-sps/terraform-provider-sps/internal/service/audit"
)

// NewProtocol6Server serves p over plugin protocol 6 with the framework,
// and passes the sessions of sps_audit_sessions through encoded (see
// internal/service/audit/sessions_fast_path.go): the data source's Read
// leaves the sessions attribute null in the state the framework builds and
// hands the encoded list over in the request's context; ReadDataSource then
// puts it in place. Everything else (configuration, validation, diagnostics, the
// other attributes) stays with the framework. Without this wrapper, Read
// sets the sessions through the framework, which is correct but slower.
func NewProtocol6Server(p provider.Provider) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		s := providerserver.NewProtocol6(p)()
		fw, ok := s.(frameworkServer)
		if !ok {
			// A framework without the optional servers below: wrapping
			// would hide what it does serve, so serve it as it is.
			return s, nil
		}
		return &protocolServer{frameworkServer: fw}, nil
	}
}

// frameworkServer is what the framework's protocol 6 server implements:
// the provider server, and the optional servers that tf6server finds by
// type assertion (list resources for `terraform query`, actions, state
// stores). The wrapper must keep all of them visible, or Terraform would
// see a provider without list resources.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type protocolServer struct {
	frameworkServer
	// fastPathReads counts the reads whose sessions were spliced in here,
	// so a test notices when the fast path silently stops being taken.
	fastPathReads atomic.Int64
}

func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req == nil || req.TypeName != audit.SessionsTypeName {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	ctx, sink := audit.WithEncodedSessions(ctx)
	resp, err := s.frameworkServer.ReadDataSource(ctx, req)
	if err != nil {
		return resp, err
	}
	if resp == nil || resp.State == nil || !sink.Encoded() || hasErrorDiag(resp.Diagnostics) {
		return resp, nil
	}
	state, diag := spliceSessions(resp.State.MsgPack, sink)
	if diag != nil {
		resp.Diagnostics = append(resp.Diagnostics, diag)
		return resp, nil
	}
	resp.State.MsgPack = state
	s.fastPathReads.Add(1)
	return resp, nil
}

// spliceSessions puts the encoded sessions into the state; a failure is
// reported as a diagnostic, like every other failure of a read.
func spliceSessions(state []byte, sink *audit.EncodedSessions) ([]byte, *tfprotov6.Diagnostic) {
	out, err := sink.SpliceInto(state)
	if err != nil {
		return nil, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Unable to encode the sessions",
			Detail:   "Setting the sessions in the state failed: " + err.Error() + ". This is a bug in the provider; please report it.",
		}
	}
	return out, nil
}

func hasErrorDiag(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}
