package provider

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Helpers shared by the data sources.

// Constructors of read-only data source attributes. Most of what the data
// sources return is computed-only, so these keep their schemas down to the
// names and descriptions.

func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func computedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
}

func computedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
}

// computedObject is a computed nested object with the given attributes.
func computedObject(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: attrs}
}

// computedList is a computed list of nested objects with the given
// attributes.
func computedList(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

// mapAll converts every element of in with f. The result is never nil, so
// an empty answer from SPS becomes an empty list in state, not null.
func mapAll[T, M any](in []T, f func(T) M) []M {
	out := make([]M, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}

// withSessionFilter adds the session filter attributes (query, content,
// start, end) that the session search and statistics share, with their
// validators, to attrs. contentNote is appended to the content description
// for what the endpoint does differently with content search.
func withSessionFilter(attrs map[string]schema.Attribute, contentNote string) map[string]schema.Attribute {
	out := map[string]schema.Attribute{
		"query": schema.StringAttribute{MarkdownDescription: descAuditQuery, Optional: true},
		"content": schema.StringAttribute{
			MarkdownDescription: descAuditContent + contentNote,
			Optional:            true,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1), contentValidator()},
		},
		"start": schema.StringAttribute{MarkdownDescription: descAuditStart, Optional: true, Validators: []validator.String{isoDateValidator()}},
		"end":   schema.StringAttribute{MarkdownDescription: descAuditEnd, Optional: true, Validators: []validator.String{isoDateValidator()}},
	}
	maps.Copy(out, attrs)
	return out
}
