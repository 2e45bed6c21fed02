package framework

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): the data that
// names one object on the appliance, kept in state beside the attributes so
// `import { identity = {...} }` blocks, `terraform query` and list results
// can refer to a resource without the provider-specific import ID string.
// The resources identify their objects by the SPS key: these helpers build
// that identity's schema, set it, and import by it.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// keyIdentityModel is the identity of both resources: the object's SPS key.
type keyIdentityModel struct {
	Key types.String `tfsdk:"key"`
}

func KeyIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"key": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       description,
			},
		},
	}
}

// SetKeyIdentity stores key as the resource identity. The response
// identity is nil only when the framework talks to a client without
// identity support, which needs nothing stored.
func SetKeyIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, key string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, keyIdentityModel{Key: types.StringValue(key)})
}

// ImportKey returns the key to import: the import ID (`terraform import`,
// `import { id = ... }`) or the identity's key (`import { identity = ... }`).
func ImportKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var key types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("key"), &key)...)
	return key.ValueString()
}

// ImportByKey writes the key to the id attribute and the identity; the Read
// that follows the import fills in everything else.
func ImportByKey(ctx context.Context, key string, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), key)...)
	resp.Diagnostics.Append(SetKeyIdentity(ctx, resp.Identity, key)...)
}

// MissingImportKey is the error for an import with neither an ID nor an
// identity key.
func MissingImportKey(diags *diag.Diagnostics, example string) {
	diags.AddError("Missing import ID",
		fmt.Sprintf("Import by the SPS key, either as the import ID or as identity = { key = ... }, for example: %s", example))
}
