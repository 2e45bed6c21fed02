package timepolicy

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps/catalog"
)

const (
	descKey = "The SPS key of the time policy, as `key` in the REST API and `id` in state: a negative number for " +
		"the built-in policies (`-100` for `7x24` on the mock), an SPS-assigned string for the others."
	descID = "The SPS key of the time policy."
)

var dayNames = map[string]string{"Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
	"Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}

// field is the catalog's documentation of a body field, with its rules
// in words: descriptions quote the reference, never restate it.
func field(p string) catalog.Field {
	f, ok := family.Field(p)
	if !ok {
		panic("timepolicy: the catalog does not document " + p)
	}
	return f
}

// withRules is a field's documentation followed by its rules in words.
func withRules(doc string, f catalog.Field) string {
	if len(f.Rules) == 0 {
		return doc
	}
	return doc + " Documented rule: " + strings.Join(f.Rules, "; ") + "."
}

// descName is the catalog's documentation of name, which states its rule.
func descName() string { return field("name").Doc }

func descDay(day string) string {
	return dayNames[day] + " (`" + day + "` in the REST API): " + field(day).Doc
}

func descEnd(which string) string {
	return withRules("The "+which+" of the interval.", field("Mon[][]"))
}

func resourceSchema() schema.Schema {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: descKey,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{MarkdownDescription: descName(), Required: true},
	}
	empty := types.ListValueMust(intervalType, []attr.Value{})
	for _, d := range days {
		attrs[attrOf(d)] = schema.ListNestedAttribute{
			MarkdownDescription: descDay(d) + " Leaving it out is the empty list.",
			Optional:            true,
			Computed:            true,
			Default:             listdefault.StaticValue(empty),
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"start": schema.StringAttribute{MarkdownDescription: descEnd("start"), Required: true},
				"end":   schema.StringAttribute{MarkdownDescription: descEnd("end"), Required: true},
			}},
		}
	}
	return schema.Schema{
		MarkdownDescription: "A time policy: the days and hours in which users may access the connections whose " +
			"channel policies use it (`policies/time_policies`). Every attribute, `name` included, is changed in place; " +
			"values are checked at plan time against the rules of SPS's REST API reference.\n\n" +
			"Built-in time policies (negative keys, such as `7x24`) can be imported and changed, but SPS does not " +
			"delete them: destroying one removes it from Terraform state only and shows a warning.\n\n" +
			"Fields SPS holds beyond this schema are kept by every change.\n\n" +
			"**A name that is taken.** SPS refuses a second time policy of the same name; the error names the existing " +
			"policy's key and shows how to import it. " + framework.DescCommitOutcomeGuide,
		Attributes: attrs,
	}
}
