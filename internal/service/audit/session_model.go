package audit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// How a recorded session looks in Terraform is the table of
// session_table.go; sps_audit_sessions (one element per session) and
// sps_audit_session (the attributes at top level) both use it.
// sps_audit_session builds framework values from it; the up to 10000
// sessions of sps_audit_sessions are encoded without framework values at
// all (sessions_encode.go), and TestSessionEncoderMatchesFramework keeps
// the two conversions identical.

// decodeSessionList turns an encoded sessions list (encodeSessionList)
// into the framework's value of the sessions attribute. It is the path of
// a Read that does not run behind the provider's protocol server.
func decodeSessionList(ctx context.Context, list []byte, diags *diag.Diagnostics) types.List {
	listType := types.ListType{ElemType: auditSessionElemType}
	raw, err := (&tfprotov6.DynamicValue{MsgPack: list}).Unmarshal(listType.TerraformType(ctx))
	if err != nil {
		diags.AddError("Unable to decode the sessions", err.Error()+". This is a bug in the provider; please report it.")
		return types.ListNull(auditSessionElemType)
	}
	v, err := listType.ValueFromTerraform(ctx, raw)
	if err != nil {
		diags.AddError("Unable to decode the sessions", err.Error()+". This is a bug in the provider; please report it.")
		return types.ListNull(auditSessionElemType)
	}
	l, ok := v.(types.List)
	if !ok {
		diags.AddError("Unable to decode the sessions", fmt.Sprintf("got %T. This is a bug in the provider; please report it.", v))
		return types.ListNull(auditSessionElemType)
	}
	return l
}
