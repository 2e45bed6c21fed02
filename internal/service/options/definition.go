package options

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// definition is the one definition of a protocol's options on the
// provider's singleton machinery. The options cannot be created or deleted
// on SPS, only changed: Create adopts them and Delete forgets them.
func definition[M any, P model[M]](p protocol) *framework.Singleton[M] {
	area := p.area
	if area == nil {
		area = &sps.Area{Path: p.name + "/options", Noun: p.title + " options"}
	}
	switches := p.switchNames()
	tf := "sps_" + p.name + "_options"
	return &framework.Singleton[M]{
		TypeSuffix:      "_" + p.name + "_options",
		Noun:            "the " + p.title + " options",
		Diag:            diagnostics.ConfigArea(tf, area),
		ListDiag:        diagnostics.ConfigArea(tf+" list", area),
		Schema:          resourceSchema(p),
		IdentitySchema:  framework.KeyIdentitySchema("Always `" + optionsKey + "`: the " + p.title + " options are one object per appliance."),
		ListSchema:      listSchema(p),
		ListDisplayName: p.title + " options",
		Area:            framework.FixedArea[M](area),
		Edit: func(ctx context.Context, c *sps.Client, in framework.WriteInput[M]) (sps.Edit, []byte, error) {
			edit, err := optionsEdit(ctx, c, area, p.title, toSettings[M, P](in.Plan), switches)
			return edit, nil, err
		},
		Model: func(_ context.Context, in framework.ModelInput[M]) (M, diag.Diagnostics) {
			var m M
			s, err := settingsOf(in.Object.Fields, p.title, switches)
			if err != nil {
				var diags diag.Diagnostics
				diags.AddError("Unexpected "+p.title+" options from SPS", err.Error())
				return m, diags
			}
			fill[M, P](&m, s, managedBy[M, P](in.Base))
			return m, nil
		},
		SetIdentity: func(ctx context.Context, identity *tfsdk.ResourceIdentity, _ *M) diag.Diagnostics {
			return framework.SetKeyIdentity(ctx, identity, optionsKey)
		},
		Import:    importOptions(p),
		Unsettled: "the next refresh (terraform plan or apply) reads the options SPS has.",
		Kept: func(diags *diag.Diagnostics, _ *M) {
			diags.AddWarning(p.title+" options left unchanged on SPS",
				tf+" was removed from Terraform state only. The "+p.title+" options on the appliance were "+
					"left as they are: resetting them (for example disabling "+p.title+") would cut live "+p.title+
					" connections. Change service.enabled explicitly if that is what you want.")
		},
	}
}

func (p protocol) switchNames() []string {
	out := make([]string, len(p.switches))
	for i, sw := range p.switches {
		out[i] = sw.name
	}
	return out
}

// optionsEdit writes s into the options SPS holds, changing only the
// fields the model has, inside the transaction, so settings the provider
// does not know survive verbatim. Timestamping on a body without an audit
// section fails before anything is written: decided on the read session,
// so the request takes no lock.
func optionsEdit(ctx context.Context, c *sps.Client, area *sps.Area, title string, s settings, switches []string) (sps.Edit, error) {
	if s.Timestamping != nil {
		obj, err := c.Settings(area).Get(ctx)
		if err != nil {
			return sps.Edit{}, err
		}
		body, err := obj.Fields()
		if err != nil {
			return sps.Edit{}, fmt.Errorf("decoding the %s options: %w", title, err)
		}
		if shapeOf(body) == shapeLegacy {
			return sps.Edit{}, timestampingUnsupported{title}
		}
	}
	return sps.Edit{
		Apply:  func(current map[string]any) (map[string]any, error) { return merge(current, s, title) },
		Landed: func(got map[string]any) bool { return landed(got, s, switches) },
	}, nil
}

// importOptions accepts only "options", the fixed key of the singleton, as
// the import ID or as the identity's key.
func importOptions(p protocol) func(context.Context, resource.ImportStateRequest, *resource.ImportStateResponse) {
	return func(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
		key := framework.ImportKey(ctx, req, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if key != optionsKey {
			tf := "sps_" + p.name + "_options"
			resp.Diagnostics.AddError("Invalid import ID for "+tf,
				fmt.Sprintf("The %s options are a single object with the fixed ID %q, got %q. Use: terraform import %s.this %s, "+
					"or identity = { key = %q } in an import block",
					p.title, optionsKey, key, tf, optionsKey, optionsKey))
			return
		}
		framework.ImportByKey(ctx, key, resp)
	}
}
