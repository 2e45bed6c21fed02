package timepolicy

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"
	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

const tfType = "sps_time_policy"

// area is the client's area of the time policies: named, so a taken name
// is refused as such and a create whose answer was lost is found again.
var area = &sps.Area{Path: "policies/time_policies", Noun: "time policy", Named: true}

// family is the catalog's entry for the time policies: every rule the
// resource checks and every rule its descriptions quote.
var family = func() *catalog.Family {
	f, ok := catalog.Lookup(area.Path)
	if !ok {
		panic("timepolicy: the catalog has no family at " + area.Path)
	}
	return f
}()

// timePolicies is the one definition: resource, list resource, identity
// and import come from it; the data source reads through it.
var timePolicies = &framework.Keyed[timePolicyModel]{
	TypeSuffix:     "_time_policy",
	Noun:           "time policy",
	Plural:         func(*sps.Area) string { return "time policies" },
	Diag:           diagnostics.ConfigArea(tfType, area),
	ListDiag:       diagnostics.ConfigArea(tfType+" list", area),
	Schema:         resourceSchema(),
	IdentitySchema: framework.KeyIdentitySchema(descKey),
	ListSchema: &listschema.Schema{
		MarkdownDescription: "Lists the time policies of the appliance, built-in ones included (such as `7x24`, shown as `7x24" +
			framework.BuiltinMark + "`). Each result has the policy's identity (`key`) and its name as display name.",
		Attributes: framework.NameFilter("time policies", nil),
	},
	Area: framework.FixedArea[timePolicyModel](area),
	Fields: func(ctx context.Context, in framework.WriteInput[timePolicyModel]) (map[string]any, []byte, diag.Diagnostics) {
		body, diags := in.Plan.body(ctx)
		return body, nil, diags
	},
	Model: func(_ context.Context, in framework.ModelInput[timePolicyModel]) (timePolicyModel, diag.Diagnostics) {
		return modelOf(in.Object)
	},
	Key:            func(m *timePolicyModel) string { return m.ID.ValueString() },
	Name:           func(m *timePolicyModel) string { return m.Name.ValueString() },
	ImportExample:  "terraform import sps_time_policy.office <key>",
	ValidateConfig: validateConfig,
}

// NewResource, NewListResource and NewDataSource are the constructors the
// provider registers.
func NewResource() resource.Resource     { return framework.NewKeyedResource(timePolicies)() }
func NewListResource() list.ListResource { return framework.NewKeyedList(timePolicies)() }
func NewDataSource() datasource.DataSource {
	return &dataSource{framework.DataSourceBase{TypeSuffix: "_time_policy"}}
}
