package options

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Delete never talks to SPS (the resource has no client here, so any call
// would panic) and says so with a warning.
func TestVNCOptionsDeleteOnlyWarns(t *testing.T) {
	t.Parallel()
	r := resourceFor(t, "vnc")
	var schemaResp resource.SchemaResponse
	r.Schema(context.Background(), resource.SchemaRequest{}, &schemaResp)
	schemaType := schemaResp.Schema.Type().TerraformType(context.Background())
	resp := &resource.DeleteResponse{State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaType, nil)}}
	req := resource.DeleteRequest{State: tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaType, nil)}}

	r.Delete(context.Background(), req, resp)

	if resp.Diagnostics.HasError() {
		t.Fatalf("Delete returned errors: %v", resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("want exactly one warning, got %v", resp.Diagnostics)
	}
	w := warnings[0]
	if w.Severity() != diag.SeverityWarning || !strings.Contains(w.Detail(), "left as they") {
		t.Errorf("warning does not say the options were left alone: %q / %q", w.Summary(), w.Detail())
	}
}

// resourceFor is the resource of one protocol of the table.
func resourceFor(t *testing.T, name string) resource.Resource {
	t.Helper()
	for i, p := range protocols {
		if p.name == name {
			return servedProtocols[i].resource()
		}
	}
	t.Fatalf("no protocol %q in the table", name)
	return nil
}
