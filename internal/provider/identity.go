package provider

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

func keyIdentitySchema(description string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"key": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       description,
			},
		},
	}
}

// setKeyIdentity stores key as the resource identity. The response
// identity is nil only when the framework talks to a client without
// identity support, which needs nothing stored.
func setKeyIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, key string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, keyIdentityModel{Key: types.StringValue(key)})
}

// importKey returns the key to import: the import ID (`terraform import`,
// `import { id = ... }`) or the identity's key (`import { identity = ... }`).
func importKey(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var key types.String
	diags.Append(req.Identity.GetAttribute(ctx, path.Root("key"), &key)...)
	return key.ValueString()
}

// importByKey writes the key to the id attribute and the identity; the Read
// that follows the import fills in everything else.
func importByKey(ctx context.Context, key string, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), key)...)
	resp.Diagnostics.Append(setKeyIdentity(ctx, resp.Identity, key)...)
}

// missingImportKey is the error for an import with neither an ID nor an
// identity key.
func missingImportKey(diags *diag.Diagnostics, example string) {
	diags.AddError("Missing import ID",
		fmt.Sprintf("Import by the SPS key, either as the import ID or as identity = { key = ... }, for example: %s", example))
}
