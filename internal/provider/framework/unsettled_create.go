package framework

// A create whose change is on SPS (committed, not read back) or may be
// (commit outcome unknown) answers success with a warning, not an error
// with the object. Terraform 1.16 mishandles the error-with-object answer
// to a create: it stores the object with no status (neither ready nor
// tainted) in its working state and marks it tainted only after the
// create-time provisioners; any state write in that window, such as
// another resource of the same apply finishing, panics while serializing
// the state ("has status ObjectStatus(0), which cannot be saved in
// state"), and the state file loses every object of that apply. Earlier
// Terraform versions and OpenTofu mark the object tainted first. Success
// with a warning is handled the same way by every CLI: the key is
// recorded (not tainted, so a policy that landed is not replaced), and
// the next refresh settles the outcome.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// DescCommitOutcomeGuide ends the resources' paragraph on interrupted
// applies: the guide holds the case-by-case table and the Terraform 1.16
// defect, so the resource pages do not repeat them.
const DescCommitOutcomeGuide = "Each case, and why a create warns instead of failing (Terraform 1.16.0 to 1.16.4 " +
	"crash on a create that fails with an object to record), is in the guide [Troubleshooting: unknown commit " +
	"outcomes and Terraform 1.16](../guides/troubleshooting-commit-outcomes.md)."

// privateUnsettledCreate is the private state key that marks a resource
// whose create commit had an unknown outcome; Read settles it.
const privateUnsettledCreate = "unsettled_create"

// privateStateWriter is the framework's private state of a response
// (resp.Private of Create and Read).
type privateStateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// privateStateReader is the framework's private state of a request.
type privateStateReader interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// AddUnsettledCreate reports a create whose change is or may be on SPS as
// a warning and, when the outcome is unknown, marks it in private state.
// a is the resource's area; what names the object ("VNC settings policy \"x\""); settle says what
// the next refresh does about it.
func AddUnsettledCreate(ctx context.Context, diags *diag.Diagnostics, private privateStateWriter, a diagnostics.Area, what, settle string, err error) {
	summary, _ := diagnostics.DescribeClientError(diagnostics.WriteOp(a, "create "+what), err)
	var detail string
	if sps.IsCommitOutcomeUnknown(err) {
		detail = "The provider sent the commit that creates " + what + ", but cannot tell whether it landed: " +
			"SPS was still committing when the provider stopped waiting (after about four times request_timeout, " +
			diagnostics.EnvRequestTimeout + "), or the transaction's status could not be read. Nothing was sent twice. " +
			"Terraform records it as planned (a policy with the key SPS assigned); " + settle + " Run terraform apply again once SPS " +
			"has finished."
		if private != nil {
			diags.Append(private.SetKey(ctx, privateUnsettledCreate, []byte(`"unknown"`))...)
		}
	} else {
		detail = "SPS committed the change that creates " + what + ", but reading it back failed. Terraform " +
			"records what the provider wrote; the next refresh (terraform plan or apply) reads what SPS has."
	}
	diags.AddWarning(summary, diagnostics.Printable(detail+" This is a warning rather than an error because Terraform 1.16 crashes "+
		"when a create fails with an object to record (see the troubleshooting guide)."+diagnostics.ClientDetails(err)))
}

// SettleUnsettledCreate is called by Read when the object was not found:
// if its create's outcome was unknown, it tells the user the commit did
// not land (Read drops the object, and the plan creates it). found clears
// the mark once the object is on SPS.
func SettleUnsettledCreate(ctx context.Context, diags *diag.Diagnostics, req privateStateReader, resp privateStateWriter, what string, found bool) {
	mark, d := req.GetKey(ctx, privateUnsettledCreate)
	diags.Append(d...)
	if len(mark) == 0 {
		return
	}
	if found {
		tflog.Info(ctx, "the create whose commit outcome was unknown landed", map[string]any{"object": what})
		diags.Append(resp.SetKey(ctx, privateUnsettledCreate, nil)...)
		return
	}
	diags.AddWarning("Earlier create did not land on SPS",
		"The commit that was to create "+what+" had an unknown outcome, and SPS does not have it, so the commit "+
			"did not land (if SPS may still be committing it, wait until it has finished before you apply). It is "+
			"removed from Terraform state, and the plan creates it again.")
}
